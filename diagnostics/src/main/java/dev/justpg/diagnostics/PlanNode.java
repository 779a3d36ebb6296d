package dev.justpg.diagnostics;

import dev.justpg.diagnostics.internal.NodeDraft;
import dev.justpg.diagnostics.internal.NodeKey;
import dev.justpg.diagnostics.internal.Props;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One node of a {@link Plan}: what PostgreSQL did (node type, target, conditions), what it
 * expected (costs, rows) and, with {@code ANALYZE}, what happened (times, rows, loops, buffers).
 * Every property is available under the name PostgreSQL uses in JSON output through
 * {@link #property(String)}; the ones justpg does not type are in {@link #extras()}, verbatim.
 *
 * <p>Immutable. Times and rows are PostgreSQL's own figures: per-loop averages (and, in a parallel
 * plan, averages over the processes). {@link PlanMetrics} turns them into totals and exclusive
 * times.
 */
public final class PlanNode {

    private final int id;
    private final int depth;
    private final PlanNode parent;
    private final Props props;
    private final List<PlanNode> children;
    private final List<WorkerStats> workers;
    private final NodeRelationship relationship;

    PlanNode(NodeDraft draft, PlanNode parent, int depth, List<PlanNode> all) {
        this.id = all.size();
        all.add(this);
        this.depth = depth;
        this.parent = parent;
        this.props = draft.props;
        this.relationship = parent == null ? NodeRelationship.ROOT
                : NodeRelationship.of(draft.props.text(NodeKey.PARENT_RELATIONSHIP));
        List<WorkerStats> w = new ArrayList<>(draft.workers.size());
        for (Props p : draft.workers) {
            w.add(new WorkerStats(p));
        }
        this.workers = Collections.unmodifiableList(w);
        List<PlanNode> c = new ArrayList<>(draft.children.size());
        for (NodeDraft d : draft.children) {
            c.add(new PlanNode(d, this, depth + 1, all));
        }
        this.children = Collections.unmodifiableList(c);
    }

    Props props() {
        return props;
    }

    /**
     * The node's number: its position in a depth-first walk from the root (0).
     *
     * @return the id, unique within the plan
     */
    public int id() {
        return id;
    }

    /**
     * How deep the node is.
     *
     * @return 0 for the root
     */
    public int depth() {
        return depth;
    }

    /**
     * The parent node.
     *
     * @return the parent, empty for the root
     */
    public Optional<PlanNode> parent() {
        return Optional.ofNullable(parent);
    }

    /**
     * The child nodes in PostgreSQL's order: init plans and CTEs, outer, inner, members, subplans.
     *
     * @return the children, unmodifiable
     */
    public List<PlanNode> children() {
        return children;
    }

    /**
     * How the node hangs under its parent.
     *
     * @return the relationship; {@link NodeRelationship#ROOT} for the root
     */
    public NodeRelationship relationship() {
        return relationship;
    }

    /**
     * Whether the node is a CTE's plan ({@code CTE name} in TEXT output).
     *
     * @return true for CTE plans
     */
    public boolean isCte() {
        return relationship == NodeRelationship.INIT_PLAN && subplanName().map(n -> n.startsWith("CTE ")).orElse(false);
    }

    /**
     * The node type as PostgreSQL names it in JSON: {@code Seq Scan}, {@code Hash Join},
     * {@code Aggregate}, {@code ModifyTable}, ...
     *
     * @return the node type
     */
    public String nodeType() {
        String t = props.text(NodeKey.NODE_TYPE);
        return t == null ? "?" : t;
    }

    /**
     * The node's name as TEXT output shows it: {@code Parallel Seq Scan}, {@code Hash Left Join},
     * {@code HashAggregate}, {@code Index Scan Backward}, {@code Insert}.
     *
     * @return the display name
     */
    public String displayName() {
        return NodeNames.display(this);
    }

    /**
     * A short description: the display name and what it reads, for example
     * {@code Seq Scan on users u} or {@code Index Scan using users_pkey on users}.
     *
     * @return the description
     */
    public String describe() {
        return NodeNames.describe(this);
    }

