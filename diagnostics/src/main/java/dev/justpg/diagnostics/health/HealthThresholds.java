package dev.justpg.diagnostics.health;

import java.time.Duration;

/**
 * The limits the checks compare against. Every default is a {@code DEFAULT_*} constant whose
 * javadoc says where it comes from; docs/health.md has the longer reasoning.
 *
 * <pre>{@code
 * HealthThresholds t = HealthThresholds.builder()
 *         .longRunningQuery(Duration.ofSeconds(30))
 *         .unusedIndexMinTableScans(1_000)
 *         .build();
 * }</pre>
 *
 * <p>Immutable.
 */
public final class HealthThresholds {

    /**
     * An index counts as unused only when its table had at least this many scans (sequential plus
     * index) since the statistics were reset: evidence that the table is read, just not through it.
     * PgHero calls an index unused under 50 scans; here 50 scans of the table are the bar.
     */
    public static final long DEFAULT_UNUSED_INDEX_MIN_TABLE_SCANS = 50;
    /** "Mostly NULL": more than half of the column's values ({@code pg_stats.null_frac}). */
    public static final double DEFAULT_INDEX_NULL_FRACTION = 0.5;
    /**
     * A sequence (or the column it feeds) has used this share of its range. pg-index-health warns
     * with 20% remaining; at 80% used there is time to migrate to {@code bigint}.
     */
    public static final double DEFAULT_SEQUENCE_USED_FRACTION = 0.8;
    /**
     * Dead tuples above this multiple of the table's autovacuum trigger
     * ({@code autovacuum_vacuum_threshold + autovacuum_vacuum_scale_factor * reltuples}, the table's
     * reloptions first): autovacuum should have run and did not keep up. A table with autovacuum
     * disabled fires at 1x.
     */
    public static final double DEFAULT_DEAD_TUPLE_OVERSHOOT = 2.0;
    /** Fewer dead tuples than this are never reported (small tables churn harmlessly). */
    public static final long DEFAULT_DEAD_TUPLE_MIN = 1_000;
    /** A table never analyzed with at least this many estimated live rows has no planner statistics. */
    public static final long DEFAULT_STALE_STATS_MIN_ROWS = 1_000;
    /** Estimated wasted share of a table or index to report as bloat (pg-index-health's default is 20%; 30% leaves room for fillfactor and estimate error). */
    public static final double DEFAULT_BLOAT_FRACTION = 0.3;
    /** Bloat smaller than this is not worth a rewrite: 10 MiB. */
    public static final long DEFAULT_BLOAT_MIN_BYTES = 10L * 1024 * 1024;
    /** A table is "large" for the sequential-scan check from this size: 10 MiB (about 1,280 pages). */
    public static final long DEFAULT_SEQ_SCAN_MIN_TABLE_BYTES = 10L * 1024 * 1024;
    /** At least this many sequential scans recorded before the share counts. */
    public static final long DEFAULT_SEQ_SCAN_MIN_SCANS = 100;
    /** Share of scans that are sequential above which a large table is reported. */
    public static final double DEFAULT_SEQ_SCAN_FRACTION = 0.5;
    /**
     * Transaction ID (and multixact) age reported as HIGH: 1 billion, 5x the default
     * {@code autovacuum_freeze_max_age} (200 million) and about half way to the hard stop near
     * 2^31 (PostgreSQL refuses writes 3 million before). check_postgres warns at 1.3 billion.
     */
    public static final long DEFAULT_WRAPAROUND_AGE = 1_000_000_000L;
    /** Buffer cache hit ratio below which a database is reported (PgHero's default: 99%). */
    public static final double DEFAULT_CACHE_HIT_RATIO = 0.99;
    /** Blocks read or hit needed before a cache hit ratio means anything. */
    public static final long DEFAULT_CACHE_MIN_BLOCKS = 10_000;
    /** A query running this long is reported (PgHero's long-running query default: 60 s). */
    public static final Duration DEFAULT_LONG_RUNNING_QUERY = Duration.ofMinutes(1);
    /** A session idle in transaction this long is reported: it holds locks and stops vacuum. */
    public static final Duration DEFAULT_IDLE_IN_TRANSACTION = Duration.ofMinutes(1);
    /** A session waiting for a lock this long is reported with its blockers. */
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(5);
    /** Connections in use as a share of {@code max_connections} minus the reserved ones. */
    public static final double DEFAULT_CONNECTION_FRACTION = 0.8;
    /** Standby replay lag in bytes to report: 100 MiB of WAL. */
    public static final long DEFAULT_REPLICATION_LAG_BYTES = 100L * 1024 * 1024;
    /** Standby replay lag in time to report (only while it is behind in bytes). */
    public static final Duration DEFAULT_REPLICATION_LAG = Duration.ofMinutes(1);
    /** WAL retained by a replication slot to report: 1 GiB. */
    public static final long DEFAULT_SLOT_RETAINED_BYTES = 1024L * 1024 * 1024;
    /** Mean execution time of a slow statement (PgHero's slow query default: 20 ms). */
    public static final Duration DEFAULT_SLOW_QUERY_MEAN = Duration.ofMillis(20);
    /** Calls a statement needs before its mean counts (PgHero's default: 100). */
    public static final long DEFAULT_SLOW_QUERY_MIN_CALLS = 100;

