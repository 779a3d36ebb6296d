package dev.justpg.diagnostics.health.internal;

import static dev.justpg.diagnostics.health.internal.Collector.ev;
import static dev.justpg.diagnostics.health.internal.Collector.q;

import dev.justpg.core.Severity;
import dev.justpg.diagnostics.health.CheckId;
import dev.justpg.diagnostics.health.HealthThresholds;

/** Table statistics checks: dead tuples against the autovacuum formula, stale statistics, sequential scans, wraparound, cache. */
final class TableChecks {

    private static final long XID_LIMIT = 1L << 31;

    private TableChecks() {
    }

    static void deadTuples(Snapshot s, HealthThresholds th, Collector out) {
        boolean serverAutovacuum = !"off".equals(s.setting("autovacuum"));
        for (Rows.Table t : s.tables) {
            if (t.relkind().equals("p")) {
                continue;
            }
            double base = opt(t, "autovacuum_vacuum_threshold", s.number("autovacuum_vacuum_threshold", 50));
            double scale = opt(t, "autovacuum_vacuum_scale_factor", s.number("autovacuum_vacuum_scale_factor", 0.2));
            double reltuples = Math.max(0, t.tuples());
            double trigger = base + scale * reltuples;
            boolean disabled = "false".equalsIgnoreCase(t.option("autovacuum_enabled")) || !serverAutovacuum;
            double limit = disabled ? trigger : trigger * th.deadTupleOvershoot();
            if (t.deadTuples() < th.deadTupleMin() || t.deadTuples() <= limit) {
                continue;
            }
            double ratio = t.deadTuples() / Math.max(1.0, t.deadTuples() + t.liveTuples());
            Severity sev = ratio >= 0.5 ? Severity.HIGH : Severity.MEDIUM;
            String why = disabled
                    ? (serverAutovacuum ? "autovacuum is disabled for this table (autovacuum_enabled = false)"
                            : "autovacuum is off for the whole server")
                    : "autovacuum should have run at " + Fmt.count(trigger) + " and has not caught up (long"
                            + " transactions holding back cleanup, or too little autovacuum capacity)";
            out.add(CheckId.DEAD_TUPLES, sev, t.qualified(),
                    ev("dead_tuples", t.deadTuples(), "live_tuples", t.liveTuples(), "dead_ratio", ratio,
                            "autovacuum_trigger", trigger, "seconds_since_vacuum",
                            t.lastVacuumAgeSeconds().isPresent() ? t.lastVacuumAgeSeconds().getAsDouble() : null),
                    "Table " + t.qualified() + " has " + Fmt.count(t.deadTuples()) + " dead tuples ("
                            + Fmt.pct(ratio) + " of its rows) against an autovacuum trigger of " + Fmt.count(trigger)
                            + " (threshold " + Fmt.count(base) + " + scale factor " + scale + " x "
                            + Fmt.count(reltuples) + " rows); " + why + ". Last vacuum: "
                            + (t.lastVacuumAgeSeconds().isPresent()
                                    ? Fmt.seconds(t.lastVacuumAgeSeconds().getAsDouble()) + " ago" : "never")
                            + ". Dead tuples slow scans and grow the table.",
                    "VACUUM (ANALYZE) " + q(t.schema(), t.name()) + ";"
                            + (disabled && serverAutovacuum ? "\nALTER TABLE " + q(t.schema(), t.name())
                                    + " RESET (autovacuum_enabled);" : ""));
        }
    }