    /**
     * Whether the node is parallel aware ({@code Parallel} prefix).
     *
     * @return true when parallel aware
     */
    public boolean parallelAware() {
        return Boolean.TRUE.equals(props.bool(NodeKey.PARALLEL_AWARE));
    }

    /**
     * Whether the node runs asynchronously ({@code Async} prefix).
     *
     * @return true when async capable
     */
    public boolean asyncCapable() {
        return Boolean.TRUE.equals(props.bool(NodeKey.ASYNC_CAPABLE));
    }

    /**
     * Whether the planner used this node although its type was disabled ({@code enable_* = off}).
     *
     * @return true when disabled (PostgreSQL 18+ reports it)
     */
    public boolean disabled() {
        return Boolean.TRUE.equals(props.bool(NodeKey.DISABLED));
    }

    /**
     * Whether the join's inner side can match at most one row.
     *
     * @return the flag, empty when not reported (TEXT output shows it only with VERBOSE)
     */
    public Optional<Boolean> innerUnique() {
        return Optional.ofNullable(props.bool(NodeKey.INNER_UNIQUE));
    }

    /**
     * Whether ANALYZE figures are present for this node.
     *
     * @return true when {@link #actualLoops()} is known
     */
    public boolean hasActuals() {
        return props.has(NodeKey.ACTUAL_LOOPS);
    }

    /**
     * Whether the node was never run ({@code (never executed)}): its input produced nothing to
     * ask it for, or a condition made it unnecessary.
     *
     * @return true when ANALYZE shows zero loops
     */
    public boolean neverExecuted() {
        return props.has(NodeKey.ACTUAL_LOOPS) && props.num(NodeKey.ACTUAL_LOOPS) == 0;
    }

    /**
     * The InitPlan, SubPlan or CTE name this node runs under, such as {@code InitPlan 1 (returns $0)} or {@code CTE recent}.
     *
     * @return the value, empty when the plan does not have it
     */
    public Optional<String> subplanName() {
        return PropsView.text(props, NodeKey.SUBPLAN_NAME);
    }

    /**
     * Aggregate or SetOp strategy: {@code Plain}, {@code Sorted}, {@code Hashed}, {@code Mixed}.
     *
     * @return the value, empty when the plan does not have it
     */
    public Optional<String> strategy() {
        return PropsView.text(props, NodeKey.STRATEGY);
    }

    /**
     * Aggregate mode in parallel plans: {@code Simple}, {@code Partial}, {@code Finalize}.
     *
     * @return the value, empty when the plan does not have it
     */
    public Optional<String> partialMode() {
        return PropsView.text(props, NodeKey.PARTIAL_MODE);
    }

    /**
     * ModifyTable or Foreign Scan operation: {@code Insert}, {@code Update}, {@code Delete}, {@code Merge}, {@code Select}.
     *
     * @return the value, empty when the plan does not have it
     */
    public Optional<String> operation() {
        return PropsView.text(props, NodeKey.OPERATION);
    }

    /**
     * Join type: {@code Inner}, {@code Left}, {@code Full}, {@code Right}, {@code Semi}, {@code Anti}.
     *
     * @return the value, empty when the plan does not have it
     */
    public Optional<String> joinType() {
        return PropsView.text(props, NodeKey.JOIN_TYPE);
    }

    /**
     * SetOp command: {@code Intersect}, {@code Except}, ...
     *
     * @return the value, empty when the plan does not have it
     */
    public Optional<String> command() {
        return PropsView.text(props, NodeKey.COMMAND);
    }

    /**
     * Index scan direction: {@code Forward} or {@code Backward}.
     *
     * @return the value, empty when the plan does not have it
     */
    public Optional<String> scanDirection() {
        return PropsView.text(props, NodeKey.SCAN_DIRECTION);
    }

    /**
     * The provider of a Custom Scan.
     *
     * @return the value, empty when the plan does not have it
     */
    public Optional<String> customPlanProvider() {
        return PropsView.text(props, NodeKey.CUSTOM_PLAN_PROVIDER);
    }

    /**
     * The table scanned or modified.
     *
     * @return the value, empty when the plan does not have it
     */
    public Optional<String> relationName() {
        return PropsView.text(props, NodeKey.RELATION_NAME);
    }

