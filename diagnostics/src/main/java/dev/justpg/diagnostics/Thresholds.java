package dev.justpg.diagnostics;

import dev.justpg.core.Severity;

/**
 * When {@link PlanAdvisor} reports a finding. Build through {@link PlanAdvisor.Builder}.
 *
 * @param minScanRows a sequential scan is reported when it reads at least this many rows
 * @param maxScanSelectivity ... and keeps at most this share of them (0-1)
 * @param misestimateFactor a row estimate this many times off is reported
 * @param misestimateMinRows ... when the larger of estimate and actual, over all loops, is at least this
 * @param nestedLoopMinLoops a nested loop whose inner side runs this many times is reported
 * @param heapFetchMinRows an index-only scan is reported when it fetched at least this many heap rows
 * @param heapFetchMinShare ... and they are at least this share of its rows (0-1)
 * @param partitionMinCount an Append over at least this many partitions is checked for pruning
 * @param triggerMinShare a trigger taking at least this share of the execution time is reported (0-1)
 * @param triggerMinMs ... and at least this many milliseconds
 * @param jitMinShare JIT taking at least this share of the execution time is reported (0-1)
 * @param criticalShare a finding whose node takes at least this share of the time is critical (0-1)
 * @param warningShare ... at least this share, a warning; below, information (0-1)
 */
public record Thresholds(long minScanRows, double maxScanSelectivity, double misestimateFactor,
        long misestimateMinRows, long nestedLoopMinLoops, long heapFetchMinRows, double heapFetchMinShare,
        int partitionMinCount, double triggerMinShare, double triggerMinMs, double jitMinShare, double criticalShare,
        double warningShare) {

    /** The defaults, as documented on {@link PlanAdvisor.Builder}. */
    public static final Thresholds DEFAULT = new Thresholds(PlanAdvisor.DEFAULT_MIN_SCAN_ROWS,
            PlanAdvisor.DEFAULT_MAX_SCAN_SELECTIVITY, PlanAdvisor.DEFAULT_MISESTIMATE_FACTOR,
            PlanAdvisor.DEFAULT_MISESTIMATE_MIN_ROWS, PlanAdvisor.DEFAULT_NESTED_LOOP_MIN_LOOPS,
            PlanAdvisor.DEFAULT_HEAP_FETCH_MIN_ROWS, PlanAdvisor.DEFAULT_HEAP_FETCH_MIN_SHARE,
            PlanAdvisor.DEFAULT_PARTITION_MIN_COUNT, PlanAdvisor.DEFAULT_TRIGGER_MIN_SHARE,
            PlanAdvisor.DEFAULT_TRIGGER_MIN_MS, PlanAdvisor.DEFAULT_JIT_MIN_SHARE, PlanAdvisor.DEFAULT_CRITICAL_SHARE,
            PlanAdvisor.DEFAULT_WARNING_SHARE);

    /**
     * Validates the thresholds.
     *
     * @param minScanRows see the record description
     * @param maxScanSelectivity see the record description
     * @param misestimateFactor see the record description
     * @param misestimateMinRows see the record description
     * @param nestedLoopMinLoops see the record description
     * @param heapFetchMinRows see the record description
     * @param heapFetchMinShare see the record description
     * @param partitionMinCount see the record description
     * @param triggerMinShare see the record description
     * @param triggerMinMs see the record description
     * @param jitMinShare see the record description
     * @param criticalShare see the record description
     * @param warningShare see the record description
     * @throws IllegalArgumentException naming the bad setting
     */
    public Thresholds {
        positive("minScanRows", minScanRows);
        share("maxScanSelectivity", maxScanSelectivity);
        if (misestimateFactor <= 1) {
            throw new IllegalArgumentException("misestimateFactor must be more than 1, was " + misestimateFactor);
        }
        positive("misestimateMinRows", misestimateMinRows);
        positive("nestedLoopMinLoops", nestedLoopMinLoops);
        positive("heapFetchMinRows", heapFetchMinRows);
        share("heapFetchMinShare", heapFetchMinShare);
        if (partitionMinCount < 2) {
            throw new IllegalArgumentException("partitionMinCount must be at least 2, was " + partitionMinCount);
        }
        share("triggerMinShare", triggerMinShare);
        positive("triggerMinMs", triggerMinMs);
        share("jitMinShare", jitMinShare);
        share("criticalShare", criticalShare);
        share("warningShare", warningShare);
        if (warningShare > criticalShare) {
            throw new IllegalArgumentException("warningShare (" + warningShare + ") must not exceed criticalShare ("
                    + criticalShare + ")");
        }
    }

    private static void positive(String name, double v) {
        if (!(v > 0)) {
            throw new IllegalArgumentException(name + " must be positive, was " + v);
        }
    }

    private static void share(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, was " + v);
        }
    }

    /**
     * The severity for a node taking this share of the statement's time.
     *
     * @param share 0-1, or NaN when unknown
     * @return the severity; {@link Severity#MEDIUM} when unknown
     */
    public Severity severityFor(double share) {
        if (Double.isNaN(share)) {
            return Severity.MEDIUM;
        }
        return share >= criticalShare ? Severity.CRITICAL : share >= warningShare ? Severity.MEDIUM : Severity.INFO;
    }
}