    private static double opt(Rows.Table t, String key, double fallback) {
        String v = t.option(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static void staleStatistics(Snapshot s, HealthThresholds th, Collector out) {
        for (Rows.Table t : s.tables) {
            if (t.relkind().equals("p")) {
                continue;
            }
            double base = opt(t, "autovacuum_analyze_threshold", s.number("autovacuum_analyze_threshold", 50));
            double scale = opt(t, "autovacuum_analyze_scale_factor", s.number("autovacuum_analyze_scale_factor", 0.1));
            double trigger = base + scale * Math.max(0, t.tuples());
            boolean never = t.lastAnalyzeAgeSeconds().isEmpty();
            long rows = Math.max(t.liveTuples(), (long) Math.max(0, t.tuples()));
            boolean fire = never ? rows >= th.staleStatsMinRows()
                    : t.modsSinceAnalyze() > trigger * th.deadTupleOvershoot() && t.modsSinceAnalyze() >= th.staleStatsMinRows();
            if (!fire) {
                continue;
            }
            out.add(CheckId.STALE_STATISTICS, Severity.MEDIUM, t.qualified(),
                    ev("rows_changed_since_analyze", t.modsSinceAnalyze(), "autoanalyze_trigger", trigger,
                            "live_tuples", t.liveTuples(), "seconds_since_analyze",
                            never ? null : t.lastAnalyzeAgeSeconds().getAsDouble()),
                    never ? "Table " + t.qualified() + " has about " + Fmt.count(rows) + " rows and has never been"
                            + " analyzed: the planner guesses its row counts and can pick bad plans."
                            : "Table " + t.qualified() + " changed " + Fmt.count(t.modsSinceAnalyze()) + " rows since its"
                                    + " last analyze " + Fmt.seconds(t.lastAnalyzeAgeSeconds().getAsDouble())
                                    + " ago, well past the autoanalyze trigger of " + Fmt.count(trigger)
                                    + ": the planner works from stale statistics.",
                    "ANALYZE " + q(t.schema(), t.name()) + ";");
        }
    }

    static void seqScans(Snapshot s, HealthThresholds th, Collector out) {
        for (Rows.Table t : s.tables) {
            long scans = t.seqScans() + t.idxScans();
            if (t.tableBytes() < th.seqScanMinTableBytes() || t.seqScans() < th.seqScanMinScans() || scans == 0) {
                continue;
            }
            double share = (double) t.seqScans() / scans;
            if (share < th.seqScanFraction()) {
                continue;
            }
            double perScan = (double) t.seqTuplesRead() / Math.max(1, t.seqScans());
            out.add(CheckId.SEQ_SCAN_HEAVY, Severity.MEDIUM, t.qualified(),
                    ev("seq_scans", t.seqScans(), "index_scans", t.idxScans(), "seq_scan_fraction", share,
                            "rows_read_per_seq_scan", perScan, "table_bytes", t.tableBytes()),
                    "Table " + t.qualified() + " (" + Fmt.bytes(t.tableBytes()) + ") was read by " + Fmt.count(t.seqScans())
                            + " sequential scans (" + Fmt.pct(share) + " of its scans), about " + Fmt.count(perScan)
                            + " rows each. A query that filters it probably lacks an index: find it in"
                            + " pg_stat_statements and EXPLAIN it (dev.justpg.diagnostics.Explainer suggests one).",
                    null);
        }
    }

    static void wraparound(Snapshot s, HealthThresholds th, Collector out) {
        for (Rows.DatabaseRow d : s.databases) {
            wrap(out, CheckId.XID_WRAPAROUND, "database " + d.name(), d.xidAge(), th, "transaction ID",
                    "VACUUM (FREEZE) in database " + d.name() + " (vacuumdb --all --freeze); first end long"
                            + " transactions, prepared transactions and stale replication slots that hold the horizon");
            wrap(out, CheckId.MULTIXACT_WRAPAROUND, "database " + d.name(), d.mxidAge(), th, "multixact ID",
                    "VACUUM (FREEZE) in database " + d.name());
        }
        for (Rows.Table t : s.tables) {
            wrap(out, CheckId.XID_WRAPAROUND, t.qualified(), t.xidAge(), th, "transaction ID",
                    "VACUUM (FREEZE, VERBOSE) " + q(t.schema(), t.name()) + ";");
            wrap(out, CheckId.MULTIXACT_WRAPAROUND, t.qualified(), t.mxidAge(), th, "multixact ID",
                    "VACUUM (FREEZE, VERBOSE) " + q(t.schema(), t.name()) + ";");
        }
    }

    private static void wrap(Collector out, CheckId id, String object, long age, HealthThresholds th, String what,
            String fix) {
        if (age < th.wraparoundAge()) {
            return;
        }
        double used = (double) age / XID_LIMIT;
        Severity sev = used >= 0.75 ? Severity.CRITICAL : Severity.HIGH;
        out.add(id, sev, object, ev("age", age, "fraction_of_limit", used),
                "The oldest unfrozen " + what + " of " + object + " is " + Fmt.count(age) + " old, "
                        + Fmt.pct(used) + " of the way to wraparound, where PostgreSQL stops accepting writes to"
                        + " protect the data. Autovacuum's anti-wraparound freeze is not keeping up.",
                fix.endsWith(";") ? fix : null);
    }

    static void cache(Snapshot s, HealthThresholds th, Collector out) {
        long heapHit = 0;
        long heapRead = 0;
        long idxHit = 0;
        long idxRead = 0;
        for (Rows.Table t : s.tables) {
            heapHit += t.heapHit();
            heapRead += t.heapRead();
            idxHit += t.idxHit();
            idxRead += t.idxRead();
        }
        String db = s.setting("justpg.database");
        ratio(out, th, "tables of database " + db, heapHit, heapRead);
        ratio(out, th, "indexes of database " + db, idxHit, idxRead);
    }

    private static void ratio(Collector out, HealthThresholds th, String object, long hit, long read) {
        long total = hit + read;
        if (total < th.cacheMinBlocks()) {
            return;
        }
        double r = (double) hit / total;
        if (r >= th.cacheHitRatio()) {
            return;
        }
        out.add(CheckId.CACHE_HIT_RATIO, r < th.cacheHitRatio() - 0.1 ? Severity.MEDIUM : Severity.LOW, object,
                ev("hit_ratio", r, "blocks_hit", hit, "blocks_read", read),
                "Only " + String.format(java.util.Locale.ROOT, "%.1f%%", r * 100) + " of the block reads of the "
                        + object + " were served from shared_buffers (threshold "
                        + String.format(java.util.Locale.ROOT, "%.1f%%", th.cacheHitRatio() * 100)
                        + "). Reads from the OS cache or disk are slower; the working set may not fit in"
                        + " shared_buffers, or large scans are evicting it.",
                null);
    }
}