    /**
     * The table's schema (VERBOSE output only).
     *
     * @return the value, empty when the plan does not have it
     */
    public Optional<String> schema() {
        return PropsView.text(props, NodeKey.SCHEMA);
    }

    /**
     * The alias the query gives the scanned object.
     *
     * @return the value, empty when the plan does not have it
     */
    public Optional<String> alias() {
        return PropsView.text(props, NodeKey.ALIAS);
    }

    /**
     * The index used.
     *
     * @return the value, empty when the plan does not have it
     */
    public Optional<String> indexName() {
        return PropsView.text(props, NodeKey.INDEX_NAME);
    }

    /**
     * The CTE read by a CTE Scan or WorkTable Scan.
     *
     * @return the value, empty when the plan does not have it
     */
    public Optional<String> cteName() {
        return PropsView.text(props, NodeKey.CTE_NAME);
    }

    /**
     * The function read by a Function Scan.
     *
     * @return the value, empty when the plan does not have it
     */
    public Optional<String> functionName() {
        return PropsView.text(props, NodeKey.FUNCTION_NAME);
    }

    /**
     * Condition applied to each row after it is read ({@code Filter}).
     *
     * @return the value, empty when the plan does not have it
     */
    public Optional<String> filter() {
        return PropsView.text(props, NodeKey.FILTER);
    }

    /**
     * Condition applied to each joined row ({@code Join Filter}).
     *
     * @return the value, empty when the plan does not have it
     */
    public Optional<String> joinFilter() {
        return PropsView.text(props, NodeKey.JOIN_FILTER);
    }

    /**
     * Condition the index answers ({@code Index Cond}).
     *
     * @return the value, empty when the plan does not have it
     */
    public Optional<String> indexCond() {
        return PropsView.text(props, NodeKey.INDEX_COND);
    }

    /**
     * Condition a Bitmap Heap Scan checks on the rows it reads ({@code Recheck Cond}).
     *
     * @return the value, empty when the plan does not have it
     */
    public Optional<String> recheckCond() {
        return PropsView.text(props, NodeKey.RECHECK_COND);
    }

    /**
     * Hash join condition ({@code Hash Cond}).
     *
     * @return the value, empty when the plan does not have it
     */
    public Optional<String> hashCond() {
        return PropsView.text(props, NodeKey.HASH_COND);
    }

    /**
     * Merge join condition ({@code Merge Cond}).
     *
     * @return the value, empty when the plan does not have it
     */
    public Optional<String> mergeCond() {
        return PropsView.text(props, NodeKey.MERGE_COND);
    }

    /**
     * Condition on tuple ids ({@code TID Cond}).
     *
     * @return the value, empty when the plan does not have it
     */
    public Optional<String> tidCond() {
        return PropsView.text(props, NodeKey.TID_COND);
    }

    /**
     * Condition checked once ({@code One-Time Filter}).
     *
     * @return the value, empty when the plan does not have it
     */
    public Optional<String> oneTimeFilter() {
        return PropsView.text(props, NodeKey.ONE_TIME_FILTER);
    }

    /**
     * Ordering an index provides ({@code Order By}, for example a KNN search).
     *
     * @return the value, empty when the plan does not have it
     */
    public Optional<String> orderBy() {
        return PropsView.text(props, NodeKey.ORDER_BY);
    }

    /**
     * Sort method: {@code quicksort}, {@code top-N heapsort}, {@code external merge}, ...
     *
     * @return the value, empty when the plan does not have it
     */
    public Optional<String> sortMethod() {
        return PropsView.text(props, NodeKey.SORT_METHOD);
    }

    /**
     * Where the sort ran: {@code Memory} or {@code Disk}.
     *
     * @return the value, empty when the plan does not have it
     */
    public Optional<String> sortSpaceType() {
        return PropsView.text(props, NodeKey.SORT_SPACE_TYPE);
    }

    /**
     * Memoize cache key.
     *
     * @return the value, empty when the plan does not have it
     */
    public Optional<String> cacheKey() {
        return PropsView.text(props, NodeKey.CACHE_KEY);
    }

