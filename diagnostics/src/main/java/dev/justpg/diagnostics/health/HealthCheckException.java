package dev.justpg.diagnostics.health;

import dev.justpg.core.JustPgException;

/**
 * A health run could not start or finish (no connection, the first statement refused). A single
 * check that fails does not throw: it is reported as a {@link SkippedCheck}.
 */
public class HealthCheckException extends JustPgException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception with a cause (usually the {@link java.sql.SQLException}, whose SQLSTATE
     * {@link #sqlState()} exposes).
     *
     * @param message what happened and what to do
     * @param cause the cause
     */
    public HealthCheckException(String message, Throwable cause) {
        super(message, cause);
    }
}
