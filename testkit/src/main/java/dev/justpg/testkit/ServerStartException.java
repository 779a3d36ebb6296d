package dev.justpg.testkit;

/**
 * The test server could not be started or reached. The message names the cause (binaries,
 * version, port, privileges, connection) and what to do.
 */
public final class ServerStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the cause and the fix
     */
    public ServerStartException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its underlying failure.
     *
     * @param message the cause and the fix
     * @param cause the underlying failure
     */
    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