    /**
     * Estimated cost before the first row, in planner units.
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalDouble startupCost() {
        return PropsView.num(props, NodeKey.STARTUP_COST);
    }

    /**
     * Estimated cost of all rows, in planner units (includes the children).
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalDouble totalCost() {
        return PropsView.num(props, NodeKey.TOTAL_COST);
    }

    /**
     * Estimated rows per loop (per process in a parallel plan).
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalDouble planRows() {
        return PropsView.num(props, NodeKey.PLAN_ROWS);
    }

    /**
     * Estimated average row width in bytes.
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalDouble planWidth() {
        return PropsView.num(props, NodeKey.PLAN_WIDTH);
    }

    /**
     * Measured time to the first row, in ms, averaged per loop.
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalDouble actualStartupTime() {
        return PropsView.num(props, NodeKey.ACTUAL_STARTUP_TIME);
    }

    /**
     * Measured time to the last row, in ms, averaged per loop (includes the children).
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalDouble actualTotalTime() {
        return PropsView.num(props, NodeKey.ACTUAL_TOTAL_TIME);
    }

    /**
     * Measured rows, averaged per loop.
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalDouble actualRows() {
        return PropsView.num(props, NodeKey.ACTUAL_ROWS);
    }

    /**
     * How many times the node ran (summed over parallel processes).
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalDouble actualLoops() {
        return PropsView.num(props, NodeKey.ACTUAL_LOOPS);
    }

    /**
     * Rows the {@code Filter} discarded, averaged per loop.
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalDouble rowsRemovedByFilter() {
        return PropsView.num(props, NodeKey.ROWS_REMOVED_BY_FILTER);
    }

    /**
     * Rows the {@code Join Filter} discarded, averaged per loop.
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalDouble rowsRemovedByJoinFilter() {
        return PropsView.num(props, NodeKey.ROWS_REMOVED_BY_JOIN_FILTER);
    }

    /**
     * Rows a recheck discarded (lossy bitmap pages, lossy operators), averaged per loop.
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalDouble rowsRemovedByIndexRecheck() {
        return PropsView.num(props, NodeKey.ROWS_REMOVED_BY_INDEX_RECHECK);
    }

    /**
     * Index Only Scan rows that still had to visit the table (pages not all-visible).
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalDouble heapFetches() {
        return PropsView.num(props, NodeKey.HEAP_FETCHES);
    }

    /**
     * Memory or disk the sort used, in kB.
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalLong sortSpaceUsedKb() {
        return PropsView.count(props, NodeKey.SORT_SPACE_USED);
    }

    /**
     * Hash table buckets.
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalLong hashBuckets() {
        return PropsView.count(props, NodeKey.HASH_BUCKETS);
    }

    /**
     * Hash table buckets planned.
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalLong originalHashBuckets() {
        return PropsView.count(props, NodeKey.ORIGINAL_HASH_BUCKETS);
    }

    /**
     * Hash batches; more than one means the hash spilled to disk.
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalLong hashBatches() {
        return PropsView.count(props, NodeKey.HASH_BATCHES);
    }

    /**
     * Hash batches planned.
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalLong originalHashBatches() {
        return PropsView.count(props, NodeKey.ORIGINAL_HASH_BATCHES);
    }

    /**
     * Peak memory of a Hash, HashAggregate or Memoize node, in kB.
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalLong peakMemoryUsageKb() {
        return PropsView.count(props, NodeKey.PEAK_MEMORY_USAGE);
    }

    /**
     * Partitions a HashAggregate planned to spill into.
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalLong plannedPartitions() {
        return PropsView.count(props, NodeKey.PLANNED_PARTITIONS);
    }

    /**
     * HashAggregate batches; more than one means it spilled to disk.
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalLong hashAggBatches() {
        return PropsView.count(props, NodeKey.HASHAGG_BATCHES);
    }

    /**
     * Disk a HashAggregate used, in kB.
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalLong diskUsageKb() {
        return PropsView.count(props, NodeKey.DISK_USAGE);
    }

    /**
     * Memoize cache hits.
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalLong cacheHits() {
        return PropsView.count(props, NodeKey.CACHE_HITS);
    }

    /**
     * Memoize cache misses.
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalLong cacheMisses() {
        return PropsView.count(props, NodeKey.CACHE_MISSES);
    }

    /**
     * Memoize cache evictions.
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalLong cacheEvictions() {
        return PropsView.count(props, NodeKey.CACHE_EVICTIONS);
    }

    /**
     * Bitmap Heap Scan pages read with an exact bitmap.
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalLong exactHeapBlocks() {
        return PropsView.count(props, NodeKey.EXACT_HEAP_BLOCKS);
    }

    /**
     * Bitmap Heap Scan pages read with a lossy bitmap (every row rechecked).
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalLong lossyHeapBlocks() {
        return PropsView.count(props, NodeKey.LOSSY_HEAP_BLOCKS);
    }

    /**
     * Parallel workers the planner asked for (Gather, Gather Merge).
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalLong workersPlanned() {
        return PropsView.count(props, NodeKey.WORKERS_PLANNED);
    }

    /**
     * Parallel workers that actually started.
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalLong workersLaunched() {
        return PropsView.count(props, NodeKey.WORKERS_LAUNCHED);
    }

    /**
     * Append/Merge Append children pruned at executor start-up.
     *
     * @return the value, empty when the plan does not have it
     */
    public OptionalLong subplansRemoved() {
        return PropsView.count(props, NodeKey.SUBPLANS_REMOVED);
    }

