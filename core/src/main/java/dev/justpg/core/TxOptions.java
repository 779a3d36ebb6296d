package dev.justpg.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How one transaction runs: isolation, read-only, statement timeout and retry policy.
 * Immutable; derive variants with the {@code with*} methods.
 *
 * <p>Everything is applied transaction-locally ({@code SET TRANSACTION}, {@code SET LOCAL}), so
 * nothing leaks to the next user of a pooled connection.
 *
 * @param isolation the isolation level ({@link Isolation#SERVER_DEFAULT} sends nothing)
 * @param readOnly whether the transaction is {@code READ ONLY}
 * @param statementTimeout the {@code statement_timeout} for each statement in the transaction;
 *     {@link Duration#ZERO} keeps the server's setting
 * @param retry how serialization failures and deadlocks are retried
 */
public record TxOptions(Isolation isolation, boolean readOnly, Duration statementTimeout, RetryPolicy retry) {

    /** Server-default isolation, read-write, the server's statement timeout, {@link RetryPolicy#DEFAULT}. */
    public static final TxOptions DEFAULT =
            new TxOptions(Isolation.SERVER_DEFAULT, false, Duration.ZERO, RetryPolicy.DEFAULT);

    /**
     * Validates the options.
     *
     * @param isolation see the record description
     * @param readOnly see the record description
     * @param statementTimeout see the record description
     * @param retry see the record description
     * @throws IllegalArgumentException naming the bad setting
     */
    public TxOptions {
        Objects.requireNonNull(isolation, "isolation must not be null (use Isolation.SERVER_DEFAULT)");
        Objects.requireNonNull(statementTimeout, "statementTimeout must not be null (use Duration.ZERO for none)");
        Objects.requireNonNull(retry, "retry must not be null (use RetryPolicy.NONE for no retry)");
        if (statementTimeout.isNegative()) {
            throw new IllegalArgumentException("statementTimeout must not be negative, was " + statementTimeout);
        }
        if (!statementTimeout.isZero() && statementTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("statementTimeout must be at least 1 ms (PostgreSQL counts in ms), was "
                    + statementTimeout);
        }
        if (statementTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("statementTimeout must be at most " + Integer.MAX_VALUE
                    + " ms, was " + statementTimeout);
        }
    }

    /**
     * These options with another isolation level.
     *
     * @param level the level
     * @return the new options
     */
    public TxOptions withIsolation(Isolation level) {
        return new TxOptions(level, readOnly, statementTimeout, retry);
    }

    /**
     * These options, read-only or not.
     *
     * @param value whether the transaction is read-only
     * @return the new options
     */
    public TxOptions withReadOnly(boolean value) {
        return new TxOptions(isolation, value, statementTimeout, retry);
    }

    /**
     * These options with another statement timeout.
     *
     * @param timeout the timeout per statement; {@link Duration#ZERO} keeps the server's setting
     * @return the new options
     */
    public TxOptions withStatementTimeout(Duration timeout) {
        return new TxOptions(isolation, readOnly, timeout, retry);
    }

    /**
     * These options with another retry policy.
     *
     * @param policy the policy
     * @return the new options
     */
    public TxOptions withRetry(RetryPolicy policy) {
        return new TxOptions(isolation, readOnly, statementTimeout, policy);
    }
}
