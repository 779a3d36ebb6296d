package dev.justpg.core;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Root of every exception justpg throws. Unchecked: callers catch it where they can act.
 *
 * <p>When the failure came from the database, the {@link SQLException} is kept as the cause and
 * its SQLSTATE is available from {@link #sqlState()} (for example {@code 40001} for a
 * serialization failure, {@code 42501} for a missing privilege).
 */
public class JustPgException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message that says what happened and what to do.
     *
     * @param message what happened and what to do about it
     */
    public JustPgException(String message) {
        super(message);
    }

    /**
     * Creates an exception that keeps its cause (usually a {@link SQLException}).
     *
     * @param message what happened and what to do about it
     * @param cause the underlying failure
     */
    public JustPgException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The SQLSTATE of the first {@link SQLException} in the cause chain, if there is one.
     *
     * @return the five-character SQLSTATE, or empty when the failure did not come from the server
     */
    public Optional<String> sqlState() {
        return SqlStates.find(this);
    }
}
