package dev.justpg.diagnostics.health;

import java.util.Objects;

/**
 * Disk use of one table ({@code pg_total_relation_size} and its parts).
 *
 * @param table the qualified table name
 * @param totalBytes table, indexes and TOAST together
 * @param tableBytes the main heap (with free space and visibility maps)
 * @param indexBytes all its indexes
 * @param toastBytes its TOAST table and TOAST index
 * @param estimatedRows the planner's row estimate ({@code reltuples}; -1 when never analyzed)
 */
public record TableSize(String table, long totalBytes, long tableBytes, long indexBytes, long toastBytes,
        long estimatedRows) {

    /**
     * Validates.
     *
     * @param table see the record description
     * @param totalBytes see the record description
     * @param tableBytes see the record description
     * @param indexBytes see the record description
     * @param toastBytes see the record description
     * @param estimatedRows see the record description
     */
    public TableSize {
        Objects.requireNonNull(table, "table");
    }

    /**
     * A size row.
     *
     * @param table the qualified table name
     * @param totalBytes total
     * @param tableBytes heap
     * @param indexBytes indexes
     * @param toastBytes TOAST
     * @param estimatedRows planner row estimate
     * @return the value
     */
    public static TableSize of(String table, long totalBytes, long tableBytes, long indexBytes, long toastBytes,
            long estimatedRows) {
        return new TableSize(table, totalBytes, tableBytes, indexBytes, toastBytes, estimatedRows);
    }
}
