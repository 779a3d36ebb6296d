package dev.justpg.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Table of contents, selective restore, parallel directory dump and restore, streaming copy. */
@PostgresTest
class RestoreFeaturesTest {

    private static TestDatabase db;
    private static Map<String, String> original;
    @TempDir
    static Path dir;

    @BeforeAll
    static void seed(TestDatabase database) {
        db = database;
        db.createRole("rf_reader");
        Fixture.seed(db, "rf_reader");
        original = Fixture.fingerprint(Fixture.endpoint(db));
    }

    @AfterAll
    static void drop() {
        for (String n : List.of("rf_one_table", "rf_parallel", "rf_copy", "rf_existing", "rf_plain_bad")) {
            db.server().dropDatabase(n);
        }
    }

    @Test
    void listsTypedEntriesAndRestoresOneTable() {
        Backups backups = Fixture.backups(db, dir.resolve("custom"));
        Backup b = backups.dump(DumpOptions.builder().globals(GlobalsMode.NONE).build());
        List<TocEntry> toc = backups.contents(b);
        assertThat(toc).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("TABLE DATA");
            assertThat(e.schema()).isEqualTo("shop");
            assertThat(e.name()).isEqualTo("orders");
            assertThat(e.owner()).isEqualTo("postgres");
        });
        assertThat(toc).extracting(TocEntry::type).contains("TABLE", "SEQUENCE SET", "FK CONSTRAINT", "INDEX", "VIEW", "FUNCTION", "ACL");

        Fixture.sql(Fixture.endpoint(db).withDatabase("postgres"), "CREATE DATABASE rf_one_table");
        Fixture.sql(Fixture.endpoint(db).withDatabase("rf_one_table"), "CREATE SCHEMA shop");
        RestoreResult r = backups.restore(b, RestoreOptions.intoExistingDatabase("rf_one_table").table("shop.customers").build());
        assertThat(r.entries()).isGreaterThanOrEqualTo(3);
        Endpoint one = Fixture.endpoint(db).withDatabase("rf_one_table");
        assertThat(Fixture.queryOne(one, "SELECT count(*) FROM shop.customers")).isEqualTo("300");
        assertThat(Fixture.queryOne(one, "SELECT count(*) FROM pg_tables WHERE schemaname = 'shop'")).isEqualTo("1");
        // the serial default and the primary key came with the table
        assertThat(Fixture.queryOne(one, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'shop.customers'::regclass AND contype = 'p'")).isEqualTo("1");
    }

    @Test
    void parallelDirectoryDumpAndRestore() {
        Backups backups = Fixture.backups(db, dir.resolve("dir"));
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();
        Backups listening = Backups.builder(Fixture.endpoint(db)).store(backups.store()).listener(events::add).build();
        Backup b = listening.dump(DumpOptions.builder().format(Format.DIRECTORY).jobs(2).compression(Compression.gzip(1)).build());
        assertThat(b.manifest().jobs()).isEqualTo(2);
        assertThat(events).anyMatch(e -> e.phase() == ProgressEvent.Phase.LIBRARY && e.line().startsWith("counted the rows of 3 tables"))
                .anyMatch(e -> e.phase() == ProgressEvent.Phase.LIBRARY && e.line().startsWith("SHA-256 of "));
        assertThat(events).anySatisfy(e -> {
            assertThat(e.phase()).isEqualTo(ProgressEvent.Phase.DATA);
            assertThat(e.object()).isEqualTo("shop.orders");
        });
        listening.restore(b, RestoreOptions.intoNewDatabase("rf_parallel").jobs(2).build());
        assertThat(Fixture.fingerprint(Fixture.endpoint(db).withDatabase("rf_parallel"))).isEqualTo(original);
        assertThat(events).anyMatch(e -> e.tool().equals("pg_restore") && e.phase() == ProgressEvent.Phase.DATA);
    }

    @Test
    void streamsADumpIntoAnotherDatabaseWithoutAFile() {
        Backups backups = Fixture.backups(db, dir.resolve("copy"));
        RestoreResult r = backups.copy(DumpOptions.defaults(), RestoreOptions.intoNewDatabase("rf_copy").build());
        assertThat(r.database()).isEqualTo("rf_copy");
        assertThat(Fixture.fingerprint(Fixture.endpoint(db).withDatabase("rf_copy"))).isEqualTo(original);
        assertThat(backups.list()).isEmpty();
    }

    @Test
    void refusesToRestoreOverAnExistingDatabaseBeforeChangingAnything() {
        Backups backups = Fixture.backups(db, dir.resolve("exists"));
        Backup b = backups.dump(DumpOptions.builder().globals(GlobalsMode.NONE).build());
        assertThatThrownBy(() -> backups.restore(b, RestoreOptions.intoNewDatabase(db.name()).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already exists");
        assertThat(Fixture.fingerprint(Fixture.endpoint(db))).isEqualTo(original);
        assertThatThrownBy(() -> RestoreOptions.intoNewDatabase("x").jobs(2).singleTransaction(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("singleTransaction");
        assertThatThrownBy(() -> DumpOptions.builder().format(Format.CUSTOM).jobs(2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DIRECTORY");
    }

    @Test
    void aCompressedPlainDumpThatFailsToReadCommitsNothing() throws Exception {
        Backups backups = Fixture.backups(db, dir.resolve("plain-bad"));
        Backup b = backups.dump(DumpOptions.builder().format(Format.PLAIN).compression(Compression.gzip(6)).globals(GlobalsMode.NONE).build());
        // every byte of SQL decompresses, then the gzip trailer's CRC does not match: psql must not see a clean end
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(b.dumpPath().toFile(), "rw")) {
            f.seek(f.length() - 8);
            int x = f.read();
            f.seek(f.length() - 8);
            f.write(x ^ 0xFF);
        }
        assertThatThrownBy(() -> backups.restore(b, RestoreOptions.intoNewDatabase("rf_plain_bad").build()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.CORRUPT));
        assertThat(Fixture.queryOne(Fixture.endpoint(db), "SELECT count(*) FROM pg_database WHERE datname = 'rf_plain_bad'")).isEqualTo("0");
    }

    @Test
    void cleanRestoreIntoAnExistingDatabaseReplacesItsContent() {
        Backups backups = Fixture.backups(db, dir.resolve("clean"));
        Backup b = backups.dump(DumpOptions.builder().globals(GlobalsMode.NONE).build());
        backups.restore(b, RestoreOptions.intoNewDatabase("rf_existing").build());
        Endpoint existing = Fixture.endpoint(db).withDatabase("rf_existing");
        Fixture.sql(existing, "DELETE FROM shop.orders WHERE id < 100");
        backups.restore(b, RestoreOptions.intoExistingDatabase("rf_existing").clean(true).build());
        assertThat(Fixture.fingerprint(existing)).isEqualTo(original);
    }
}
