package dev.justpg.diagnostics;

import java.util.List;
import java.util.Objects;

/**
 * An index that would serve a filter, and the statement that creates it without blocking
 * writes.
 *
 * @param table the table, quoted (schema-qualified when the plan said the schema)
 * @param method {@code btree}, {@code gin} or {@code brin}
 * @param keys the index keys as SQL: quoted columns, expressions in parentheses, operator classes
 * @param extension an extension the operator class needs ({@code pg_trgm}), or empty
 * @param reason why this kind of index, in a sentence
 * @param partitioned true when {@code table} is a partitioned table (the filter was on one of its
 *     partitions): the index is created on every partition, and without {@code CONCURRENTLY},
 *     which PostgreSQL does not allow on a partitioned table
 */
public record IndexSuggestion(String table, String method, List<String> keys, String extension, String reason,
        boolean partitioned) {

    /**
     * Validates the suggestion.
     *
     * @param table see the record description
     * @param method see the record description
     * @param keys see the record description
     * @param extension see the record description
     * @param reason see the record description
     * @param partitioned see the record description
     * @throws IllegalArgumentException when a part is missing
     */
    public IndexSuggestion {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(reason, "reason");
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("keys must not be empty");
        }
    }

    /**
     * A suggestion for a table that is not partitioned.
     *
     * @param table see the record description
     * @param method see the record description
     * @param keys see the record description
     * @param extension see the record description
     * @param reason see the record description
     */
    public IndexSuggestion(String table, String method, List<String> keys, String extension, String reason) {
        this(table, method, keys, extension, reason, false);
    }

    /**
     * Creates a suggestion for a table that is not partitioned.
     *
     * @param table quoted table name
     * @param method access method
     * @param keys index keys as SQL
     * @param extension needed extension, or empty
     * @param reason why
     * @return the suggestion
     */
    public static IndexSuggestion of(String table, String method, List<String> keys, String extension, String reason) {
        return new IndexSuggestion(table, method, keys, extension, reason);
    }

    /**
     * The same index on a partitioned table.
     *
     * @param parent the partitioned table, quoted
     * @param why how the parent was found and what creating the index on it does, in a sentence
     * @return the suggestion
     */
    public IndexSuggestion onPartitionedTable(String parent, String why) {
        return new IndexSuggestion(parent, method, keys, extension, reason + "; " + why, true);
    }

    /**
     * The statement: {@code CREATE INDEX CONCURRENTLY ON t USING m (keys)}, or without
     * {@code CONCURRENTLY} on a {@link #partitioned()} table. Run it outside a transaction
     * ({@code Database.withConnection} or autocommit); the server picks the name.
     *
     * @return the SQL
     */
    public String createStatement() {
        return (partitioned ? "CREATE INDEX ON " : "CREATE INDEX CONCURRENTLY ON ") + table + (method.equals("btree") ? "" : " USING " + method)
                + " (" + String.join(", ", keys) + ")";
    }
}
