package dev.justpg.diagnostics.health;

import java.util.Objects;

/**
 * One normalized statement from {@code pg_stat_statements}, for the report's top lists.
 *
 * @param queryId the statement's query id
 * @param query the normalized text (constants replaced by {@code $1}), cut to 2,000 characters
 * @param calls how many times it ran
 * @param totalMillis total execution time
 * @param meanMillis mean execution time
 * @param rows rows returned or affected, in total
 */
public record StatementStat(long queryId, String query, long calls, double totalMillis, double meanMillis,
        long rows) {

    /**
     * Validates.
     *
     * @param queryId see the record description
     * @param query see the record description
     * @param calls see the record description
     * @param totalMillis see the record description
     * @param meanMillis see the record description
     * @param rows see the record description
     */
    public StatementStat {
        Objects.requireNonNull(query, "query");
    }

    /**
     * A statement row.
     *
     * @param queryId the query id
     * @param query the normalized text
     * @param calls calls
     * @param totalMillis total time
     * @param meanMillis mean time
     * @param rows rows
     * @return the value
     */
    public static StatementStat of(long queryId, String query, long calls, double totalMillis, double meanMillis,
            long rows) {
        return new StatementStat(queryId, query, calls, totalMillis, meanMillis, rows);
    }
}
