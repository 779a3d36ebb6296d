package dev.justpg.diagnostics;

import dev.justpg.core.Database;
import dev.justpg.diagnostics.internal.PartitionCatalog;
import dev.justpg.diagnostics.internal.rules.Rules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link Plan} into {@link Finding}s: typed problems with severity, evidence and a
 * suggested action (an index with its {@code CREATE INDEX CONCURRENTLY} statement, ANALYZE or
 * extended statistics, {@code work_mem}, VACUUM, partition filters, parallel workers, trigger
 * and foreign-key indexes, JIT settings).
 *
 * <pre>{@code
 * List<Finding> findings = PlanAdvisor.defaults().findings(plan);
 * findings.get(0).sql();   // CREATE INDEX CONCURRENTLY ON "users" ("email")
 * }</pre>
 *
 * <p>An index for a filter on a partition is suggested on its partitioned table, which creates it
 * on every partition. The parent is found from the plan (the names PostgreSQL gives the
 * partitions of one table reference); when the plan cannot tell and the advisor was built with
 * {@link Builder#database(Database)}, from the catalog.
 *
 * <p>Immutable and thread-safe. Findings come most severe first; a healthy plan has none.
 */
public final class PlanAdvisor {

    /** Default {@link Builder#minScanRows(long)}: 10,000 rows. */
    public static final long DEFAULT_MIN_SCAN_ROWS = 10_000;
    /** Default {@link Builder#maxScanSelectivity(double)}: 5% of the rows read. */
    public static final double DEFAULT_MAX_SCAN_SELECTIVITY = 0.05;
    /** Default {@link Builder#misestimateFactor(double)}: 10 times off. */
    public static final double DEFAULT_MISESTIMATE_FACTOR = 10;
    /** Default {@link Builder#misestimateMinRows(long)}: 1,000 rows. */
    public static final long DEFAULT_MISESTIMATE_MIN_ROWS = 1_000;
    /** Default {@link Builder#nestedLoopMinLoops(long)}: 1,000 loops. */
    public static final long DEFAULT_NESTED_LOOP_MIN_LOOPS = 1_000;
    /** Default {@link Builder#heapFetchMinRows(long)}: 1,000 heap fetches. */
    public static final long DEFAULT_HEAP_FETCH_MIN_ROWS = 1_000;
    /** Default {@link Builder#heapFetchMinShare(double)}: 10% of the rows. */
    public static final double DEFAULT_HEAP_FETCH_MIN_SHARE = 0.1;
    /** Default {@link Builder#partitionMinCount(int)}: 3 partitions. */
    public static final int DEFAULT_PARTITION_MIN_COUNT = 3;
    /** Default {@link Builder#triggerMinShare(double)}: 20% of the execution time. */
    public static final double DEFAULT_TRIGGER_MIN_SHARE = 0.2;
    /** Default {@link Builder#triggerMinMs(double)}: 10 ms. */
    public static final double DEFAULT_TRIGGER_MIN_MS = 10;
    /** Default {@link Builder#jitMinShare(double)}: 30% of the execution time. */
    public static final double DEFAULT_JIT_MIN_SHARE = 0.3;
    /** Default {@link Builder#criticalShare(double)}: 50% of the time. */
    public static final double DEFAULT_CRITICAL_SHARE = 0.5;
    /** Default {@link Builder#warningShare(double)}: 10% of the time. */
    public static final double DEFAULT_WARNING_SHARE = 0.1;

    private static final Logger LOG = LoggerFactory.getLogger(PlanAdvisor.class);
    private static final PlanAdvisor DEFAULTS = new PlanAdvisor(Thresholds.DEFAULT, null);

    private final Thresholds thresholds;
    private final Database database;

    private PlanAdvisor(Thresholds thresholds, Database database) {
        this.thresholds = thresholds;
        this.database = database;
    }

    /**
     * An advisor with {@link Thresholds#DEFAULT}.
     *
     * @return the advisor
     */
    public static PlanAdvisor defaults() {
        return DEFAULTS;
    }

    /**
     * A builder for other thresholds.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The thresholds in use.
     *
     * @return the thresholds
     */
    public Thresholds thresholds() {
        return thresholds;
    }

    /**
     * The findings for a plan, most severe first, then by the time their node took.
     *
     * @param plan the plan
     * @return the findings; empty for a healthy plan
     */
    public List<Finding> findings(Plan plan) {
        Objects.requireNonNull(plan, "plan must not be null");
        List<Finding> out = new ArrayList<>();
        Rules.run(plan, thresholds, database == null ? (schema, table) -> java.util.Optional.empty()
                : new PartitionCatalog(database)::root, out);
        PlanMetrics m = plan.metrics();
        out.sort(Comparator.comparing(Finding::severity).reversed().thenComparing(Comparator.comparingDouble(
                (Finding f) -> f.nodeId().isPresent()
                        ? m.nodes().get(f.nodeId().getAsInt()).inclusiveTimeMs().orElse(0) : 0).reversed()));
        return Collections.unmodifiableList(out);
    }

    /** Builds a {@link PlanAdvisor}; every setting has a {@code DEFAULT_*} constant. */
    public static final class Builder {
        private long minScanRows = DEFAULT_MIN_SCAN_ROWS;
        private double maxScanSelectivity = DEFAULT_MAX_SCAN_SELECTIVITY;
        private double misestimateFactor = DEFAULT_MISESTIMATE_FACTOR;
        private long misestimateMinRows = DEFAULT_MISESTIMATE_MIN_ROWS;
        private long nestedLoopMinLoops = DEFAULT_NESTED_LOOP_MIN_LOOPS;
        private long heapFetchMinRows = DEFAULT_HEAP_FETCH_MIN_ROWS;
        private double heapFetchMinShare = DEFAULT_HEAP_FETCH_MIN_SHARE;
        private int partitionMinCount = DEFAULT_PARTITION_MIN_COUNT;
        private double triggerMinShare = DEFAULT_TRIGGER_MIN_SHARE;
        private double triggerMinMs = DEFAULT_TRIGGER_MIN_MS;
        private double jitMinShare = DEFAULT_JIT_MIN_SHARE;
        private double criticalShare = DEFAULT_CRITICAL_SHARE;
        private double warningShare = DEFAULT_WARNING_SHARE;
        private Database database;

        private Builder() {
        }

        /**
         * A database to ask for the partitioned table of a partition when the plan cannot tell
         * (default: none, the plan alone). The catalog is read only, once per partition per
         * {@link PlanAdvisor#findings(Plan)} call, and a failure to read it leaves the suggestion on
         * the partition.
         *
         * @param database the database the plan was made on, or null for none
         * @return this builder
         */
        public Builder database(Database database) {
            this.database = database;
            return this;
        }

        /**
         * Rows a sequential scan must read to be reported (default {@link #DEFAULT_MIN_SCAN_ROWS}).
         *
         * @param rows the minimum
         * @return this builder
         */
        public Builder minScanRows(long rows) {
            this.minScanRows = rows;
            return this;
        }

        /**
         * Largest share of the rows read a reported sequential scan keeps (default
         * {@link #DEFAULT_MAX_SCAN_SELECTIVITY}).
         *
         * @param share 0-1
         * @return this builder
         */
        public Builder maxScanSelectivity(double share) {
            this.maxScanSelectivity = share;
            return this;
        }

        /**
         * How many times off a row estimate must be (default {@link #DEFAULT_MISESTIMATE_FACTOR}).
         *
         * @param factor more than 1
         * @return this builder
         */
        public Builder misestimateFactor(double factor) {
            this.misestimateFactor = factor;
            return this;
        }

        /**
         * Rows (estimated or actual, all loops) a misestimated node must handle (default
         * {@link #DEFAULT_MISESTIMATE_MIN_ROWS}).
         *
         * @param rows the minimum
         * @return this builder
         */
        public Builder misestimateMinRows(long rows) {
            this.misestimateMinRows = rows;
            return this;
        }

        /**
         * Loops of a nested loop's inner side to report it (default {@link #DEFAULT_NESTED_LOOP_MIN_LOOPS}).
         *
         * @param loops the minimum
         * @return this builder
         */
        public Builder nestedLoopMinLoops(long loops) {
            this.nestedLoopMinLoops = loops;
            return this;
        }

        /**
         * Heap fetches of an index-only scan to report it (default {@link #DEFAULT_HEAP_FETCH_MIN_ROWS}).
         *
         * @param rows the minimum
         * @return this builder
         */
        public Builder heapFetchMinRows(long rows) {
            this.heapFetchMinRows = rows;
            return this;
        }

        /**
         * Share of an index-only scan's rows fetched from the heap to report it (default
         * {@link #DEFAULT_HEAP_FETCH_MIN_SHARE}).
         *
         * @param share 0-1
         * @return this builder
         */
        public Builder heapFetchMinShare(double share) {
            this.heapFetchMinShare = share;
            return this;
        }

        /**
         * Partitions an Append must cover to be checked for pruning (default
         * {@link #DEFAULT_PARTITION_MIN_COUNT}).
         *
         * @param count at least 2
         * @return this builder
         */
        public Builder partitionMinCount(int count) {
            this.partitionMinCount = count;
            return this;
        }

        /**
         * Share of the execution time a trigger must take (default {@link #DEFAULT_TRIGGER_MIN_SHARE}).
         *
         * @param share 0-1
         * @return this builder
         */
        public Builder triggerMinShare(double share) {
            this.triggerMinShare = share;
            return this;
        }

        /**
         * Milliseconds a trigger must take (default {@link #DEFAULT_TRIGGER_MIN_MS}).
         *
         * @param ms the minimum
         * @return this builder
         */
        public Builder triggerMinMs(double ms) {
            this.triggerMinMs = ms;
            return this;
        }

        /**
         * Share of the execution time JIT must take (default {@link #DEFAULT_JIT_MIN_SHARE}).
         *
         * @param share 0-1
         * @return this builder
         */
        public Builder jitMinShare(double share) {
            this.jitMinShare = share;
            return this;
        }

        /**
         * Share of the time that makes a finding critical (default {@link #DEFAULT_CRITICAL_SHARE}).
         *
         * @param share 0-1
         * @return this builder
         */
        public Builder criticalShare(double share) {
            this.criticalShare = share;
            return this;
        }

        /**
         * Share of the time that makes a finding {@code MEDIUM} (default {@link #DEFAULT_WARNING_SHARE}).
         *
         * @param share 0-1
         * @return this builder
         */
        public Builder warningShare(double share) {
            this.warningShare = share;
            return this;
        }

        /**
         * Builds the advisor.
         *
         * @return the advisor
         * @throws IllegalArgumentException naming a bad setting
         */
        public PlanAdvisor build() {
            Thresholds t = new Thresholds(minScanRows, maxScanSelectivity, misestimateFactor, misestimateMinRows,
                    nestedLoopMinLoops, heapFetchMinRows, heapFetchMinShare, partitionMinCount, triggerMinShare,
                    triggerMinMs, jitMinShare, criticalShare, warningShare);
            LOG.info("justpg PlanAdvisor: {}, catalog lookups {}", t, database == null ? "off" : "on");
            return new PlanAdvisor(t, database);
        }
    }
}
