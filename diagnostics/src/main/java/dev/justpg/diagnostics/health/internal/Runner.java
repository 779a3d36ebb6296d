package dev.justpg.diagnostics.health.internal;

import dev.justpg.diagnostics.health.CheckId;
import dev.justpg.diagnostics.health.HealthThresholds;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the chosen checks on one connection: reads each needed family once (one statement each),
 * then evaluates every check in memory. A family that fails is reported as skipped for its checks.
 */
public final class Runner {

    /** What a run produced. */
    public record Result(Snapshot snapshot, Collector collector, int roundTrips) {
    }

    private final Set<CheckId> checks;
    private final HealthThresholds thresholds;
    private final Duration statementTimeout;
    private final long machineMemory;
    private final int topStatements;

    /**
     * A runner.
     *
     * @param checks the checks to run
     * @param thresholds the thresholds
     * @param statementTimeout each statement's timeout
     * @param machineMemory the machine's memory in bytes, or 0 when unknown
     * @param topStatements how many top statements to list
     */
    public Runner(Set<CheckId> checks, HealthThresholds thresholds, Duration statementTimeout, long machineMemory,
            int topStatements) {
        this.checks = checks;
        this.thresholds = thresholds;
        this.statementTimeout = statementTimeout;
        this.machineMemory = machineMemory;
        this.topStatements = topStatements;
    }

    /**
     * Runs on the connection.
     *
     * @param c a connection in autocommit mode; left in autocommit mode
     * @param sizeOverview whether to read the table list for the size overview even when no check needs it
     * @return the result
     * @throws SQLException when the run cannot even start (the first statement fails)
     */
    public Result run(Connection c, boolean sizeOverview) throws SQLException {
        Set<Family> families = Family.neededBy(checks);
        if (sizeOverview) {
            families.add(Family.TABLES);
        }
        Snapshot s = new Snapshot();
        Collector out = new Collector(checks);
        Session session = new Session(c, statementTimeout);
        try {
            session.begin();
            s.loadSettings(session);
            s.loaded(Family.SETTINGS);
            for (Family f : families) {
                if (f == Family.SETTINGS || f == Family.PGSTATTUPLE) {
                    continue;
                }
                String skip = precondition(f, s);
                if (skip != null) {
                    s.failed(f, skip);
                    continue;
                }
                try {
                    load(f, s, session);
                    s.loaded(f);
                } catch (SQLException e) {
                    s.failed(f, reason(e));
                    session.recover();
                }
            }
            evaluate(s, out, session, families.contains(Family.PGSTATTUPLE));
        } finally {
            session.close();
        }
        return new Result(s, out, session.roundTrips());
    }

    private String precondition(Family f, Snapshot s) {
        if (f == Family.STATEMENTS) {
            if (s.extensionSchema("pg_stat_statements") == null) {
                return "the pg_stat_statements extension is not installed in this database (add it to"
                        + " shared_preload_libraries, restart, then CREATE EXTENSION pg_stat_statements)";
            }
            if (s.versionNum() < 130000) {
                return "pg_stat_statements is read on PostgreSQL 13 and later only";
            }
        }
        return null;
    }

    private void load(Family f, Snapshot s, Session session) throws SQLException {
        switch (f) {
            case INDEXES -> s.loadIndexes(session);
            case TABLES -> s.loadTables(session);
            case COLUMN_STATS -> s.loadColumnStats(session);
            case FOREIGN_KEYS -> s.loadForeignKeys(session);
            case SEQUENCES -> s.loadSequences(session);
            case ACTIVITY -> s.loadActivity(session);
            case DATABASES -> s.loadDatabases(session);
            case REPLICATION -> s.loadReplication(session);
            case STATEMENTS -> s.loadStatements(session, topStatements, thresholds.slowQueryMinCalls(),
                    thresholds.slowQueryMean().toNanos() / 1e6);
            default -> throw new IllegalStateException("not a loadable family: " + f);
        }
    }

    private static String reason(SQLException e) {
        String state = e.getSQLState();
        if ("57014".equals(state)) {
            return "timed out (statement_timeout); raise HealthCheck.builder().statementTimeout(...) or run off-peak";
        }
        if ("55P03".equals(state)) {
            return "waited too long for a lock (lock_timeout: a DDL statement holds one); run it again later";
        }
        if ("42501".equals(state)) {
            return "permission denied (SQLSTATE 42501): " + e.getMessage() + "; grant this role pg_monitor";
        }
        return "failed with SQLSTATE " + state + ": " + e.getMessage();
    }