    private final long unusedIndexMinTableScans;
    private final double indexNullFraction;
    private final double sequenceUsedFraction;
    private final double deadTupleOvershoot;
    private final long deadTupleMin;
    private final long staleStatsMinRows;
    private final double bloatFraction;
    private final long bloatMinBytes;
    private final long seqScanMinTableBytes;
    private final long seqScanMinScans;
    private final double seqScanFraction;
    private final long wraparoundAge;
    private final double cacheHitRatio;
    private final long cacheMinBlocks;
    private final Duration longRunningQuery;
    private final Duration idleInTransaction;
    private final Duration lockWait;
    private final double connectionFraction;
    private final long replicationLagBytes;
    private final Duration replicationLag;
    private final long slotRetainedBytes;
    private final Duration slowQueryMean;
    private final long slowQueryMinCalls;

    /** The defaults. */
    public static final HealthThresholds DEFAULTS = builder().build();

    private HealthThresholds(Builder b) {
        this.unusedIndexMinTableScans = b.unusedIndexMinTableScans;
        this.indexNullFraction = b.indexNullFraction;
        this.sequenceUsedFraction = b.sequenceUsedFraction;
        this.deadTupleOvershoot = b.deadTupleOvershoot;
        this.deadTupleMin = b.deadTupleMin;
        this.staleStatsMinRows = b.staleStatsMinRows;
        this.bloatFraction = b.bloatFraction;
        this.bloatMinBytes = b.bloatMinBytes;
        this.seqScanMinTableBytes = b.seqScanMinTableBytes;
        this.seqScanMinScans = b.seqScanMinScans;
        this.seqScanFraction = b.seqScanFraction;
        this.wraparoundAge = b.wraparoundAge;
        this.cacheHitRatio = b.cacheHitRatio;
        this.cacheMinBlocks = b.cacheMinBlocks;
        this.longRunningQuery = b.longRunningQuery;
        this.idleInTransaction = b.idleInTransaction;
        this.lockWait = b.lockWait;
        this.connectionFraction = b.connectionFraction;
        this.replicationLagBytes = b.replicationLagBytes;
        this.replicationLag = b.replicationLag;
        this.slotRetainedBytes = b.slotRetainedBytes;
        this.slowQueryMean = b.slowQueryMean;
        this.slowQueryMinCalls = b.slowQueryMinCalls;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return see {@link #DEFAULT_UNUSED_INDEX_MIN_TABLE_SCANS} */
    public long unusedIndexMinTableScans() {
        return unusedIndexMinTableScans;
    }

    /** @return see {@link #DEFAULT_INDEX_NULL_FRACTION} */
    public double indexNullFraction() {
        return indexNullFraction;
    }

    /** @return see {@link #DEFAULT_SEQUENCE_USED_FRACTION} */
    public double sequenceUsedFraction() {
        return sequenceUsedFraction;
    }

    /** @return see {@link #DEFAULT_DEAD_TUPLE_OVERSHOOT} */
    public double deadTupleOvershoot() {
        return deadTupleOvershoot;
    }

    /** @return see {@link #DEFAULT_DEAD_TUPLE_MIN} */
    public long deadTupleMin() {
        return deadTupleMin;
    }

    /** @return see {@link #DEFAULT_STALE_STATS_MIN_ROWS} */
    public long staleStatsMinRows() {
        return staleStatsMinRows;
    }

    /** @return see {@link #DEFAULT_BLOAT_FRACTION} */
    public double bloatFraction() {
        return bloatFraction;
    }

    /** @return see {@link #DEFAULT_BLOAT_MIN_BYTES} */
    public long bloatMinBytes() {
        return bloatMinBytes;
    }

    /** @return see {@link #DEFAULT_SEQ_SCAN_MIN_TABLE_BYTES} */
    public long seqScanMinTableBytes() {
        return seqScanMinTableBytes;
    }

    /** @return see {@link #DEFAULT_SEQ_SCAN_MIN_SCANS} */
    public long seqScanMinScans() {
        return seqScanMinScans;
    }

    /** @return see {@link #DEFAULT_SEQ_SCAN_FRACTION} */
    public double seqScanFraction() {
        return seqScanFraction;
    }

    /** @return see {@link #DEFAULT_WRAPAROUND_AGE} */
    public long wraparoundAge() {
        return wraparoundAge;
    }

    /** @return see {@link #DEFAULT_CACHE_HIT_RATIO} */
    public double cacheHitRatio() {
        return cacheHitRatio;
    }

    /** @return see {@link #DEFAULT_CACHE_MIN_BLOCKS} */
    public long cacheMinBlocks() {
        return cacheMinBlocks;
    }

    /** @return see {@link #DEFAULT_LONG_RUNNING_QUERY} */
    public Duration longRunningQuery() {
        return longRunningQuery;
    }

    /** @return see {@link #DEFAULT_IDLE_IN_TRANSACTION} */
    public Duration idleInTransaction() {
        return idleInTransaction;
    }

    /** @return see {@link #DEFAULT_LOCK_WAIT} */
    public Duration lockWait() {
        return lockWait;
    }

    /** @return see {@link #DEFAULT_CONNECTION_FRACTION} */
    public double connectionFraction() {
        return connectionFraction;
    }

    /** @return see {@link #DEFAULT_REPLICATION_LAG_BYTES} */
    public long replicationLagBytes() {
        return replicationLagBytes;
    }

    /** @return see {@link #DEFAULT_REPLICATION_LAG} */
    public Duration replicationLag() {
        return replicationLag;
    }

    /** @return see {@link #DEFAULT_SLOT_RETAINED_BYTES} */
    public long slotRetainedBytes() {
        return slotRetainedBytes;
    }

    /** @return see {@link #DEFAULT_SLOW_QUERY_MEAN} */
    public Duration slowQueryMean() {
        return slowQueryMean;
    }

    /** @return see {@link #DEFAULT_SLOW_QUERY_MIN_CALLS} */
    public long slowQueryMinCalls() {
        return slowQueryMinCalls;
    }

    /**
     * The settings, for the log line.
     *
     * @return every threshold by name
     */
    @Override
    public String toString() {
        return "HealthThresholds[unusedIndexMinTableScans=" + unusedIndexMinTableScans + ", indexNullFraction="
                + indexNullFraction + ", sequenceUsedFraction=" + sequenceUsedFraction + ", deadTupleOvershoot="
                + deadTupleOvershoot + ", deadTupleMin=" + deadTupleMin + ", staleStatsMinRows=" + staleStatsMinRows
                + ", bloatFraction=" + bloatFraction + ", bloatMinBytes=" + bloatMinBytes + ", seqScanMinTableBytes="
                + seqScanMinTableBytes + ", seqScanMinScans=" + seqScanMinScans + ", seqScanFraction="
                + seqScanFraction + ", wraparoundAge=" + wraparoundAge + ", cacheHitRatio=" + cacheHitRatio
                + ", cacheMinBlocks=" + cacheMinBlocks + ", longRunningQuery=" + longRunningQuery
                + ", idleInTransaction=" + idleInTransaction + ", lockWait=" + lockWait + ", connectionFraction="
                + connectionFraction + ", replicationLagBytes=" + replicationLagBytes + ", replicationLag="
                + replicationLag + ", slotRetainedBytes=" + slotRetainedBytes + ", slowQueryMean=" + slowQueryMean
                + ", slowQueryMinCalls=" + slowQueryMinCalls + "]";
    }

    /** Builds {@link HealthThresholds}; every setting starts at its {@code DEFAULT_*}. */
    public static final class Builder {

        private long unusedIndexMinTableScans = DEFAULT_UNUSED_INDEX_MIN_TABLE_SCANS;
        private double indexNullFraction = DEFAULT_INDEX_NULL_FRACTION;
        private double sequenceUsedFraction = DEFAULT_SEQUENCE_USED_FRACTION;
        private double deadTupleOvershoot = DEFAULT_DEAD_TUPLE_OVERSHOOT;
        private long deadTupleMin = DEFAULT_DEAD_TUPLE_MIN;
        private long staleStatsMinRows = DEFAULT_STALE_STATS_MIN_ROWS;
        private double bloatFraction = DEFAULT_BLOAT_FRACTION;
        private long bloatMinBytes = DEFAULT_BLOAT_MIN_BYTES;
        private long seqScanMinTableBytes = DEFAULT_SEQ_SCAN_MIN_TABLE_BYTES;
        private long seqScanMinScans = DEFAULT_SEQ_SCAN_MIN_SCANS;
        private double seqScanFraction = DEFAULT_SEQ_SCAN_FRACTION;
        private long wraparoundAge = DEFAULT_WRAPAROUND_AGE;
        private double cacheHitRatio = DEFAULT_CACHE_HIT_RATIO;
        private long cacheMinBlocks = DEFAULT_CACHE_MIN_BLOCKS;
        private Duration longRunningQuery = DEFAULT_LONG_RUNNING_QUERY;
        private Duration idleInTransaction = DEFAULT_IDLE_IN_TRANSACTION;
        private Duration lockWait = DEFAULT_LOCK_WAIT;
        private double connectionFraction = DEFAULT_CONNECTION_FRACTION;
        private long replicationLagBytes = DEFAULT_REPLICATION_LAG_BYTES;
        private Duration replicationLag = DEFAULT_REPLICATION_LAG;
        private long slotRetainedBytes = DEFAULT_SLOT_RETAINED_BYTES;
        private Duration slowQueryMean = DEFAULT_SLOW_QUERY_MEAN;
        private long slowQueryMinCalls = DEFAULT_SLOW_QUERY_MIN_CALLS;

        private Builder() {
        }

        /**
         * See {@link #DEFAULT_UNUSED_INDEX_MIN_TABLE_SCANS}.
         *
         * @param value scans, 0 or more
         * @return this builder
         */
        public Builder unusedIndexMinTableScans(long value) {
            this.unusedIndexMinTableScans = value;
            return this;
        }

        /**
         * See {@link #DEFAULT_INDEX_NULL_FRACTION}.
         *
         * @param value a fraction in (0, 1]
         * @return this builder
         */
        public Builder indexNullFraction(double value) {
            this.indexNullFraction = value;
            return this;
        }

        /**
         * See {@link #DEFAULT_SEQUENCE_USED_FRACTION}.
         *
         * @param value a fraction in (0, 1]
         * @return this builder
         */
        public Builder sequenceUsedFraction(double value) {
            this.sequenceUsedFraction = value;
            return this;
        }

        /**
         * See {@link #DEFAULT_DEAD_TUPLE_OVERSHOOT}.
         *
         * @param value a multiple, 1 or more
         * @return this builder
         */
        public Builder deadTupleOvershoot(double value) {
            this.deadTupleOvershoot = value;
            return this;
        }

        /**
         * See {@link #DEFAULT_DEAD_TUPLE_MIN}.
         *
         * @param value tuples, 0 or more
         * @return this builder
         */
        public Builder deadTupleMin(long value) {
            this.deadTupleMin = value;
            return this;
        }

        /**
         * See {@link #DEFAULT_STALE_STATS_MIN_ROWS}.
         *
         * @param value rows, 0 or more
         * @return this builder
         */
        public Builder staleStatsMinRows(long value) {
            this.staleStatsMinRows = value;
            return this;
        }

        /**
         * See {@link #DEFAULT_BLOAT_FRACTION}.
         *
         * @param value a fraction in (0, 1]
         * @return this builder
         */
        public Builder bloatFraction(double value) {
            this.bloatFraction = value;
            return this;
        }

        /**
         * See {@link #DEFAULT_BLOAT_MIN_BYTES}.
         *
         * @param value bytes, 0 or more
         * @return this builder
         */
        public Builder bloatMinBytes(long value) {
            this.bloatMinBytes = value;
            return this;
        }

        /**
         * See {@link #DEFAULT_SEQ_SCAN_MIN_TABLE_BYTES}.
         *
         * @param value bytes, 0 or more
         * @return this builder
         */
        public Builder seqScanMinTableBytes(long value) {
            this.seqScanMinTableBytes = value;
            return this;
        }

        /**
         * See {@link #DEFAULT_SEQ_SCAN_MIN_SCANS}.
         *
         * @param value scans, 0 or more
         * @return this builder
         */
        public Builder seqScanMinScans(long value) {
            this.seqScanMinScans = value;
            return this;
        }

        /**
         * See {@link #DEFAULT_SEQ_SCAN_FRACTION}.
         *
         * @param value a fraction in (0, 1]
         * @return this builder
         */
        public Builder seqScanFraction(double value) {
            this.seqScanFraction = value;
            return this;
        }

        /**
         * See {@link #DEFAULT_WRAPAROUND_AGE}.
         *
         * @param value an age in transactions, 1 to 2^31
         * @return this builder
         */
        public Builder wraparoundAge(long value) {
            this.wraparoundAge = value;
            return this;
        }

        /**
         * See {@link #DEFAULT_CACHE_HIT_RATIO}.
         *
         * @param value a ratio in (0, 1]
         * @return this builder
         */
        public Builder cacheHitRatio(double value) {
            this.cacheHitRatio = value;
            return this;
        }

        /**
         * See {@link #DEFAULT_CACHE_MIN_BLOCKS}.
         *
         * @param value blocks, 0 or more
         * @return this builder
         */
        public Builder cacheMinBlocks(long value) {
            this.cacheMinBlocks = value;
            return this;
        }

        /**
         * See {@link #DEFAULT_LONG_RUNNING_QUERY}.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder longRunningQuery(Duration value) {
            this.longRunningQuery = value;
            return this;
        }

        /**
         * See {@link #DEFAULT_IDLE_IN_TRANSACTION}.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder idleInTransaction(Duration value) {
            this.idleInTransaction = value;
            return this;
        }

        /**
         * See {@link #DEFAULT_LOCK_WAIT}.
         *
         * @param value a duration, zero or more
         * @return this builder
         */
        public Builder lockWait(Duration value) {
            this.lockWait = value;
            return this;
        }

        /**
         * See {@link #DEFAULT_CONNECTION_FRACTION}.
         *
         * @param value a fraction in (0, 1]
         * @return this builder
         */
        public Builder connectionFraction(double value) {
            this.connectionFraction = value;
            return this;
        }

        /**
         * See {@link #DEFAULT_REPLICATION_LAG_BYTES}.
         *
         * @param value bytes, 0 or more
         * @return this builder
         */
        public Builder replicationLagBytes(long value) {
            this.replicationLagBytes = value;
            return this;
        }

        /**
         * See {@link #DEFAULT_REPLICATION_LAG}.
         *
         * @param value a duration, zero or more
         * @return this builder
         */
        public Builder replicationLag(Duration value) {
            this.replicationLag = value;
            return this;
        }

        /**
         * See {@link #DEFAULT_SLOT_RETAINED_BYTES}.
         *
         * @param value bytes, 0 or more
         * @return this builder
         */
        public Builder slotRetainedBytes(long value) {
            this.slotRetainedBytes = value;
            return this;
        }

        /**
         * See {@link #DEFAULT_SLOW_QUERY_MEAN}.
         *
         * @param value a duration, zero or more
         * @return this builder
         */
        public Builder slowQueryMean(Duration value) {
            this.slowQueryMean = value;
            return this;
        }

        /**
         * See {@link #DEFAULT_SLOW_QUERY_MIN_CALLS}.
         *
         * @param value calls, 1 or more
         * @return this builder
         */
        public Builder slowQueryMinCalls(long value) {
            this.slowQueryMinCalls = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the thresholds
         * @throws IllegalArgumentException naming the first setting out of range
         */
        public HealthThresholds build() {
            nonNegative("unusedIndexMinTableScans", unusedIndexMinTableScans);
            fraction("indexNullFraction", indexNullFraction);
            fraction("sequenceUsedFraction", sequenceUsedFraction);
            if (!(deadTupleOvershoot >= 1.0) || Double.isInfinite(deadTupleOvershoot)) {
                throw new IllegalArgumentException("deadTupleOvershoot must be 1 or more, was " + deadTupleOvershoot);
            }
            nonNegative("deadTupleMin", deadTupleMin);
            nonNegative("staleStatsMinRows", staleStatsMinRows);
            fraction("bloatFraction", bloatFraction);
            nonNegative("bloatMinBytes", bloatMinBytes);
            nonNegative("seqScanMinTableBytes", seqScanMinTableBytes);
            nonNegative("seqScanMinScans", seqScanMinScans);
            fraction("seqScanFraction", seqScanFraction);
            if (wraparoundAge < 1 || wraparoundAge > (1L << 31)) {
                throw new IllegalArgumentException("wraparoundAge must be 1 to 2^31, was " + wraparoundAge);
            }
            fraction("cacheHitRatio", cacheHitRatio);
            nonNegative("cacheMinBlocks", cacheMinBlocks);
            positive("longRunningQuery", longRunningQuery);
            positive("idleInTransaction", idleInTransaction);
            notNegative("lockWait", lockWait);
            fraction("connectionFraction", connectionFraction);
            nonNegative("replicationLagBytes", replicationLagBytes);
            notNegative("replicationLag", replicationLag);
            nonNegative("slotRetainedBytes", slotRetainedBytes);
            notNegative("slowQueryMean", slowQueryMean);
            if (slowQueryMinCalls < 1) {
                throw new IllegalArgumentException("slowQueryMinCalls must be 1 or more, was " + slowQueryMinCalls);
            }
            return new HealthThresholds(this);
        }

        private static void nonNegative(String name, long value) {
            if (value < 0) {
                throw new IllegalArgumentException(name + " must be 0 or more, was " + value);
            }
        }

        private static void fraction(String name, double value) {
            if (!(value > 0 && value <= 1)) {
                throw new IllegalArgumentException(name + " must be in (0, 1], was " + value);
            }
        }

        private static void positive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
            }
        }

        private static void notNegative(String name, Duration value) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be zero or more, was " + value);
            }
        }
    }
}
