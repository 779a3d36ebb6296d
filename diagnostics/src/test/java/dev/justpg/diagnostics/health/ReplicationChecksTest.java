package dev.justpg.diagnostics.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.core.Database;
import dev.justpg.testkit.EmbeddedServer;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Replication checks against a real streaming standby: a primary started for this class (with a
 * failing archive_command) and a standby from its base backup.
 */
@Tag("slow")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ReplicationChecksTest {

    private static EmbeddedServer primary;
    private static Standby standby;
    private static Database primaryDb;
    private static Database standbyDb;
    /** Any lag at all counts, so only an LSN-aware rule stays silent on an idle primary. */
    private static final HealthThresholds STRICT = HealthThresholds.builder().replicationLagBytes(1)
            .replicationLag(Duration.ZERO).build();

    @BeforeAll
    static void start() throws Exception {
        primary = EmbeddedServer.builder().setting("archive_mode", "on").setting("archive_command", "false")
                .setting("wal_level", "replica").start();
        primaryDb = Database.of(primary.adminConnectionInfo().dataSource());
        primaryDb.execute("create table t (id int primary key, v text)");
        standby = new Standby(primary);
        standbyDb = Database.of(standby.connectionInfo().dataSource());
        waitFor("standby streaming", () -> primaryDb.withConnection(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "select count(*) from pg_stat_replication where state = 'streaming'")) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (standby != null) {
                standby.close();
            }
        } finally {
            if (primary != null) {
                primary.close();
            }
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + what + " within 60 s\n" + (standby == null ? "" : standby.logTail()));
    }

    private static HealthReport until(Database db, CheckId id, Predicate<HealthReport> done) throws Exception {
        HealthReport[] last = new HealthReport[1];
        waitFor(id + " condition", () -> {
            last[0] = HealthCheck.builder(db).checks(id).thresholds(STRICT).build().run();
            return done.test(last[0]);
        });
        return last[0];
    }

    private static void exec(Database db, String sql) throws java.sql.SQLException {
        db.<Void, java.sql.SQLException>withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
            return null;
        });
    }

    @Test
    void idlePrimaryIsNotLagThenPausedReplayIsLagOnBothSides() throws Exception {
        exec(primaryDb, "insert into t select g, 'x' from generate_series(1, 1000) g");
        // once the standby has replayed everything and the primary writes nothing, there is no lag,
        // whatever replay_lag still shows
        HealthReport idle = until(primaryDb, CheckId.REPLICATION_LAG, r -> r.findings().isEmpty());
        assertThat(idle.skipped()).isEmpty();
        Thread.sleep(1500);
        assertThat(HealthCheck.builder(primaryDb).checks(CheckId.REPLICATION_LAG).thresholds(STRICT).build().run()
                .findings()).as("idle primary, caught-up standby").isEmpty();

        exec(standbyDb, "select pg_wal_replay_pause()");
        try {
            exec(primaryDb, "insert into t select g, repeat('y', 100) from generate_series(1001, 20000) g");
            HealthReport lag = until(primaryDb, CheckId.REPLICATION_LAG, r -> !r.findings().isEmpty());
            HealthFinding f = lag.findings().get(0);
            assertThat(f.object()).isEqualTo("standby standby1");
            assertThat(f.evidence().get("lag_bytes")).isGreaterThan(100_000);
            HealthReport self = until(standbyDb, CheckId.REPLICATION_LAG, r -> !r.findings().isEmpty());
            assertThat(self.findings().get(0).object()).isEqualTo("this standby");
        } finally {
            exec(standbyDb, "select pg_wal_replay_resume()");
        }
        until(primaryDb, CheckId.REPLICATION_LAG, r -> r.findings().isEmpty());
    }

    @Test
    void inactiveSlot() throws Exception {
        exec(primaryDb, "select pg_create_physical_replication_slot('forgotten', true)");
        try {
            HealthReport r = HealthCheck.builder(primaryDb).checks(CheckId.REPLICATION_SLOT).build().run();
            assertThat(r.findings()).extracting(HealthFinding::object).containsExactly("slot forgotten");
            assertThat(r.findings().get(0).fix().orElseThrow()).isEqualTo("SELECT pg_drop_replication_slot('forgotten');");
        } finally {
            exec(primaryDb, "select pg_drop_replication_slot('forgotten')");
        }
        assertThat(HealthCheck.builder(primaryDb).checks(CheckId.REPLICATION_SLOT).build().run().findings()).isEmpty();
    }

    @Test
    void failingArchiver() throws Exception {
        exec(primaryDb, "select pg_switch_wal()");
        HealthReport r = until(primaryDb, CheckId.WAL_ARCHIVER, x -> !x.findings().isEmpty());
        HealthFinding f = r.findings().get(0);
        assertThat(f.severity()).isEqualTo(dev.justpg.core.Severity.HIGH);
        assertThat(f.evidence().get("failed_count")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void unusedIndexIsNotJudgedOnAStandby() throws Exception {
        HealthReport r = HealthCheck.builder(standbyDb).checks(CheckId.UNUSED_INDEX).build().run();
        assertThat(r.skipped()).extracting(SkippedCheck::check).containsExactly(CheckId.UNUSED_INDEX);
        assertThat(r.skipped().get(0).reason()).contains("standby");
    }

}
