package dev.justpg.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Passwords stay out of the child's argv and environment; missing tools, old tools, timeouts and cancels fail as designed. */
@PostgresTest
class ProcessSafetyTest {

    private static TestDatabase db;
    private static Endpoint endpoint;
    @TempDir
    static Path dir;

    @BeforeAll
    static void seed(TestDatabase database) {
        db = database;
        endpoint = Fixture.endpoint(db);
        db.execute("CREATE TABLE locked (id int)", "INSERT INTO locked SELECT generate_series(1, 10)");
    }

    /** A running tool (not a {@code --version} probe). */
    private static Optional<ProcessHandle> child(String name) {
        return ProcessHandle.current().descendants().filter(p -> p.info().command().map(c -> c.endsWith("/" + name)).orElse(false))
                .filter(p -> cmdline(p).contains("--dbname=")).findFirst();
    }

    private static String cmdline(ProcessHandle p) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static ProcessHandle awaitChild(String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> p = child(name);
            if (p.isPresent()) {
                return p.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError(name + " did not start within 30 s");
    }

    /** Holds ACCESS EXCLUSIVE on the table so that pg_dump waits for it. */
    private static Connection lockTable() throws Exception {
        Connection c = Fixture.connect(endpoint);
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("LOCK TABLE locked IN ACCESS EXCLUSIVE MODE");
        }
        return c;
    }

    private static void assertNothingPublished(Path root) throws Exception {
        assertThat(LocalDirectoryStore.of(root).list()).isEmpty();
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s.map(p -> p.getFileName().toString())).allMatch(n -> n.startsWith("."));
        }
    }

    @Test
    void thePasswordIsNeitherInTheChildsArgvNorInItsEnvironment() throws Exception {
        String password = endpoint.password().orElseThrow();
        Backups backups = Fixture.backups(db, dir.resolve("secret"));
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread runner;
        try (Connection lock = lockTable()) {
            runner = new Thread(() -> {
                try {
                    outcome.set(backups.dump(DumpOptions.builder().globals(GlobalsMode.NONE).build()));
                } catch (RuntimeException e) {
                    outcome.set(e);
                }
            });
            runner.start();
            ProcessHandle pgDump = awaitChild("pg_dump");
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pgDump.pid()), "cmdline"));
            byte[] environ = Files.readAllBytes(Path.of("/proc", Long.toString(pgDump.pid()), "environ"));
            String args = new String(cmdline, StandardCharsets.UTF_8);
            String env = new String(environ, StandardCharsets.UTF_8);
            assertThat(args).contains("pg_dump").contains(endpoint.user()).doesNotContain(password);
            assertThat(env).doesNotContain(password).doesNotContain("PGPASSWORD=").contains("PGPASSFILE=");
            Path passFile = Path.of(Stream.of(env.split("\0")).filter(v -> v.startsWith("PGPASSFILE=")).findFirst().orElseThrow().substring(11));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passFile))).isEqualTo("rw-------");
            lock.rollback();
            runner.join(60_000);
            assertThat(outcome.get()).isInstanceOf(Backup.class);
            assertThat(passFile).doesNotExist();
        }
    }

    @Test
    void aTimeoutKillsTheChildAndLeavesNoBackup() throws Exception {
        Path root = dir.resolve("timeout");
        Backups backups = Backups.builder(endpoint).store(LocalDirectoryStore.of(root)).timeout(Duration.ofSeconds(2)).build();
        try (Connection lock = lockTable()) {
            assertThatThrownBy(() -> backups.dump(DumpOptions.builder().globals(GlobalsMode.NONE).build()))
                    .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT));
            assertThat(child("pg_dump")).isEmpty();
            lock.rollback();
        }
        assertNothingPublished(root);
    }

    @Test
    void interruptingTheCallerKillsTheChildAndLeavesNoBackup() throws Exception {
        Path root = dir.resolve("cancel");
        Backups backups = Fixture.backups(db, root);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        try (Connection lock = lockTable()) {
            Thread runner = new Thread(() -> {
                try {
                    backups.dump(DumpOptions.builder().format(Format.DIRECTORY).globals(GlobalsMode.NONE).build());
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            });
            runner.start();
            ProcessHandle pgDump = awaitChild("pg_dump");
            runner.interrupt();
            runner.join(30_000);
            assertThat(runner.isAlive()).isFalse();
            assertThat(pgDump.isAlive()).isFalse();
            lock.rollback();
        }
        assertThat(failure.get()).isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.CANCELLED));
        assertNothingPublished(root);
    }

    @Test
    void aMissingToolNamesWhatToInstall() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty-bin"));
        Backups backups = Backups.builder(endpoint).store(LocalDirectoryStore.of(dir.resolve("missing"))).toolDirectory(empty).build();
        assertThatThrownBy(() -> backups.dump(DumpOptions.defaults()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TOOL_NOT_FOUND))
                .hasMessageContaining("pg_dump was not found in the configured tool directory " + empty)
                .hasMessageContaining("postgresql-client-15");
        assertNothingPublished(dir.resolve("missing"));
    }

    @Test
    void anOlderToolIsAVersionMismatchNamingTheVersionNeeded() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("old-bin"));
        for (String tool : List.of("pg_dump", "pg_restore", "pg_dumpall", "psql")) {
            Path script = bin.resolve(tool);
            Files.writeString(script, "#!/bin/sh\necho '" + tool + " (PostgreSQL) 12.22'\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Backups backups = Backups.builder(endpoint).store(LocalDirectoryStore.of(dir.resolve("old"))).toolDirectory(bin).build();
        assertThatThrownBy(backups::checkTools)
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.VERSION_MISMATCH))
                .hasMessageContaining("pg_dump 15 or newer is needed").hasMessageContaining("12.22");
        assertThatThrownBy(() -> backups.dump(DumpOptions.defaults()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.VERSION_MISMATCH));
    }

    @Test
    void theRealToolsAreFoundForTheServer() {
        Backups backups = Fixture.backups(db, dir.resolve("found"));
        assertThat(backups.checkTools()).extracting(ClientTool::name).containsExactly("pg_dump", "pg_dumpall", "pg_restore", "psql");
        assertThat(backups.checkTools()).allMatch(t -> t.version().major() == 15);
    }

    @Test
    void aRoleWithoutTheReadPrivilegeIsAPermissionFailure() {
        db.execute("CREATE TABLE secrets (v text)");
        try {
            var weak = db.createRole("ps_weak").connectionInfo();
            Backups backups = Backups.builder(Fixture.endpoint(weak)).store(LocalDirectoryStore.of(dir.resolve("weak"))).build();
            assertThatThrownBy(() -> backups.dump(DumpOptions.builder().globals(GlobalsMode.NONE).build()))
                    .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(FailureKind.PERMISSION))
                    .hasMessageContaining("permission denied for table");
            assertThat(LocalDirectoryStore.of(dir.resolve("weak")).list()).isEmpty();
        } finally {
            db.execute("DROP TABLE secrets");
        }
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailureWithoutThePassword() {
        Endpoint wrong = Endpoint.of(endpoint.host(), endpoint.port(), endpoint.database(), endpoint.user(), "not-the-password");
        Backups backups = Backups.builder(wrong).store(LocalDirectoryStore.of(dir.resolve("auth"))).build();
        assertThatThrownBy(() -> backups.dump(DumpOptions.defaults()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION))
                .message().doesNotContain("not-the-password");
        assertThat(wrong.toString()).doesNotContain("not-the-password");
    }
}
