package dev.justpg.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.core.AdvisoryLock;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler's single runner, retention applied to a store, and the traps of the tools. */
@PostgresTest
class SchedulerAndTrapsTest {

    private static TestDatabase db;
    @TempDir
    static Path dir;

    @BeforeAll
    static void seed(TestDatabase database) {
        db = database;
        db.execute("CREATE TABLE t (id serial PRIMARY KEY, v text)", "INSERT INTO t (v) SELECT 'v' || g FROM generate_series(1, 50) g");
    }

    @AfterAll
    static void drop() {
        db.server().dropDatabase("st_trigger");
        db.server().dropDatabase("st_trigger_serial");
    }

    @Test
    void onlyOneJvmRunsASlotAndRetentionKeepsWhatThePolicySays() throws Exception {
        Backups backups = Fixture.backups(db, dir.resolve("sched"));
        List<String> events = new CopyOnWriteArrayList<>();
        ScheduledExecutorService ses = Executors.newSingleThreadScheduledExecutor();
        try (BackupScheduler s = BackupScheduler.builder(backups).dailyAt(LocalTime.of(3, 0), ZoneOffset.UTC).verifyOn(DayOfWeek.values())
                .options(DumpOptions.builder().globals(GlobalsMode.NONE).build()).retention(RetentionPolicy.builder().keepAtLeast(2).build())
                .executor(ses).outcome(new BackupScheduler.Outcome() {
                    @Override
                    public void succeeded(Backup backup) {
                        events.add("ok " + backup.manifest().isVerified());
                    }

                    @Override
                    public void skipped() {
                        events.add("skipped");
                    }
                }).start()) {
            // another JVM holds the lock: this one skips
            try (Connection other = Fixture.connect(Fixture.endpoint(db))) {
                var held = AdvisoryLock.of("justpg-backup:" + db.name()).tryLockSession(other).orElseThrow();
                assertThat(s.runNow()).isEmpty();
                held.close();
            }
            for (int i = 0; i < 3; i++) {
                assertThat(s.runNow()).isPresent();
            }
        } finally {
            ses.shutdownNow();
        }
        assertThat(events).containsExactly("skipped", "ok true", "ok true", "ok true");
        assertThat(backups.list()).hasSize(2).allMatch(b -> b.manifest().isVerified());
    }

    @Test
    void dryRunDeletesNothing() {
        Backups backups = Fixture.backups(db, dir.resolve("dry"));
        DumpOptions o = DumpOptions.builder().globals(GlobalsMode.NONE).build();
        backups.dump(o);
        backups.dump(o);
        RetentionPlan plan = backups.planRetention(RetentionPolicy.builder().build(), ZoneOffset.UTC);
        assertThat(plan.delete()).hasSize(1);
        assertThat(backups.list()).hasSize(2);
        backups.applyRetention(RetentionPolicy.builder().build());
        assertThat(backups.list()).extracting(Backup::id).containsExactly(plan.keptIds().get(0));
    }

    @Test
    void hashPartitionsOnAnEnumAreComparedAtTheRoot() {
        db.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
                "CREATE TABLE feelings (m mood NOT NULL, n int) PARTITION BY HASH (m)",
                "CREATE TABLE feelings_0 PARTITION OF feelings FOR VALUES WITH (MODULUS 2, REMAINDER 0)",
                "CREATE TABLE feelings_1 PARTITION OF feelings FOR VALUES WITH (MODULUS 2, REMAINDER 1)",
                "INSERT INTO feelings SELECT (ARRAY['sad','ok','happy']::mood[])[1 + g % 3], g FROM generate_series(1, 90) g");
        try {
            Backups backups = Fixture.backups(db, dir.resolve("enum"));
            Backup b = backups.verify(backups.dump(DumpOptions.builder().globals(GlobalsMode.NONE).build()));
            assertThat(b.manifest().verification().problems()).isEmpty();
            assertThat(b.manifest().tables()).contains(new Manifest.TableRows("public", "feelings", 90));
        } finally {
            db.execute("DROP TABLE feelings", "DROP TYPE mood");
        }
    }

    @Test
    void eventTriggersAreRestoredLastSoTheyCannotFireDuringTheRestore() {
        db.execute("CREATE TABLE ddl_log (tag text)",
                "CREATE FUNCTION log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO public.ddl_log VALUES (tg_tag); END $$",
                "CREATE EVENT TRIGGER log_ddl ON ddl_command_end EXECUTE FUNCTION log_ddl()",
                "CREATE MATERIALIZED VIEW mv AS SELECT count(*) AS n FROM t");
        try {
            Backups backups = Fixture.backups(db, dir.resolve("evt"));
            Backup b = backups.dump(DumpOptions.builder().globals(GlobalsMode.NONE).build());
            long logged = b.manifest().tables().stream().filter(r -> r.name().equals("ddl_log")).findFirst().orElseThrow().rows();
            backups.restore(b, RestoreOptions.intoNewDatabase("st_trigger").build());
            Endpoint restored = Fixture.endpoint(db).withDatabase("st_trigger");
            assertThat(Fixture.queryOne(restored, "SELECT count(*) FROM ddl_log")).isEqualTo(Long.toString(logged));
            assertThat(Fixture.queryOne(restored, "SELECT evtenabled FROM pg_event_trigger WHERE evtname = 'log_ddl'")).isEqualTo("O");
            assertThat(backups.verify(b).manifest().isVerified()).isTrue();
            // the trap itself: restored in pg_dump's order, the trigger exists before the view is refreshed and logs it
            backups.restore(b, RestoreOptions.intoNewDatabase("st_trigger_serial").deferEventTriggers(false).build());
            assertThat(Fixture.queryOne(Fixture.endpoint(db).withDatabase("st_trigger_serial"), "SELECT count(*) FROM ddl_log"))
                    .isEqualTo(Long.toString(logged + 1));
        } finally {
            db.execute("DROP EVENT TRIGGER log_ddl", "DROP MATERIALIZED VIEW mv", "DROP FUNCTION log_ddl()", "DROP TABLE ddl_log");
        }
    }
}
