package dev.justpg.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.testkit.PostgresServer;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Dump and restore in every format: the restored content equals the original, and the drill passes. */
@PostgresTest
class RoundTripTest {

    private static TestDatabase db;
    private static Map<String, String> original;
    @TempDir
    static Path dir;

    @BeforeAll
    static void seed(TestDatabase database) {
        db = database;
        db.createRole("rt_reader");
        Fixture.seed(db, "rt_reader");
        db.execute("ALTER DATABASE " + db.name() + " SET work_mem = '8MB'",
                "ALTER DATABASE " + db.name() + " SET search_path = shop, \"$user\", public",
                "ALTER ROLE rt_reader IN DATABASE " + db.name() + " SET statement_timeout = '5s'",
                "COMMENT ON DATABASE " + db.name() + " IS 'the shop'");
        original = Fixture.fingerprint(Fixture.endpoint(db));
    }

    @AfterAll
    static void dropCopies() {
        PostgresServer server = db.server();
        for (Format f : EnumSet.allOf(Format.class)) {
            server.dropDatabase("rt_" + f.name().toLowerCase());
        }
        server.dropDatabase("rt_plain_gz");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void everyFormatRestoresTheSameContent(Format format) throws Exception {
        Backups backups = Fixture.backups(db, dir.resolve(format.name()));
        Backup b = backups.dump(DumpOptions.builder().format(format).build());

        Manifest m = b.manifest();
        assertThat(m.format()).isEqualTo(format);
        assertThat(m.toolVersion()).startsWith("15.");
        assertThat(m.serverVersion()).startsWith("15");
        assertThat(m.tables()).contains(new Manifest.TableRows("shop", "orders", 2000), new Manifest.TableRows("public", "events", 500));
        assertThat(m.tables()).noneMatch(t -> t.name().startsWith("events_")); // counted at the partitioned root
        assertThat(m.sequences()).anyMatch(s -> s.name().equals("customers_id_seq") && s.ownedBy().equals("shop.customers")).contains(new Manifest.SequenceValue("public", "invoice_no", 1006, true, ""));
        assertThat(m.files()).extracting(Manifest.FileEntry::path).contains("globals.sql");
        assertThat(m.files()).allMatch(f -> f.sha256().matches("[0-9a-f]{64}"));
        assertThat(Files.readString(b.directory().resolve("globals.sql"))).contains("rt_reader").doesNotContain("SCRAM-SHA-256$");
        assertThat(Files.exists(b.directory().resolve(Manifest.FILE_NAME))).isTrue();
        assertThat(m.databaseSettings().comment()).isEqualTo("the shop");

        String target = "rt_" + format.name().toLowerCase();
        RestoreResult r = backups.restore(b, RestoreOptions.intoNewDatabase(target).build());
        assertThat(r.carried()).anyMatch(s -> s.contains("work_mem")).anyMatch(s -> s.contains("COMMENT ON DATABASE"));
        Endpoint restored = Fixture.endpoint(db).withDatabase(target);
        assertThat(Fixture.fingerprint(restored)).isEqualTo(original);
        assertThat(Fixture.queryOne(restored, "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()"))
                .isEqualTo("the shop");
        assertThat(Fixture.queryOne(restored, "SELECT string_agg(array_to_string(setconfig, ','), ';' ORDER BY setrole) FROM pg_db_role_setting s"
                + " JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = current_database()"))
                .contains("work_mem=8MB").contains("search_path=shop, \"$user\", public").contains("statement_timeout=5s");

        Backup verified = backups.verify(b);
        assertThat(verified.manifest().verification().problems()).isEmpty();
        assertThat(verified.manifest().isVerified()).isTrue();
        assertThat(backups.store().find(b.id()).orElseThrow().manifest().isVerified()).isTrue();
    }

    @Test
    void plainGzipRoundTrip() {
        Backups backups = Fixture.backups(db, dir.resolve("plain-gz"));
        Backup b = backups.dump(DumpOptions.builder().format(Format.PLAIN).compression(Compression.gzip(1)).globals(GlobalsMode.NONE).build());
        assertThat(b.dumpPath().getFileName().toString()).isEqualTo("dump.sql.gz");
        backups.restore(b, RestoreOptions.intoNewDatabase("rt_plain_gz").build());
        assertThat(Fixture.fingerprint(Fixture.endpoint(db).withDatabase("rt_plain_gz"))).isEqualTo(original);
    }
}
