package dev.justpg.diagnostics.health.internal;

import java.util.List;
import java.util.OptionalDouble;

/** The typed rows the catalog and statistics queries return, one record per query family. */
public final class Rows {

    private Rows() {
    }

    /**
     * One index with its definition and usage.
     *
     * @param schema schema
     * @param table table name
     * @param name index name
     * @param oid the index's oid
     * @param tableOid the table's oid
     * @param relkind {@code i} or {@code I} (partitioned)
     * @param valid {@code indisvalid}
     * @param unique {@code indisunique}
     * @param primary {@code indisprimary}
     * @param exclusion {@code indisexclusion}
     * @param backsConstraint whether a constraint uses it
     * @param method access method
     * @param keyCount key columns ({@code indnkeyatts})
     * @param keys the key column numbers (0 for an expression)
     * @param opclasses the operator classes ({@code indclass}) as text
     * @param collations the collations as text
     * @param expressions the expressions, or empty
     * @param predicate the partial-index predicate, or empty
     * @param definition {@code pg_get_indexdef} of an invalid index (for its fix), empty otherwise
     * @param bytes size
     * @param tuples {@code reltuples}
     * @param pages {@code relpages}
     * @param scans {@code idx_scan}
     * @param tableScans sequential plus index scans of the table
     * @param columns column names in key order (empty for an expression)
     * @param notNull whether each column is NOT NULL
     */
    public record Index(String schema, String table, String name, long oid, long tableOid, String relkind, boolean valid,
            boolean unique, boolean primary, boolean exclusion, boolean backsConstraint, String method, int keyCount,
            List<Integer> keys, String opclasses, String collations, String expressions, String predicate,
            String definition, long bytes, double tuples, long pages, long scans, long tableScans,
            List<String> columns, List<Boolean> notNull) {

        /**
         * The key column numbers (without INCLUDE columns).
         *
         * @return the numbers
         */
        public List<Integer> keyColumns() {
            return keys.subList(0, Math.min(keyCount, keys.size()));
        }

        /**
         * Qualified index name.
         *
         * @return {@code schema.name}
         */
        public String qualified() {
            return schema + "." + name;
        }

        /**
         * Qualified table name.
         *
         * @return {@code schema.table}
         */
        public String qualifiedTable() {
            return schema + "." + table;
        }
    }

    /**
     * One table with its statistics and sizes.
     *
     * @param schema schema
     * @param name table name
     * @param oid oid
     * @param relkind r, p or m
     * @param tuples {@code reltuples} (-1 when never analyzed)
     * @param pages {@code relpages}
     * @param reloptions storage options, {@code key=value} each
     * @param liveTuples {@code n_live_tup}
     * @param deadTuples {@code n_dead_tup}
     * @param modsSinceAnalyze {@code n_mod_since_analyze}
     * @param seqScans {@code seq_scan}
     * @param seqTuplesRead {@code seq_tup_read}
     * @param idxScans {@code idx_scan}
     * @param lastVacuumAgeSeconds seconds since the last (auto)vacuum, empty when never
     * @param lastAnalyzeAgeSeconds seconds since the last (auto)analyze, empty when never
     * @param xidAge {@code age(relfrozenxid)}
     * @param mxidAge {@code mxid_age(relminmxid)}
     * @param totalBytes {@code pg_table_size + pg_indexes_size} (what {@code pg_total_relation_size} adds up)
     * @param tableBytes heap without TOAST
     * @param indexBytes {@code pg_indexes_size}
     * @param toastBytes TOAST table and index
     * @param hasPrimaryKey whether it has one
     * @param readable whether this role may SELECT it (and so see its {@code pg_stats})
     * @param columnCount live columns
     * @param heapRead heap blocks read
     * @param heapHit heap blocks hit
     * @param idxRead index blocks read
     * @param idxHit index blocks hit
     * @param partition whether it is a partition of a partitioned table
     */
    public record Table(String schema, String name, long oid, String relkind, double tuples, long pages,
            List<String> reloptions, long liveTuples, long deadTuples, long modsSinceAnalyze, long seqScans,
            long seqTuplesRead, long idxScans, OptionalDouble lastVacuumAgeSeconds,
            OptionalDouble lastAnalyzeAgeSeconds, long xidAge, long mxidAge, long totalBytes, long tableBytes,
            long indexBytes, long toastBytes, boolean hasPrimaryKey, boolean readable, int columnCount,
            long heapRead, long heapHit, long idxRead, long idxHit, boolean partition) {

        /**
         * Qualified name.
         *
         * @return {@code schema.name}
         */
        public String qualified() {
            return schema + "." + name;
        }

        /**
         * A storage option of the table.
         *
         * @param key the option name, such as {@code autovacuum_enabled}
         * @return its value, or null
         */
        public String option(String key) {
            for (String o : reloptions) {
                int eq = o.indexOf('=');
                if (eq > 0 && o.substring(0, eq).equals(key)) {
                    return o.substring(eq + 1);
                }
            }
            return null;
        }
    }

