package dev.justpg.diagnostics;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Figures derived for one node by {@link PlanMetrics}. Times are wall-clock milliseconds over
 * all loops; for nodes under a Gather they are per-process averages, since the processes run at
 * the same time. Where the reported numbers cannot give a figure, it is empty and
 * {@link #note()} says why.
 *
 * @param nodeId the node's {@link PlanNode#id()}
 * @param inclusiveTimeMs time of the node and everything it ran (children, subplans), all loops
 * @param exclusiveTimeMs time of the node alone
 * @param accuracy how far to trust the exclusive time
 * @param note why a time is missing or estimated; empty when there is nothing to say
 * @param parallelProcesses processes that ran the node (workers launched plus the leader), 1 outside parallel plans
 * @param totalRows rows over all loops and processes
 * @param totalRowsRemoved rows discarded by filters and rechecks over all loops
 * @param estimate the row estimate error, when the node ran
 * @param exclusiveCost the node's own share of the estimated cost (rough)
 * @param percentOfTotal exclusive time as a share of the whole statement, 0-100
 * @param ioReadTimeMs I/O read time over every scope, including children
 * @param ioWriteTimeMs I/O write time over every scope, including children
 * @param exclusiveIoReadTimeMs I/O read time of the node alone
 * @param exclusiveIoWriteTimeMs I/O write time of the node alone
 * @param readBlocksPerSecond blocks read per second of I/O read time
 * @param writtenBlocksPerSecond blocks written per second of I/O write time
 */
public record NodeMetrics(int nodeId, OptionalDouble inclusiveTimeMs, OptionalDouble exclusiveTimeMs,
        Accuracy accuracy, Optional<String> note, int parallelProcesses, OptionalDouble totalRows,
        OptionalDouble totalRowsRemoved, Optional<EstimateError> estimate, OptionalDouble exclusiveCost,
        OptionalDouble percentOfTotal, OptionalDouble ioReadTimeMs, OptionalDouble ioWriteTimeMs,
        OptionalDouble exclusiveIoReadTimeMs, OptionalDouble exclusiveIoWriteTimeMs,
        OptionalDouble readBlocksPerSecond, OptionalDouble writtenBlocksPerSecond) {

    /** How far to trust a derived time. */
    public enum Accuracy {
        /** Follows from the measured figures. */
        MEASURED,
        /**
         * Follows from averages (parallel workers) or from splitting a shared CTE's time between
         * the scans that read it.
         */
        ESTIMATED,
        /** Cannot be computed from what the plan reports; see the note. */
        UNKNOWN
    }
}
