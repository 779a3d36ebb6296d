package dev.justpg.core;

/**
 * Work to run in a transaction that returns a result.
 *
 * <p>The callback may be run more than once when the transaction is retried after a
 * serialization failure or deadlock, so it should have no effects outside the database (or
 * effects that are safe to repeat).
 *
 * @param <R> the result type
 * @param <X> the checked exception the work may throw ({@link RuntimeException} when none)
 */
@FunctionalInterface
public interface TxCallback<R, X extends Exception> {

    /**
     * Runs the work.
     *
     * @param tx the transaction: its connection and helpers
     * @return the result, returned by the {@code inTransaction} call after commit
     * @throws X when the work fails; the transaction is rolled back and the exception rethrown
     */
    R run(Tx tx) throws X;
}