    /**
     * Output columns (VERBOSE).
     *
     * @return the items, empty when the plan does not have them
     */
    public List<String> output() {
        return props.list(NodeKey.OUTPUT);
    }

    /**
     * Sort keys.
     *
     * @return the items, empty when the plan does not have them
     */
    public List<String> sortKey() {
        return props.list(NodeKey.SORT_KEY);
    }

    /**
     * Keys already sorted (Incremental Sort).
     *
     * @return the items, empty when the plan does not have them
     */
    public List<String> presortedKey() {
        return props.list(NodeKey.PRESORTED_KEY);
    }

    /**
     * Grouping keys.
     *
     * @return the items, empty when the plan does not have them
     */
    public List<String> groupKey() {
        return props.list(NodeKey.GROUP_KEY);
    }

    /**
     * Buffer usage, including children.
     *
     * @return the counters, empty without {@code BUFFERS} (or, in TEXT, when all were zero)
     */
    public Optional<Buffers> buffers() {
        return PropsView.buffers(props);
    }

    /**
     * I/O timings, including children.
     *
     * @return the timings, empty unless {@code track_io_timing} was on and (in TEXT) non-zero
     */
    public Optional<IoTimings> ioTimings() {
        return PropsView.ioTimings(props);
    }

    /**
     * WAL generated, including children.
     *
     * @return the usage, empty without {@code WAL}
     */
    public Optional<WalUsage> wal() {
        return PropsView.wal(props);
    }

    /**
     * Per-worker figures of a parallel node.
     *
     * @return the workers, in worker order
     */
    public List<WorkerStats> workers() {
        return workers;
    }

    /**
     * Any property by the name PostgreSQL gives it in JSON output, typed by justpg or not.
     *
     * @param jsonName for example {@code "Rows Removed by Filter"} or {@code "Remote SQL"}
     * @return the value: Double for numbers, String, Boolean, List or Map
     */
    public Optional<Object> property(String jsonName) {
        return PropsView.property(props, jsonName);
    }

    /**
     * The properties justpg does not type, kept verbatim.
     *
     * @return name to value (String, Number, Boolean, List or Map), in input order
     */
    public Map<String, Object> extras() {
        return props.extras();
    }

    /**
     * All nodes of this subtree, this one first, depth first.
     *
     * @return the nodes
     */
    public List<PlanNode> subtree() {
        List<PlanNode> out = new ArrayList<>();
        collect(this, out);
        return out;
    }

    private static void collect(PlanNode n, List<PlanNode> out) {
        out.add(n);
        for (PlanNode c : n.children) {
            collect(c, out);
        }
    }

    @Override
    public String toString() {
        return "#" + id + " " + describe();
    }
}