    private void evaluate(Snapshot s, Collector out, Session session, boolean wantBloat) throws SQLException {
        Map<Family, String> failed = s.failures();
        for (CheckId id : checks) {
            for (Family f : Family.neededBy(Set.of(id))) {
                if (failed.containsKey(f)) {
                    out.skip(id, false, f.name().toLowerCase(java.util.Locale.ROOT) + " could not be read: " + failed.get(f));
                    break;
                }
            }
        }
        HealthThresholds t = thresholds;
        if (s.has(Family.INDEXES)) {
            IndexChecks.run(s, t, out);
        }
        if (s.has(Family.INDEXES) && s.has(Family.TABLES) && s.has(Family.COLUMN_STATS)) {
            IndexChecks.mostlyNulls(s, t, out);
            hiddenStats(s, out, CheckId.INDEX_MOSTLY_NULLS);
        }
        if (s.has(Family.FOREIGN_KEYS)) {
            KeyChecks.foreignKeys(s, out);
        }
        if (s.has(Family.SEQUENCES)) {
            KeyChecks.sequences(s, t, out);
        }
        if (s.has(Family.TABLES)) {
            KeyChecks.primaryKeys(s, out);
            TableChecks.deadTuples(s, t, out);
            TableChecks.staleStatistics(s, t, out);
            TableChecks.seqScans(s, t, out);
            if (s.has(Family.DATABASES)) {
                TableChecks.wraparound(s, t, out);
                TableChecks.cache(s, t, out);
            }
        }
        if (s.has(Family.ACTIVITY)) {
            ActivityChecks.run(s, t, out);
        }
        if (s.has(Family.REPLICATION)) {
            ReplicationChecks.run(s, t, out);
        }
        if (s.has(Family.STATEMENTS)) {
            StatementChecks.run(s, t, out);
        }
        if (out.on(CheckId.CONFIGURATION)) {
            ConfigChecks.run(s, machineMemory, out);
        }
        if (wantBloat && s.has(Family.INDEXES) && s.has(Family.TABLES) && s.has(Family.COLUMN_STATS)) {
            bloat(s, out, session);
        }
    }

    private void bloat(Snapshot s, Collector out, Session session) throws SQLException {
        List<BloatChecks.Estimate> est = BloatChecks.estimate(s);
        boolean exactRan = false;
        boolean installed = s.extensionSchema("pgstattuple") != null;
        boolean allowed = s.flag("justpg.superuser") || s.flag("justpg.stat_scan_tables");
        if (installed && allowed) {
            List<Long> tableOids = new ArrayList<>();
            List<Long> indexOids = new ArrayList<>();
            for (BloatChecks.Estimate e : BloatChecks.candidates(est, thresholds)) {
                (e.index() ? indexOids : tableOids).add(e.oid());
            }
            try {
                s.loadExactBloat(session, tableOids, indexOids);
                s.loaded(Family.PGSTATTUPLE);
                exactRan = true;
            } catch (SQLException e) {
                s.failed(Family.PGSTATTUPLE, reason(e));
                out.skip(CheckId.TABLE_BLOAT, true, "pgstattuple could not measure: " + reason(e) + "; estimates only");
                out.skip(CheckId.INDEX_BLOAT, true, "pgstattuple could not measure: " + reason(e) + "; estimates only");
                session.recover();
            }
        } else if (installed) {
            out.skip(CheckId.TABLE_BLOAT, true, "pgstattuple is installed but this role may not run it (grant"
                    + " pg_stat_scan_tables, part of pg_monitor); estimates only");
        }
        BloatChecks.report(s, est, thresholds, out, exactRan);
    }

    private static void hiddenStats(Snapshot s, Collector out, CheckId id) {
        int hidden = 0;
        for (Rows.Table t : s.tables) {
            if (!t.readable()) {
                hidden++;
            }
        }
        if (hidden > 0) {
            out.skip(id, true, hidden + " table(s) not checked: pg_stats hides the column statistics of tables this"
                    + " role may not SELECT (pg_monitor does not grant that); grant SELECT on them, or run as their owner");
        }
    }
}
