package dev.justpg.core;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * SQLSTATE codes justpg acts on, and a lookup through exception chains.
 *
 * <p>See the PostgreSQL manual, appendix "PostgreSQL Error Codes".
 */
public final class SqlStates {

    /** {@code 40001}: could not serialize access; the transaction may succeed if retried. */
    public static final String SERIALIZATION_FAILURE = "40001";
    /** {@code 40P01}: deadlock detected; the transaction may succeed if retried. */
    public static final String DEADLOCK_DETECTED = "40P01";
    /** {@code 57014}: query canceled, which is also how a statement timeout is reported. */
    public static final String QUERY_CANCELED = "57014";
    /** {@code 42501}: insufficient privilege. */
    public static final String INSUFFICIENT_PRIVILEGE = "42501";
    /** {@code 55P03}: lock not available (for example {@code lock_timeout} or {@code NOWAIT}). */
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    /** {@code 23505}: unique violation. */
    public static final String UNIQUE_VIOLATION = "23505";
    /** {@code 25006}: a write was attempted in a {@code READ ONLY} transaction. */
    public static final String READ_ONLY_SQL_TRANSACTION = "25006";

    private SqlStates() {
    }

    /**
     * Finds the SQLSTATE of the first {@link SQLException} in the cause chain of {@code error}
     * (following causes, suppressed exceptions and {@link SQLException#getNextException()}).
     *
     * @param error any throwable, may be {@code null}
     * @return the SQLSTATE, or empty when none is found
     */
    public static Optional<String> find(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        return find(error, seen);
    }

    /**
     * Whether the failure is one that re-running the whole transaction can cure: a serialization
     * failure ({@code 40001}) or a deadlock ({@code 40P01}).
     *
     * @param error any throwable, may be {@code null}
     * @return {@code true} when the transaction should be retried
     */
    public static boolean isRetryable(Throwable error) {
        return find(error)
                .filter(s -> s.equals(SERIALIZATION_FAILURE) || s.equals(DEADLOCK_DETECTED))
                .isPresent();
    }

    private static Optional<String> find(Throwable error, Set<Throwable> seen) {
        if (error == null || !seen.add(error)) {
            return Optional.empty();
        }
        if (error instanceof SQLException) {
            SQLException sql = (SQLException) error;
            if (sql.getSQLState() != null) {
                return Optional.of(sql.getSQLState());
            }
            Optional<String> next = find(sql.getNextException(), seen);
            if (next.isPresent()) {
                return next;
            }
        }
        Optional<String> fromCause = find(error.getCause(), seen);
        if (fromCause.isPresent()) {
            return fromCause;
        }
        for (Throwable suppressed : error.getSuppressed()) {
            Optional<String> s = find(suppressed, seen);
            if (s.isPresent()) {
                return s;
            }
        }
        return Optional.empty();
    }
}
