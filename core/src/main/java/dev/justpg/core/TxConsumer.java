package dev.justpg.core;

/**
 * Work to run in a transaction that returns nothing. See {@link TxCallback} for the retry rules.
 *
 * @param <X> the checked exception the work may throw ({@link RuntimeException} when none)
 */
@FunctionalInterface
public interface TxConsumer<X extends Exception> {

    /**
     * Runs the work.
     *
     * @param tx the transaction: its connection and helpers
     * @throws X when the work fails; the transaction is rolled back and the exception rethrown
     */
    void accept(Tx tx) throws X;
}
