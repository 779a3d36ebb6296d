package dev.justpg.core;

/**
 * The work of a transaction returned normally, but a call that had joined the transaction failed
 * earlier and its exception was caught: the transaction was rolled back (or, in a transaction the
 * caller manages, must be), nothing of it was committed.
 *
 * <p>The failure of the joined call is the cause. When that failure was a serialization failure
 * or a deadlock, the outermost {@link Database#inTransaction(TxCallback)} re-runs the whole
 * transaction as its {@link RetryPolicy} allows. To let a call fail without spoiling the
 * transaction around it, run it in its own transaction ({@link Propagation#REQUIRES_NEW}).
 */
public final class RollbackOnlyException extends JustPgException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     * @param cause the failure of the joined call
     */
    public RollbackOnlyException(String message, Throwable cause) {
        super(message, cause);
    }
}
