package dev.justpg.realtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One change reported by a {@link ChangeFeed}: a row inserted, updated or deleted, or the table
 * truncated.
 *
 * @param operation what happened
 * @param schema the table's schema
 * @param table the table's name
 * @param key the key columns and their values (JSON scalars: String, Integer, Long, BigDecimal,
 *     Boolean or null); empty for TRUNCATE
 * @param row the selected columns: of the new row for INSERT and UPDATE, of the old row for
 *     DELETE; {@code null} for TRUNCATE
 * @param <T> the type the selected columns are decoded into
 */
public record RowChange<T>(Operation operation, String schema, String table, Map<String, Object> key, T row) {

    /** The kind of change. */
    public enum Operation {
        /** A row was inserted. */
        INSERT,
        /** A row was updated. */
        UPDATE,
        /** A row was deleted. */
        DELETE,
        /**
         * The table was truncated: every row is gone, none is reported on its own (one event per
         * {@code TRUNCATE} statement, with an empty key and no row).
         */
        TRUNCATE
    }

    /**
     * Validates the fields.
     *
     * @param operation see the record description
     * @param schema see the record description
     * @param table see the record description
     * @param key see the record description
     * @param row see the record description
     * @throws NullPointerException when a field other than row is null
     */
    public RowChange {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        key = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(key, "key")));
    }
}
