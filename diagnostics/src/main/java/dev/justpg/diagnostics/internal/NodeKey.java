package dev.justpg.diagnostics.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Every plan-node property justpg types, under the name PostgreSQL gives it in JSON output
 * ({@code explain.c}). The same names are used for YAML; XML uses {@link #xmlTag()}.
 */
public enum NodeKey {
    // identity
    NODE_TYPE("Node Type", Kind.TEXT),
    STRATEGY("Strategy", Kind.TEXT),
    PARTIAL_MODE("Partial Mode", Kind.TEXT),
    OPERATION("Operation", Kind.TEXT),
    PARENT_RELATIONSHIP("Parent Relationship", Kind.TEXT),
    SUBPLAN_NAME("Subplan Name", Kind.TEXT),
    CUSTOM_PLAN_PROVIDER("Custom Plan Provider", Kind.TEXT),
    PARALLEL_AWARE("Parallel Aware", Kind.BOOL),
    ASYNC_CAPABLE("Async Capable", Kind.BOOL),
    JOIN_TYPE("Join Type", Kind.TEXT),
    COMMAND("Command", Kind.TEXT),
    SCAN_DIRECTION("Scan Direction", Kind.TEXT),
    INDEX_NAME("Index Name", Kind.TEXT),
    RELATION_NAME("Relation Name", Kind.TEXT),
    FUNCTION_NAME("Function Name", Kind.TEXT),
    TABLE_FUNCTION_NAME("Table Function Name", Kind.TEXT),
    CTE_NAME("CTE Name", Kind.TEXT),
    TUPLESTORE_NAME("Tuplestore Name", Kind.TEXT),
    SCHEMA("Schema", Kind.TEXT),
    ALIAS("Alias", Kind.TEXT),
    // estimates
    STARTUP_COST("Startup Cost", Kind.NUM),
    TOTAL_COST("Total Cost", Kind.NUM),
    PLAN_ROWS("Plan Rows", Kind.NUM),
    PLAN_WIDTH("Plan Width", Kind.NUM),
    // actuals
    ACTUAL_STARTUP_TIME("Actual Startup Time", Kind.NUM),
    ACTUAL_TOTAL_TIME("Actual Total Time", Kind.NUM),
    ACTUAL_ROWS("Actual Rows", Kind.NUM),
    ACTUAL_LOOPS("Actual Loops", Kind.NUM),
    DISABLED("Disabled", Kind.BOOL),
    OUTPUT("Output", Kind.LIST),
    INNER_UNIQUE("Inner Unique", Kind.BOOL),
    // conditions
    INDEX_COND("Index Cond", Kind.TEXT),
    RECHECK_COND("Recheck Cond", Kind.TEXT),
    TID_COND("TID Cond", Kind.TEXT),
    ORDER_BY("Order By", Kind.TEXT),
    MERGE_COND("Merge Cond", Kind.TEXT),
    HASH_COND("Hash Cond", Kind.TEXT),
    JOIN_FILTER("Join Filter", Kind.TEXT),
    FILTER("Filter", Kind.TEXT),
    ONE_TIME_FILTER("One-Time Filter", Kind.TEXT),
    RUN_CONDITION("Run Condition", Kind.TEXT),
    ROWS_REMOVED_BY_INDEX_RECHECK("Rows Removed by Index Recheck", Kind.NUM),
    ROWS_REMOVED_BY_JOIN_FILTER("Rows Removed by Join Filter", Kind.NUM),
    ROWS_REMOVED_BY_FILTER("Rows Removed by Filter", Kind.NUM),
    HEAP_FETCHES("Heap Fetches", Kind.NUM),
    INDEX_SEARCHES("Index Searches", Kind.NUM),
    EXACT_HEAP_BLOCKS("Exact Heap Blocks", Kind.NUM),
    LOSSY_HEAP_BLOCKS("Lossy Heap Blocks", Kind.NUM),
    FUNCTION_CALL("Function Call", Kind.TEXT),
    TABLE_FUNCTION_CALL("Table Function Call", Kind.TEXT),
    SAMPLING_METHOD("Sampling Method", Kind.TEXT),
    SAMPLING_PARAMETERS("Sampling Parameters", Kind.LIST),
    REPEATABLE_SEED("Repeatable Seed", Kind.TEXT),
    WINDOW("Window", Kind.TEXT),
    // sort, group, hash
    SORT_KEY("Sort Key", Kind.LIST),
    PRESORTED_KEY("Presorted Key", Kind.LIST),
    GROUP_KEY("Group Key", Kind.LIST),
    SORT_METHOD("Sort Method", Kind.TEXT),
    SORT_SPACE_USED("Sort Space Used", Kind.NUM),
    SORT_SPACE_TYPE("Sort Space Type", Kind.TEXT),
    HASH_BUCKETS("Hash Buckets", Kind.NUM),
    ORIGINAL_HASH_BUCKETS("Original Hash Buckets", Kind.NUM),
    HASH_BATCHES("Hash Batches", Kind.NUM),
    ORIGINAL_HASH_BATCHES("Original Hash Batches", Kind.NUM),
    PLANNED_PARTITIONS("Planned Partitions", Kind.NUM),
    HASHAGG_BATCHES("HashAgg Batches", Kind.NUM),
    PEAK_MEMORY_USAGE("Peak Memory Usage", Kind.NUM),
    DISK_USAGE("Disk Usage", Kind.NUM),
    STORAGE("Storage", Kind.TEXT),
    MAXIMUM_STORAGE("Maximum Storage", Kind.NUM),
    CACHE_KEY("Cache Key", Kind.TEXT),
    CACHE_MODE("Cache Mode", Kind.TEXT),
    CACHE_HITS("Cache Hits", Kind.NUM),
    CACHE_MISSES("Cache Misses", Kind.NUM),
    CACHE_EVICTIONS("Cache Evictions", Kind.NUM),
    CACHE_OVERFLOWS("Cache Overflows", Kind.NUM),
    // parallel, partitions, modify
    WORKERS_PLANNED("Workers Planned", Kind.NUM),
    WORKERS_LAUNCHED("Workers Launched", Kind.NUM),
    SINGLE_COPY("Single Copy", Kind.BOOL),
    WORKER_NUMBER("Worker Number", Kind.NUM),
    SUBPLANS_REMOVED("Subplans Removed", Kind.NUM),
    CONFLICT_RESOLUTION("Conflict Resolution", Kind.TEXT),
    CONFLICT_ARBITER_INDEXES("Conflict Arbiter Indexes", Kind.LIST),
    CONFLICT_FILTER("Conflict Filter", Kind.TEXT),
    ROWS_REMOVED_BY_CONFLICT_FILTER("Rows Removed by Conflict Filter", Kind.NUM),
    TUPLES_INSERTED("Tuples Inserted", Kind.NUM),
    CONFLICTING_TUPLES("Conflicting Tuples", Kind.NUM),
    TUPLES_UPDATED("Tuples Updated", Kind.NUM),
    TUPLES_DELETED("Tuples Deleted", Kind.NUM),
    TUPLES_SKIPPED("Tuples Skipped", Kind.NUM),
    // buffers
    SHARED_HIT_BLOCKS("Shared Hit Blocks", Kind.NUM),
    SHARED_READ_BLOCKS("Shared Read Blocks", Kind.NUM),
    SHARED_DIRTIED_BLOCKS("Shared Dirtied Blocks", Kind.NUM),
    SHARED_WRITTEN_BLOCKS("Shared Written Blocks", Kind.NUM),
    LOCAL_HIT_BLOCKS("Local Hit Blocks", Kind.NUM),
    LOCAL_READ_BLOCKS("Local Read Blocks", Kind.NUM),
    LOCAL_DIRTIED_BLOCKS("Local Dirtied Blocks", Kind.NUM),
    LOCAL_WRITTEN_BLOCKS("Local Written Blocks", Kind.NUM),
    TEMP_READ_BLOCKS("Temp Read Blocks", Kind.NUM),
    TEMP_WRITTEN_BLOCKS("Temp Written Blocks", Kind.NUM),
    // I/O timings: PostgreSQL 14-16 report shared and local together, 17+ separately
    IO_READ_TIME("I/O Read Time", Kind.NUM),
    IO_WRITE_TIME("I/O Write Time", Kind.NUM),
    SHARED_IO_READ_TIME("Shared I/O Read Time", Kind.NUM),
    SHARED_IO_WRITE_TIME("Shared I/O Write Time", Kind.NUM),
    LOCAL_IO_READ_TIME("Local I/O Read Time", Kind.NUM),
    LOCAL_IO_WRITE_TIME("Local I/O Write Time", Kind.NUM),
    TEMP_IO_READ_TIME("Temp I/O Read Time", Kind.NUM),
    TEMP_IO_WRITE_TIME("Temp I/O Write Time", Kind.NUM),
    // WAL
    WAL_RECORDS("WAL Records", Kind.NUM),
    WAL_FPI("WAL FPI", Kind.NUM),
    WAL_BYTES("WAL Bytes", Kind.NUM),
    WAL_BUFFERS_FULL("WAL Buffers Full", Kind.NUM);

    /** How a value is stored. */
    public enum Kind {
        /** A string. */
        TEXT,
        /** A number (stored as a double). */
        NUM,
        /** A boolean. */
        BOOL,
        /** A list of strings. */
        LIST
    }

    /** Number of {@link Kind#NUM} keys. */
    public static final int NUM_SLOTS;
    /** Number of keys of the other kinds. */
    public static final int REF_SLOTS;

    private static final Map<String, NodeKey> BY_JSON = new HashMap<>();
    private static final Map<String, NodeKey> BY_XML = new HashMap<>();

    static {
        int nums = 0;
        int refs = 0;
        for (NodeKey k : values()) {
            k.slot = k.kind == Kind.NUM ? nums++ : refs++;
            BY_JSON.put(k.json, k);
            BY_XML.put(k.xmlTag, k);
        }
        NUM_SLOTS = nums;
        REF_SLOTS = refs;
    }

    private final String json;
    private final Kind kind;
    private final String xmlTag;
    private int slot;

    NodeKey(String json, Kind kind) {
        this.json = json;
        this.kind = kind;
        this.xmlTag = xmlTag(json);
    }

    /**
     * The key as PostgreSQL writes it in JSON and YAML.
     *
     * @return for example {@code "Actual Total Time"}
     */
    public String json() {
        return json;
    }

    /**
     * How the value is stored.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The element name PostgreSQL uses in XML output.
     *
     * @return for example {@code "I-O-Read-Time"}
     */
    public String xmlTag() {
        return xmlTag;
    }

    int slot() {
        return slot;
    }

    /**
     * The key for a JSON/YAML name.
     *
     * @param json the name
     * @return the key, or null when justpg does not type it
     */
    public static NodeKey byJson(String json) {
        return BY_JSON.get(json);
    }

    /**
     * The key for an XML element name.
     *
     * @param tag the element name
     * @return the key, or null when justpg does not type it
     */
    public static NodeKey byXml(String tag) {
        return BY_XML.get(tag);
    }

    /**
     * PostgreSQL's XML element name for a property name: characters other than letters, digits,
     * {@code -_.} become {@code -}.
     *
     * @param name the property name
     * @return the element name
     */
    public static String xmlTag(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.';
            sb.append(valid ? c : '-');
        }
        return sb.toString();
    }
}
