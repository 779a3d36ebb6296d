package dev.justpg.diagnostics;

/** What a {@link Finding} is about. */
public enum FindingType {
    /** A sequential scan read many rows to keep few: an index would read only those. */
    SEQ_SCAN_SELECTIVE_FILTER,
    /** The planner's row estimate was far off, which leads it to wrong join and scan choices. */
    ROW_MISESTIMATE,
    /** A nested loop ran its inner side very many times (the plan-level N+1). */
    NESTED_LOOP_MANY_LOOPS,
    /** A sort did not fit in {@code work_mem} and went to disk. */
    SORT_SPILL,
    /** A hash (join) did not fit in memory and was split into batches on disk. */
    HASH_SPILL,
    /** A hash aggregate did not fit in memory and spilled to disk. */
    HASH_AGGREGATE_SPILL,
    /** A bitmap heap scan's bitmap became lossy: every row of those pages was rechecked. */
    LOSSY_BITMAP,
    /** An index-only scan still visited the table: the visibility map is out of date. */
    HEAP_FETCHES,
    /** Every partition was scanned although most returned nothing: pruning did not happen. */
    PARTITIONS_NOT_PRUNED,
    /** Parallel workers were planned but fewer started. */
    WORKERS_NOT_LAUNCHED,
    /** A trigger took a large share of the time. */
    SLOW_TRIGGER,
    /** A foreign-key check took a large share of the time (usually an unindexed referencing column). */
    SLOW_FOREIGN_KEY_CHECK,
    /** JIT compilation took a large share of a short query. */
    JIT_DOMINATES
}
