package dev.justpg.backup.pitr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive directory and its two scripts, run as the server would run them. */
class WalArchiveTest {

    @TempDir
    Path tmp;

    @Test
    void archivesOnceAndNeverOverwritesOtherContent() throws Exception {
        WalArchive archive = WalArchive.create(tmp.resolve("archive"));
        Path segment = write("pg_wal/000000010000000000000003", "first content");
        assertThat(runArchive(archive, segment, "000000010000000000000003")).isZero();
        assertThat(archive.contains("000000010000000000000003")).isTrue();
        assertThat(archive.files()).containsExactly(new ArchivedWal("000000010000000000000003", 13, true));

        // a retry of the same file (the server crashed before noting success) is success
        assertThat(runArchive(archive, segment, "000000010000000000000003")).isZero();

        // another server's file under the same name is refused and the archived one kept
        Path other = write("other/000000010000000000000003", "other content");
        assertThat(runArchive(archive, other, "000000010000000000000003")).isEqualTo(1);
        assertThat(Files.readString(archive.walDirectory().resolve("000000010000000000000003")))
                .isEqualTo("first content");
        assertThat(archive.verify()).isEmpty();
        try (var s = Files.list(archive.walDirectory())) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
        }
    }

    @Test
    void restoreChecksTheChecksumAndAbortsRecoveryOnAMismatch() throws Exception {
        WalArchive archive = WalArchive.create(tmp.resolve("archive"));
        Path segment = write("pg_wal/000000010000000000000004", "wal bytes");
        assertThat(runArchive(archive, segment, "000000010000000000000004")).isZero();

        Path into = tmp.resolve("restored");
        assertThat(runRestore(archive, "000000010000000000000004", into)).isZero();
        assertThat(Files.readString(into)).isEqualTo("wal bytes");
        // not archived: exit 1, the normal end of the archive for recovery
        assertThat(runRestore(archive, "000000010000000000000005", tmp.resolve("none"))).isEqualTo(1);

        Files.writeString(archive.walDirectory().resolve("000000010000000000000004"), "flipped bit");
        assertThat(archive.verify()).containsExactly("000000010000000000000004");
        // above 125: the server aborts recovery instead of taking it for the end of WAL
        assertThat(runRestore(archive, "000000010000000000000004", tmp.resolve("bad"))).isEqualTo(126);
        assertThat(tmp.resolve("bad")).doesNotExist();
    }

    @Test
    void cleanupDeletesOnlyWhatLiesBeforeTheOldestKeptBackup() throws Exception {
        WalArchive archive = WalArchive.create(tmp.resolve("archive"));
        List<String> names = List.of("000000010000000000000001", "000000010000000000000002",
                "000000010000000000000002.00000028.backup", "000000010000000000000003", "000000010000000000000004",
                "00000002.history", "000000020000000000000004.partial", "000000020000000000000005");
        for (String n : names) {
            assertThat(runArchive(archive, write("src/" + n, n), n)).isZero();
        }
        WalCleanup plan = archive.planCleanup("000000010000000000000003");
        assertThat(plan.dryRun()).isTrue();
        assertThat(plan.deleted()).containsExactly("000000010000000000000001", "000000010000000000000002",
                "000000010000000000000002.00000028.backup");
        assertThat(archive.files()).hasSize(names.size());

        WalCleanup done = archive.cleanup("000000010000000000000003");
        assertThat(done.deleted()).isEqualTo(plan.deleted());
        assertThat(archive.files()).extracting(ArchivedWal::name).containsExactly("000000010000000000000003",
                "000000010000000000000004", "00000002.history", "000000020000000000000004.partial",
                "000000020000000000000005");
        assertThat(archive.walDirectory().resolve("000000010000000000000001.sha256")).doesNotExist();
        assertThatThrownBy(() -> archive.cleanup("00000002.history")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("startWalFile");
    }

    @Test
    void unsafePathsAndMissingArchivesAreRefusedBeforeWriting() {
        assertThatThrownBy(() -> WalArchive.create(tmp.resolve("it's here")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("characters");
        assertThatThrownBy(() -> WalArchive.create(tmp.resolve("a;rm -rf x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(tmp.resolve("it's here")).doesNotExist();
        assertThatThrownBy(() -> WalArchive.open(tmp.resolve("nothing"))).isInstanceOf(PitrException.class)
                .hasMessageContaining("WalArchive.create");
        WalArchive a = WalArchive.create(tmp.resolve("ok"));
        assertThat(WalArchive.open(tmp.resolve("ok")).root()).isEqualTo(a.root());
        assertThat(a.archiveCommand()).endsWith("justpg-archive-wal' \"%p\" \"%f\"");
        assertThat(a.restoreCommand()).endsWith("justpg-restore-wal' \"%f\" \"%p\"");
    }

    private Path write(String relative, String content) throws IOException {
        Path p = tmp.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static int runArchive(WalArchive a, Path src, String name) throws Exception {
        return sh(a.archiveCommand().replace("%p", src.toString()).replace("%f", name));
    }

    private static int runRestore(WalArchive a, String name, Path dest) throws Exception {
        return sh(a.restoreCommand().replace("%f", name).replace("%p", dest.toString()));
    }

    private static int sh(String command) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the script did not finish: " + command);
        }
        return p.exitValue();
    }
}
