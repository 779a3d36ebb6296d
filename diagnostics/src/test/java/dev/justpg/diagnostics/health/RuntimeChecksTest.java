package dev.justpg.diagnostics.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.core.Database;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each runtime check fires on a condition planted for it on a real server. */
@PostgresTest
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RuntimeChecksTest {

    private static TestDatabase database;
    private static Database db;
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "runtime-checks-test");
        t.setDaemon(true);
        return t;
    });
    private static final List<Connection> OPEN = new ArrayList<>();

    @BeforeAll
    static void setUp(TestDatabase d) {
        database = d;
        db = Database.of(d.dataSource());
    }

    @AfterAll
    static void closeSessions() throws Exception {
        for (Connection c : OPEN) {
            c.close();
        }
        POOL.shutdownNow();
        POOL.awaitTermination(30, TimeUnit.SECONDS);
    }

    private static Connection open() throws Exception {
        Connection c = database.dataSource().getConnection();
        synchronized (OPEN) {
            OPEN.add(c);
        }
        return c;
    }

    /** Runs the checks until one finding matches, or fails after 30 s. */
    private static HealthReport until(HealthCheck check, CheckId id, Predicate<HealthFinding> match) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        HealthReport r;
        do {
            r = check.run();
            if (r.findings(id).stream().anyMatch(match)) {
                return r;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no " + id + " finding within 30 s; last report:\n" + r.toText());
    }

    private static HealthCheck only(HealthThresholds t, CheckId... ids) {
        return HealthCheck.builder(db).checks(ids).thresholds(t).build();
    }

    @Test
    void deadTuplesWithAutovacuumOffForTheTable() throws Exception {
        database.execute("create table churn (id int primary key, v int) with (autovacuum_enabled = false)",
                "insert into churn select g, g from generate_series(1, 20000) g", "analyze churn",
                "update churn set v = v + 1");
        HealthReport r = until(only(HealthThresholds.DEFAULTS, CheckId.DEAD_TUPLES), CheckId.DEAD_TUPLES,
                f -> f.object().equals("public.churn"));
        HealthFinding f = r.findings(CheckId.DEAD_TUPLES).get(0);
        assertThat(f.evidence().get("dead_tuples")).isGreaterThanOrEqualTo(20000);
        assertThat(f.evidence().get("autovacuum_trigger")).isEqualTo(50 + 0.2 * 20000);
        assertThat(f.explanation()).contains("autovacuum_enabled = false");
        assertThat(f.fix().orElseThrow()).contains("VACUUM (ANALYZE) \"public\".\"churn\"")
                .contains("RESET (autovacuum_enabled)");
    }

    @Test
    void tableScaleFactorFromReloptionsIsUsed() throws Exception {
        // 20,000 rows, 4,000 dead: under the default trigger (50 + 0.2 x 20,000 = 4,050) but far over this
        // table's own (scale factor 0.01: 250), and twice that is still under 4,000
        database.execute("create table tuned (id int primary key, v int) with (autovacuum_enabled = false,"
                        + " autovacuum_vacuum_scale_factor = 0.01)",
                "insert into tuned select g, g from generate_series(1, 20000) g", "analyze tuned",
                "update tuned set v = v + 1 where id <= 4000");
        HealthReport r = until(only(HealthThresholds.DEFAULTS, CheckId.DEAD_TUPLES), CheckId.DEAD_TUPLES,
                f -> f.object().equals("public.tuned"));
        HealthFinding f = r.findings(CheckId.DEAD_TUPLES).stream().filter(x -> x.object().equals("public.tuned"))
                .findFirst().orElseThrow();
        assertThat(f.evidence().get("autovacuum_trigger")).isEqualTo(50 + 0.01 * 20000);
    }

    @Test
    void idleInTransaction() throws Exception {
        Connection c = open();
        int pid = pid(c);
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("select 'idle-marker'");
        }
        HealthThresholds t = HealthThresholds.builder().idleInTransaction(Duration.ofMillis(500)).build();
        HealthReport r = until(only(t, CheckId.IDLE_IN_TRANSACTION), CheckId.IDLE_IN_TRANSACTION,
                f -> f.object().equals("pid " + pid));
        HealthFinding f = r.findings(CheckId.IDLE_IN_TRANSACTION).stream()
                .filter(x -> x.object().equals("pid " + pid)).findFirst().orElseThrow();
        assertThat(f.explanation()).contains("idle-marker");
        assertThat(f.fix()).contains("SELECT pg_terminate_backend(" + pid + ");");
        c.rollback();
    }

    @Test
    void blockedLockChainNamesTheBlockerAndTheWaiters() throws Exception {
        database.execute("create table locked (id int primary key, v int)", "insert into locked values (1, 0)");
        Connection holder = open();
        int holderPid = pid(holder);
        holder.setAutoCommit(false);
        try (Statement s = holder.createStatement()) {
            s.execute("update locked set v = 1 where id = 1");
        }
        List<Future<?>> waiters = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Connection w = open();
            waiters.add(POOL.submit(() -> {
                try (Statement s = w.createStatement()) {
                    s.execute("set statement_timeout = '60s'");
                    s.execute("update locked set v = v + 10 where id = 1");
                }
                return null;
            }));
        }
        HealthThresholds t = HealthThresholds.builder().lockWait(Duration.ZERO).build();
        HealthReport r = until(only(t, CheckId.BLOCKED_QUERIES), CheckId.BLOCKED_QUERIES,
                f -> f.object().equals("pid " + holderPid) && f.evidence().get("blocked_sessions") == 2);
        HealthFinding f = r.findings(CheckId.BLOCKED_QUERIES).get(0);
        assertThat(f.explanation()).contains("update locked set v = 1 where id = 1")
                .contains("update locked set v = v + 10 where id = 1");
        holder.rollback();
        for (Future<?> w : waiters) {
            w.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void longRunningQuery() throws Exception {
        Connection c = open();
        Statement s = c.createStatement();
        Future<?> sleeping = POOL.submit(() -> s.execute("select pg_sleep(60), 'long-marker'"));
        HealthThresholds t = HealthThresholds.builder().longRunningQuery(Duration.ofMillis(500)).build();
        HealthReport r = until(only(t, CheckId.LONG_RUNNING_QUERY), CheckId.LONG_RUNNING_QUERY,
                f -> f.explanation().contains("long-marker"));
        assertThat(r.findings(CheckId.LONG_RUNNING_QUERY).get(0).fix().orElseThrow()).startsWith("SELECT pg_cancel_backend(");
        s.cancel();
        try {
            sleeping.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException cancelled) {
            // canceling statement due to user request
        }
    }

    @Test
    void slowStatementFromPgStatStatements() throws Exception {
        database.execute("create extension if not exists pg_stat_statements");
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("/* slow-marker */ select pg_sleep(?)")) {
            for (int i = 0; i < 3; i++) {
                ps.setDouble(1, 0.06);
                ps.executeQuery().close();
            }
        }
        HealthThresholds t = HealthThresholds.builder().slowQueryMinCalls(3).slowQueryMean(Duration.ofMillis(40)).build();
        HealthReport r = until(only(t, CheckId.SLOW_QUERY), CheckId.SLOW_QUERY,
                f -> f.explanation().contains("pg_sleep"));
        // PostgreSQL 18 drops the leading comment from the normalized text; the call itself stays
        HealthFinding f = r.findings(CheckId.SLOW_QUERY).stream().filter(x -> x.explanation().contains("pg_sleep"))
                .findFirst().orElseThrow();
        assertThat(f.evidence().get("calls")).isGreaterThanOrEqualTo(3);
        assertThat(f.evidence().get("mean_ms")).isGreaterThanOrEqualTo(55);
        assertThat(r.topStatements()).isNotEmpty();
        assertThat(r.slowestStatements()).isNotEmpty();
        assertThat(r.slowestStatements().get(0).meanMillis())
                .isGreaterThanOrEqualTo(r.slowestStatements().get(r.slowestStatements().size() - 1).meanMillis());
        assertThat(r.statementStatsAge()).isPresent();
        assertThat(r.toText()).contains("Slowest statements by mean time").contains("pg_sleep");
        assertThat(r.skipped()).isEmpty();
    }

    @Test
    void bloatEstimatedThenMeasuredWithPgstattuple() throws Exception {
        database.execute("create table bloated (id int, pad text) with (autovacuum_enabled = false)",
                "insert into bloated select g, repeat('x', 100) from generate_series(1, 100000) g",
                "create index bloated_id on bloated (id)",
                "delete from bloated where id % 10 <> 0", "vacuum analyze bloated");
        HealthThresholds t = HealthThresholds.builder().bloatMinBytes(1024 * 1024).build();
        HealthReport estimated = only(t, CheckId.TABLE_BLOAT, CheckId.INDEX_BLOAT).run();
        HealthFinding table = estimated.findings(CheckId.TABLE_BLOAT).stream()
                .filter(f -> f.object().equals("public.bloated")).findFirst().orElseThrow();
        assertThat(table.evidence().get("exact")).isZero();
        assertThat(table.evidence().get("wasted_fraction")).isGreaterThan(0.7);
        assertThat(table.explanation()).contains("estimated");
        assertThat(estimated.findings(CheckId.INDEX_BLOAT)).extracting(HealthFinding::object).contains("public.bloated_id");

        database.execute("create extension if not exists pgstattuple");
        HealthReport exact = only(t, CheckId.TABLE_BLOAT, CheckId.INDEX_BLOAT).run();
        HealthFinding measured = exact.findings(CheckId.TABLE_BLOAT).stream()
                .filter(f -> f.object().equals("public.bloated")).findFirst().orElseThrow();
        assertThat(measured.evidence().get("exact")).isEqualTo(1.0);
        assertThat(measured.evidence().get("wasted_fraction")).isGreaterThan(0.7);
        assertThat(measured.explanation()).contains("pgstattuple");
    }

    @Test
    void neverAnalyzedAndSeqScanHeavy() throws Exception {
        database.execute("create table scanned (id int, pad text) with (autovacuum_enabled = false)",
                "insert into scanned select g, repeat('y', 200) from generate_series(1, 20000) g");
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (int i = 0; i < 5; i++) {
                s.executeQuery("select count(*) from scanned where pad = 'nope'").close();
            }
        }
        HealthThresholds t = HealthThresholds.builder().seqScanMinTableBytes(1024 * 1024).seqScanMinScans(5).build();
        HealthCheck check = only(t, CheckId.STALE_STATISTICS, CheckId.SEQ_SCAN_HEAVY);
        until(check, CheckId.SEQ_SCAN_HEAVY, f -> f.object().equals("public.scanned"));
        HealthReport r = until(check, CheckId.STALE_STATISTICS, f -> f.object().equals("public.scanned"));
        assertThat(r.findings(CheckId.STALE_STATISTICS).stream().filter(f -> f.object().equals("public.scanned"))
                .findFirst().orElseThrow().explanation()).contains("never been analyzed");
    }

    @Test
    void wraparoundConnectionsAndConfigurationFireAtLowThresholds() throws Exception {
        database.execute("alter database " + database.name() + " set work_mem = '64kB'");
        HealthThresholds t = HealthThresholds.builder().wraparoundAge(1).connectionFraction(0.001).build();
        HealthReport r = only(t, CheckId.XID_WRAPAROUND, CheckId.CONNECTIONS, CheckId.CONFIGURATION).run();
        assertThat(r.findings(CheckId.XID_WRAPAROUND)).extracting(HealthFinding::object)
                .contains("database " + database.name());
        assertThat(r.findings(CheckId.CONNECTIONS)).hasSize(1);
        assertThat(r.findings(CheckId.CONFIGURATION)).extracting(HealthFinding::object).contains("setting work_mem");
        database.execute("alter database " + database.name() + " reset work_mem");
        HealthReport defaults = HealthCheck.builder(db)
                .checks(CheckId.XID_WRAPAROUND, CheckId.CONNECTIONS, CheckId.CONFIGURATION).build().run();
        // the testkit's shared server runs with fsync off (throw-away data): the check must say so, as CRITICAL
        boolean fsyncOff;
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("show fsync")) {
            rs.next();
            fsyncOff = rs.getString(1).equals("off");
        }
        assertThat(defaults.findings(CheckId.CONFIGURATION).stream()
                .anyMatch(f -> f.object().equals("setting fsync") && f.severity() == dev.justpg.core.Severity.CRITICAL))
                .isEqualTo(fsyncOff);
        assertThat(defaults.findings(CheckId.XID_WRAPAROUND)).isEmpty();
        assertThat(defaults.findings(CheckId.CONNECTIONS)).isEmpty();
        assertThat(defaults.findings(CheckId.CONFIGURATION)).extracting(HealthFinding::object)
                .doesNotContain("setting work_mem");
    }

    @Test
    void multixactAgeFromSharedRowLocks() throws Exception {
        // two transactions share-locking one row make a multixact; its age then counts from the oldest
        database.execute("create table shared_lock (id int primary key)", "insert into shared_lock values (1)");
        Connection a = open();
        Connection b = open();
        a.setAutoCommit(false);
        b.setAutoCommit(false);
        try (Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            sa.execute("select * from shared_lock where id = 1 for share");
            sb.execute("select * from shared_lock where id = 1 for share");
        }
        a.commit();
        b.commit();
        HealthThresholds t = HealthThresholds.builder().wraparoundAge(1).build();
        HealthReport r = only(t, CheckId.MULTIXACT_WRAPAROUND).run();
        assertThat(r.findings()).extracting(HealthFinding::object).contains("database " + database.name());
        assertThat(r.findings().get(0).evidence().get("age")).isGreaterThanOrEqualTo(1);
        assertThat(only(HealthThresholds.DEFAULTS, CheckId.MULTIXACT_WRAPAROUND).run().findings()).isEmpty();
    }

    @Test
    void cacheHitRatioBelowThreshold() throws Exception {
        // pages written by a new table count as blocks read, so the ratio of a fresh table is below 100%
        database.execute("create table cached (id int primary key, pad text)",
                "insert into cached select g, repeat('z', 200) from generate_series(1, 5000) g");
        HealthThresholds t = HealthThresholds.builder().cacheHitRatio(1.0).cacheMinBlocks(1).build();
        HealthReport r = until(only(t, CheckId.CACHE_HIT_RATIO), CheckId.CACHE_HIT_RATIO,
                f -> f.object().contains(" of database"));
        // PostgreSQL 15 counts a new table's written pages as reads; 18 may report only its indexes
        HealthFinding f = r.findings(CheckId.CACHE_HIT_RATIO).stream()
                .filter(x -> x.object().contains(" of database")).findFirst().orElseThrow();
        assertThat(f.evidence().get("blocks_read")).isPositive();
        assertThat(f.evidence().get("hit_ratio")).isLessThan(1.0);
        assertThat(only(HealthThresholds.DEFAULTS, CheckId.CACHE_HIT_RATIO).run().findings())
                .as("under the default minimum of 10,000 blocks the ratio means nothing").isEmpty();
    }

    @Test
    void aTimedOutFamilyIsReportedAsSkippedAndTheOthersStillRun() throws Exception {
        // an ACCESS EXCLUSIVE lock (a migration's ALTER TABLE) makes pg_table_size wait: the table family
        // hits the lock timeout
        database.execute("create table migrating (id int primary key)");
        Connection ddl = open();
        ddl.setAutoCommit(false);
        try (Statement s = ddl.createStatement()) {
            s.execute("lock table migrating in access exclusive mode");
        }
        HealthReport r = HealthCheck.builder(db).checks(CheckId.TABLE_WITHOUT_PRIMARY_KEY, CheckId.CONNECTIONS)
                .statementTimeout(Duration.ofMillis(1500)).build().run();
        ddl.rollback();
        assertThat(r.skipped()).extracting(SkippedCheck::check).containsExactly(CheckId.TABLE_WITHOUT_PRIMARY_KEY);
        assertThat(r.skipped().get(0).reason()).contains("tables could not be read").contains("lock");
        assertThat(r.findings(CheckId.CONNECTIONS)).isEmpty();
        assertThat(r.roundTrips()).as("the failed statement, the rollback, the timeout again").isGreaterThanOrEqualTo(6);
        assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(20));
    }

    private static int pid(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
