package dev.justpg.diagnostics.health.internal;

import dev.justpg.diagnostics.health.CheckId;
import java.util.EnumSet;
import java.util.Set;

/** The query families of a health run: each is one statement, read once, whatever the number of objects. */
public enum Family {
    /** Server settings, version, role memberships, installed extensions. */
    SETTINGS,
    /** Every index with its definition and scan count. */
    INDEXES,
    /** Every table with its statistics, ages and sizes. */
    TABLES,
    /** Planner statistics per column ({@code pg_stats}). */
    COLUMN_STATS,
    /** Every foreign key with its column types. */
    FOREIGN_KEYS,
    /** Every sequence with the column it feeds. */
    SEQUENCES,
    /** Every server process ({@code pg_stat_activity}). */
    ACTIVITY,
    /** Every database's wraparound ages and cache counters. */
    DATABASES,
    /** Standbys, slots, the archiver, and this server's own replay lag. */
    REPLICATION,
    /** Top statements from {@code pg_stat_statements}. */
    STATEMENTS,
    /** Exact bloat with {@code pgstattuple} for the tables and indexes the estimate could not settle. */
    PGSTATTUPLE;

    /**
     * The families a set of checks needs (always {@link #SETTINGS}).
     *
     * @param checks the checks
     * @return the families, in run order
     */
    public static Set<Family> neededBy(Set<CheckId> checks) {
        EnumSet<Family> f = EnumSet.of(SETTINGS);
        for (CheckId c : checks) {
            switch (c) {
                case INVALID_INDEX, DUPLICATE_INDEX, OVERLAPPING_INDEX, UNUSED_INDEX -> f.add(INDEXES);
                case FK_WITHOUT_INDEX -> {
                    f.add(INDEXES);
                    f.add(FOREIGN_KEYS);
                }
                case FK_TYPE_MISMATCH -> f.add(FOREIGN_KEYS);
                case TABLE_WITHOUT_PRIMARY_KEY, DEAD_TUPLES, STALE_STATISTICS, SEQ_SCAN_HEAVY -> f.add(TABLES);
                case INDEX_MOSTLY_NULLS -> {
                    f.add(INDEXES);
                    f.add(TABLES);
                    f.add(COLUMN_STATS);
                }
                case TABLE_BLOAT, INDEX_BLOAT -> {
                    f.add(INDEXES);
                    f.add(TABLES);
                    f.add(COLUMN_STATS);
                    f.add(PGSTATTUPLE);
                }
                case SEQUENCE_NEAR_EXHAUSTION, INT4_KEY_NEAR_LIMIT -> f.add(SEQUENCES);
                case XID_WRAPAROUND, MULTIXACT_WRAPAROUND -> {
                    f.add(TABLES);
                    f.add(DATABASES);
                }
                case CACHE_HIT_RATIO -> {
                    f.add(TABLES);
                    f.add(DATABASES);
                }
                case LONG_RUNNING_QUERY, IDLE_IN_TRANSACTION, BLOCKED_QUERIES, CONNECTIONS -> f.add(ACTIVITY);
                case REPLICATION_LAG, REPLICATION_SLOT, WAL_ARCHIVER -> f.add(REPLICATION);
                case SLOW_QUERY -> f.add(STATEMENTS);
                case CONFIGURATION -> {
                    // settings only
                }
                default -> throw new IllegalStateException("no family for " + c);
            }
        }
        return f;
    }
}
