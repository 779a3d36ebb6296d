package dev.justpg.core;

/**
 * A transaction failed with a retryable error (serialization failure {@code 40001} or deadlock
 * {@code 40P01}) on every attempt its {@link RetryPolicy} allowed.
 *
 * <p>The last failure is the cause; {@link #sqlState()} returns its SQLSTATE. Reduce contention
 * on the rows involved, or allow more attempts with {@link RetryPolicy#withMaxAttempts(int)}.
 */
public final class RetryExhaustedException extends JustPgException {

    private static final long serialVersionUID = 1L;

    /** How many attempts were made. */
    private final int attempts;

    /**
     * Creates the exception.
     *
     * @param attempts how many attempts were made
     * @param cause the failure of the last attempt
     */
    public RetryExhaustedException(int attempts, Throwable cause) {
        super("transaction failed with a retryable error (SQLSTATE "
                + SqlStates.find(cause).orElse("unknown") + ") on all " + attempts
                + " attempt(s); reduce contention on the rows involved or allow more attempts"
                + " with RetryPolicy.withMaxAttempts(n)", cause);
        this.attempts = attempts;
    }

    /**
     * How many attempts were made before giving up.
     *
     * @return the number of attempts, at least 1
     */
    public int attempts() {
        return attempts;
    }
}