    /**
     * Planner statistics of one column.
     *
     * @param schema schema
     * @param table table
     * @param column column
     * @param nullFraction {@code null_frac}
     * @param avgWidth {@code avg_width}
     */
    public record ColumnStat(String schema, String table, String column, double nullFraction, int avgWidth) {
    }

    /**
     * One foreign key.
     *
     * @param schema schema of the referencing table
     * @param table the referencing table
     * @param name constraint name
     * @param tableOid the referencing table's oid
     * @param keys referencing column numbers
     * @param columns referencing column names
     * @param types referencing column types
     * @param refSchema referenced schema
     * @param refTable referenced table
     * @param refColumns referenced column names
     * @param refTypes referenced column types
     */
    public record ForeignKey(String schema, String table, String name, long tableOid, List<Integer> keys,
            List<String> columns, List<String> types, String refSchema, String refTable, List<String> refColumns,
            List<String> refTypes) {

        /**
         * Qualified table name.
         *
         * @return {@code schema.table}
         */
        public String qualifiedTable() {
            return schema + "." + table;
        }
    }

    /**
     * One sequence and the column it feeds, if any.
     *
     * @param schema schema
     * @param name sequence name
     * @param type the sequence's data type
     * @param min minimum
     * @param max maximum
     * @param increment increment
     * @param lastValue last value, null when unreadable or never used
     * @param readable whether this role may read its value
     * @param cycle whether it cycles
     * @param columnSchema schema of the owning column's table, or null
     * @param columnTable the owning column's table, or null
     * @param column the owning column, or null
     * @param columnType the owning column's type, or null
     */
    public record Sequence(String schema, String name, String type, long min, long max, long increment,
            Long lastValue, boolean readable, boolean cycle, String columnSchema, String columnTable, String column,
            String columnType) {

        /**
         * Qualified name.
         *
         * @return {@code schema.name}
         */
        public String qualified() {
            return schema + "." + name;
        }
    }

    /**
     * One server process from {@code pg_stat_activity}.
     *
     * @param pid process id
     * @param user role
     * @param database database
     * @param state state
     * @param backendType backend type
     * @param waitEventType wait event type
     * @param waitEvent wait event
     * @param xactAgeSeconds seconds since the transaction started
     * @param queryAgeSeconds seconds since the query started
     * @param stateAgeSeconds seconds in the current state
     * @param query the query text (cut)
     * @param blockedBy pids holding the locks it waits for
     * @param application application name
     * @param self whether this is the health check's own session
     */
    public record Activity(int pid, String user, String database, String state, String backendType,
            String waitEventType, String waitEvent, double xactAgeSeconds, double queryAgeSeconds,
            double stateAgeSeconds, String query, List<Integer> blockedBy, String application, boolean self) {
    }

    /**
     * One database's wraparound ages and cache counters.
     *
     * @param name database
     * @param xidAge {@code age(datfrozenxid)}
     * @param mxidAge {@code mxid_age(datminmxid)}
     * @param current whether it is the database the check runs in
     * @param blocksHit blocks hit
     * @param blocksRead blocks read
     */
    public record DatabaseRow(String name, long xidAge, long mxidAge, boolean current, long blocksHit,
            long blocksRead) {
    }

    /**
     * A replication row: a standby, a slot, the archiver, or this server as a standby.
     *
     * @param kind {@code standby}, {@code slot}, {@code archiver} or {@code self}
     * @param name application name, slot name, or empty
     * @param detail client address, slot type, or failed WAL name
     * @param state state ({@code streaming}; {@code active}/{@code inactive}; wal_status)
     * @param bytes lag or retained bytes, or the failed count for the archiver
     * @param seconds lag seconds, or seconds since the last failure
     * @param seconds2 seconds since the last successful archive, when relevant
     * @param flag extra state: for a slot its {@code wal_status}; for the archiver whether the last
     *     failure is newer than the last success
     */
    public record Replication(String kind, String name, String detail, String state, OptionalDouble bytes,
            OptionalDouble seconds, OptionalDouble seconds2, String flag) {
    }
}
