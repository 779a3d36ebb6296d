package dev.justpg.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drill fails, and records why, for every way a backup breaks. */
@PostgresTest
class VerificationTest {

    private static TestDatabase db;
    @TempDir
    static Path dir;

    @BeforeAll
    static void seed(TestDatabase database) {
        db = database;
        db.createRole("vt_reader");
        Fixture.seed(db, "vt_reader");
    }

    private static Backup fresh(String name, Format format) {
        Backups backups = Fixture.backups(db, dir.resolve(name));
        return backups.dump(DumpOptions.builder().format(format).globals(GlobalsMode.NONE).build());
    }

    private static Backup verify(Backup b) {
        Backups backups = Backups.builder(Fixture.endpoint(db)).store(LocalDirectoryStore.of(b.directory().getParent())).build();
        Backup after = backups.verify(b);
        assertThat(scratchDatabases()).isEmpty();
        return after;
    }

    private static List<String> scratchDatabases() {
        String s = Fixture.queryOne(Fixture.endpoint(db), "SELECT string_agg(datname, ',') FROM pg_database WHERE datname LIKE '%\\_verify\\_%'");
        return s == null ? List.of() : List.of(s.split(","));
    }

    @Test
    void catchesATruncatedArchive() throws Exception {
        Backup b = fresh("truncated", Format.CUSTOM);
        Path dump = b.dumpPath();
        try (FileChannel ch = FileChannel.open(dump, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(dump) / 2);
        }
        Manifest.Verification v = verify(b).manifest().verification();
        assertThat(v.passed()).isFalse();
        assertThat(v.problems()).anyMatch(p -> p.contains("truncated"));
        assertThat(Fixture.backups(db, dir.resolve("truncated")).list().get(0).manifest().isVerified()).isFalse();
    }

    @Test
    void catchesACorruptedFileOfTheSameSize() throws Exception {
        Backup b = fresh("corrupt", Format.DIRECTORY);
        Path data = b.manifest().files().stream().map(f -> b.directory().resolve(f.path()))
                .filter(p -> p.getFileName().toString().endsWith(".dat.gz")).findFirst().orElseThrow();
        try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int x = f.read();
            f.seek(f.length() / 2);
            f.write(x ^ 0xFF);
        }
        Manifest.Verification v = verify(b).manifest().verification();
        assertThat(v.passed()).isFalse();
        assertThat(v.problems()).anyMatch(p -> p.contains("SHA-256"));
    }

    @Test
    void catchesADumpMissingATable() {
        Backup b = fresh("missing", Format.CUSTOM);
        // the manifest knows a table the dump does not hold (as when a table was excluded by mistake)
        List<Manifest.TableRows> tables = new ArrayList<>(b.manifest().tables());
        tables.add(new Manifest.TableRows("shop", "invoices", 12));
        Manifest m = b.manifest();
        Manifest lying = new Manifest(m.schemaVersion(), m.id(), m.database(), m.label(), m.format(), m.compression(), m.jobs(), m.arguments(),
                m.toolVersion(), m.serverVersion(), m.startedAt(), m.finishedAt(), m.snapshot(), m.files(), tables, m.sequences(),
                m.databaseSettings(), m.globals(), null);
        Backup edited = LocalDirectoryStore.of(b.directory().getParent()).updateManifest(b, lying);
        Manifest.Verification v = verify(edited).manifest().verification();
        assertThat(v.passed()).isFalse();
        assertThat(v.problems()).containsExactly("table shop.invoices is missing after restore (manifest: 12 rows)");
    }

    @Test
    void failsARestoreThatWouldHaveIgnoredErrors() {
        // objects owned by a role that is gone by restore time: pg_restore without --exit-on-error
        // would print "errors ignored on restore" and exit as if it had worked
        db.execute("DROP ROLE IF EXISTS vt_gone", "CREATE ROLE vt_gone","CREATE TABLE public.owned_by_gone (id int)", "ALTER TABLE public.owned_by_gone OWNER TO vt_gone");
        Backup b;
        try {
            b = fresh("ignored", Format.CUSTOM);
        } finally {
            db.execute("DROP TABLE public.owned_by_gone");
        }
        db.execute("DROP ROLE vt_gone");
        Manifest.Verification v = verify(b).manifest().verification();
        assertThat(v.passed()).isFalse();
        assertThat(v.problems()).anyMatch(p -> p.contains("restore failed") && p.contains("vt_gone"));
    }

    @Test
    void catchesASequenceBehindItsColumn() {
        Backup b = fresh("seqbehind", Format.CUSTOM);
        Manifest m = b.manifest();
        assertThat(verify(b).manifest().isVerified()).isTrue();
        // a sequence set back by hand in the source, as an application might after a bulk load
        db.execute("SELECT setval('shop.customers_id_seq', 5)");
        try {
            Backup behind = fresh("seqbehind2", Format.CUSTOM);
            Manifest.Verification v = verify(behind).manifest().verification();
            assertThat(v.passed()).isFalse();
            assertThat(v.problems()).anyMatch(p -> p.contains("customers_id_seq") && p.contains("already holds 300"));
        } finally {
            db.execute("SELECT setval('shop.customers_id_seq', 300)");
        }
        assertThat(m.sequences()).anyMatch(s -> s.name().equals("customers_id_seq") && s.lastValue() == 300);
    }
}
