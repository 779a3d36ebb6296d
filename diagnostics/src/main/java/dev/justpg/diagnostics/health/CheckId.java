package dev.justpg.diagnostics.health;

/**
 * Every check {@link HealthCheck} knows, with the family it belongs to. The ids are stable: they
 * appear in the JSON report and in accepted exceptions, and are never renamed.
 *
 * <p>docs/health.md lists each check with its query idea, its default threshold and why.
 */
public enum CheckId {
    /** An index left invalid by a failed {@code CREATE INDEX CONCURRENTLY}: maintained on every write, never used. */
    INVALID_INDEX(Kind.SCHEMA, "Invalid index"),
    /** Two indexes with the same definition on the same table. */
    DUPLICATE_INDEX(Kind.SCHEMA, "Duplicate index"),
    /** A b-tree index whose columns are the leading columns of another index on the same table. */
    OVERLAPPING_INDEX(Kind.SCHEMA, "Overlapping index"),
    /** An index never scanned while its table is used (unique, primary key, exclusion and constraint indexes excluded). */
    UNUSED_INDEX(Kind.SCHEMA, "Unused index"),
    /** A foreign key whose columns do not lead any valid index: deletes on the referenced table scan this one. */
    FK_WITHOUT_INDEX(Kind.SCHEMA, "Foreign key without index"),
    /** A table without a primary key. */
    TABLE_WITHOUT_PRIMARY_KEY(Kind.SCHEMA, "Table without primary key"),
    /** An index on a nullable column that is mostly NULL (from {@code pg_stats.null_frac}). */
    INDEX_MOSTLY_NULLS(Kind.SCHEMA, "Index mostly on NULLs"),
    /** A sequence that has used most of its range. */
    SEQUENCE_NEAR_EXHAUSTION(Kind.SCHEMA, "Sequence near exhaustion"),
    /** A sequence feeding an {@code int2}/{@code int4} column that is near the column type's limit. */
    INT4_KEY_NEAR_LIMIT(Kind.SCHEMA, "Key column near its type's limit"),
    /** A foreign key column whose type differs from the referenced column's type. */
    FK_TYPE_MISMATCH(Kind.SCHEMA, "Foreign key type mismatch"),
    /** More dead tuples than the autovacuum trigger of the table (its own reloptions) allows. */
    DEAD_TUPLES(Kind.RUNTIME, "Dead tuples"),
    /** Planner statistics out of date: never analyzed, or changed well past the autoanalyze trigger. */
    STALE_STATISTICS(Kind.RUNTIME, "Stale statistics"),
    /** A table much larger than its live rows need (estimated, or exact with pgstattuple). */
    TABLE_BLOAT(Kind.RUNTIME, "Table bloat"),
    /** A b-tree index much larger than its entries need (estimated, or exact with pgstattuple). */
    INDEX_BLOAT(Kind.RUNTIME, "Index bloat"),
    /** A large table read mostly by sequential scans. */
    SEQ_SCAN_HEAVY(Kind.RUNTIME, "Sequential scans on a large table"),
    /** Transaction ID age of a database or table approaching wraparound. */
    XID_WRAPAROUND(Kind.RUNTIME, "Transaction ID wraparound"),
    /** Multixact ID age of a database or table approaching wraparound. */
    MULTIXACT_WRAPAROUND(Kind.RUNTIME, "Multixact wraparound"),
    /** Buffer cache hit ratio of the database (tables or indexes) below the threshold. */
    CACHE_HIT_RATIO(Kind.RUNTIME, "Cache hit ratio"),
    /** A query running longer than the threshold. */
    LONG_RUNNING_QUERY(Kind.RUNTIME, "Long-running query"),
    /** A session idle in an open transaction longer than the threshold. */
    IDLE_IN_TRANSACTION(Kind.RUNTIME, "Idle in transaction"),
    /** Sessions waiting for locks held by another session (who blocks whom, with queries). */
    BLOCKED_QUERIES(Kind.RUNTIME, "Blocked queries"),
    /** Connections in use against {@code max_connections}. */
    CONNECTIONS(Kind.RUNTIME, "Connections"),
    /** A standby behind the primary in bytes or time (LSN-aware; an idle primary is not lag). */
    REPLICATION_LAG(Kind.RUNTIME, "Replication lag"),
    /** A replication slot inactive or retaining much WAL. */
    REPLICATION_SLOT(Kind.RUNTIME, "Replication slot"),
    /** WAL archiving failing ({@code pg_stat_archiver}). */
    WAL_ARCHIVER(Kind.RUNTIME, "WAL archiver"),
    /** A statement slow on average ({@code pg_stat_statements}). */
    SLOW_QUERY(Kind.RUNTIME, "Slow query"),
    /** A server setting that risks data or performance (fsync, full_page_writes, autovacuum, memory, costs). */
    CONFIGURATION(Kind.RUNTIME, "Configuration");

    /** What a check looks at. */
    public enum Kind {
        /** The schema: meaningful on an empty database (in a test after migrations). */
        SCHEMA,
        /** The running server: statistics, sessions, replication, settings. */
        RUNTIME
    }

    private final Kind kind;
    private final String title;

    CheckId(Kind kind, String title) {
        this.kind = kind;
        this.title = title;
    }

    /**
     * Whether the check reads the schema or the running server.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * A short title for reports.
     *
     * @return the title
     */
    public String title() {
        return title;
    }
}
