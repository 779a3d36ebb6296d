package dev.justpg.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How one transaction runs: isolation, read-only, statement timeout, retry policy and
 * propagation. Immutable; derive variants with the {@code with*} methods.
 *
 * <p>Everything is applied transaction-locally ({@code SET TRANSACTION}, {@code SET LOCAL}), so
 * nothing leaks to the next user of a pooled connection.
 *
 * <p>When a call joins an enclosing transaction ({@link Propagation#REQUIRED}), its options must
 * agree with the transaction it joins, or it is refused with a {@link JustPgException} before it
 * runs: an isolation level other than {@link Isolation#SERVER_DEFAULT} must be the one in effect,
 * a read-write call may not join a read-only transaction, and a statement timeout other than
 * zero must be the one in effect. A read-only call may join a read-write transaction (it then
 * runs read-write). The retry policy of a joined call is not used: only the outermost call
 * retries.
 *
 * @param isolation the isolation level ({@link Isolation#SERVER_DEFAULT} sends nothing)
 * @param readOnly whether the transaction is {@code READ ONLY}
 * @param statementTimeout the {@code statement_timeout} for each statement in the transaction;
 *     {@link Duration#ZERO} keeps the server's setting
 * @param retry how serialization failures and deadlocks are retried (by the outermost call only)
 * @param propagation whether the call joins a transaction the thread already has open on the
 *     same data source ({@link Propagation#REQUIRED}) or always starts its own
 */
public record TxOptions(Isolation isolation, boolean readOnly, Duration statementTimeout, RetryPolicy retry,
        Propagation propagation) {

    /**
     * Server-default isolation, read-write, the server's statement timeout, {@link RetryPolicy#DEFAULT},
     * {@link Propagation#REQUIRED}.
     */
    public static final TxOptions DEFAULT =
            new TxOptions(Isolation.SERVER_DEFAULT, false, Duration.ZERO, RetryPolicy.DEFAULT, Propagation.REQUIRED);

    /**
     * Validates the options.
     *
     * @param isolation see the record description
     * @param readOnly see the record description
     * @param statementTimeout see the record description
     * @param retry see the record description
     * @param propagation see the record description
     * @throws IllegalArgumentException naming the bad setting
     */
    public TxOptions {
        Objects.requireNonNull(isolation, "isolation must not be null (use Isolation.SERVER_DEFAULT)");
        Objects.requireNonNull(propagation, "propagation must not be null (use Propagation.REQUIRED)");
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
     * Options with {@link Propagation#REQUIRED}.
     *
     * @param isolation see the record description
     * @param readOnly see the record description
     * @param statementTimeout see the record description
     * @param retry see the record description
     * @throws IllegalArgumentException naming the bad setting
     */
    public TxOptions(Isolation isolation, boolean readOnly, Duration statementTimeout, RetryPolicy retry) {
        this(isolation, readOnly, statementTimeout, retry, Propagation.REQUIRED);
    }

    /**
     * These options with another isolation level.
     *
     * @param level the level
     * @return the new options
     */
    public TxOptions withIsolation(Isolation level) {
        return new TxOptions(level, readOnly, statementTimeout, retry, propagation);
    }

    /**
     * These options, read-only or not.
     *
     * @param value whether the transaction is read-only
     * @return the new options
     */
    public TxOptions withReadOnly(boolean value) {
        return new TxOptions(isolation, value, statementTimeout, retry, propagation);
    }

    /**
     * These options with another statement timeout.
     *
     * @param timeout the timeout per statement; {@link Duration#ZERO} keeps the server's setting
     * @return the new options
     */
    public TxOptions withStatementTimeout(Duration timeout) {
        return new TxOptions(isolation, readOnly, timeout, retry, propagation);
    }

    /**
     * These options with another retry policy.
     *
     * @param policy the policy
     * @return the new options
     */
    public TxOptions withRetry(RetryPolicy policy) {
        return new TxOptions(isolation, readOnly, statementTimeout, policy, propagation);
    }

    /**
     * These options with another propagation.
     *
     * @param value {@link Propagation#REQUIRED} to join an enclosing transaction (the default),
     *     {@link Propagation#REQUIRES_NEW} to always run in a transaction of its own
     * @return the new options
     */
    public TxOptions withPropagation(Propagation value) {
        return new TxOptions(isolation, readOnly, statementTimeout, retry, value);
    }
}
