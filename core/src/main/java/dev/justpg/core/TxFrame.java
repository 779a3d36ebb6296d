package dev.justpg.core;

import dev.justpg.core.internal.Jdbc;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * One open transaction on the calling thread, keyed by the {@link DataSource} it came from: what
 * a nested {@link Propagation#REQUIRED} call joins. Frames form a per-thread stack; a
 * {@link Propagation#REQUIRES_NEW} transaction pushes a frame over the one it interrupts.
 */
final class TxFrame {

    private static final ThreadLocal<TxFrame> TOP = new ThreadLocal<>();

    private static final String STATE_SQL = "select current_setting('transaction_isolation'),"
            + " current_setting('transaction_read_only') = 'on',"
            + " (select setting::bigint from pg_settings where name = 'statement_timeout')";

    private final DataSource dataSource;
    private final Tx tx;
    private final boolean callerManaged;
    private final TxFrame previous;
    private Throwable rollbackCause;
    private ServerState state;

    private TxFrame(DataSource dataSource, Tx tx, boolean callerManaged, TxFrame previous) {
        this.dataSource = dataSource;
        this.tx = tx;
        this.callerManaged = callerManaged;
        this.previous = previous;
    }

    /** The innermost transaction this thread has open on the data source, or null. */
    static TxFrame find(DataSource dataSource) {
        for (TxFrame f = TOP.get(); f != null; f = f.previous) {
            if (f.dataSource == dataSource) {
                return f;
            }
        }
        return null;
    }

    /** Registers an open transaction on this thread; {@link #pop()} it in a finally block. */
    static TxFrame push(DataSource dataSource, Tx tx, boolean callerManaged) {
        TxFrame frame = new TxFrame(dataSource, tx, callerManaged, TOP.get());
        TOP.set(frame);
        return frame;
    }

    /** Unregisters this frame, restoring the one it was pushed over. */
    void pop() {
        if (previous == null) {
            TOP.remove();
        } else {
            TOP.set(previous);
        }
    }

    Tx tx() {
        return tx;
    }

    boolean callerManaged() {
        return callerManaged;
    }

    /** Records the first failure of a joined call: the transaction may no longer commit. */
    void markRollbackOnly(Throwable failure) {
        if (rollbackCause == null) {
            rollbackCause = failure;
        }
    }

    /** The failure that made the transaction rollback-only, or null. */
    Throwable rollbackCause() {
        return rollbackCause;
    }

    /**
     * Refuses, before anything runs, a joined call whose options disagree with the transaction.
     *
     * @throws JustPgException naming the option and what to do
     */
    void checkJoin(TxOptions wanted) {
        TxOptions have = tx.options();
        Isolation isolation = wanted.isolation();
        if (isolation != Isolation.SERVER_DEFAULT && isolation != have.isolation()) {
            String actual = have.isolation() != Isolation.SERVER_DEFAULT && !callerManaged
                    ? have.isolation().sql() : state().isolation;
            if (!isolation.sql().equalsIgnoreCase(actual)) {
                throw conflict("asks for isolation " + isolation.sql() + " but the enclosing transaction runs at "
                        + actual.toUpperCase(Locale.ROOT) + "; set the isolation on the outermost transaction");
            }
        }
        if (!wanted.readOnly() && (callerManaged ? state().readOnly : have.readOnly())) {
            throw conflict("is read-write but the enclosing transaction is READ ONLY; make the outermost"
                    + " transaction read-write");
        }
        if (!wanted.statementTimeout().isZero()) {
            long ms = wanted.statementTimeout().toMillis();
            long actual = !have.statementTimeout().isZero() && !callerManaged
                    ? have.statementTimeout().toMillis() : state().statementTimeoutMillis;
            if (ms != actual) {
                throw conflict("asks for a statement timeout of " + ms + " ms but the enclosing transaction has "
                        + (actual == 0 ? "none" : actual + " ms") + "; set the timeout on the outermost transaction,"
                        + " or leave it at Duration.ZERO on the nested call to inherit it");
            }
        }
    }

    private JustPgException conflict(String what) {
        return new JustPgException("cannot join the transaction already open on this thread: this call " + what
                + ", or run this call in its own transaction with TxOptions.withPropagation(Propagation.REQUIRES_NEW)"
                + "; nothing was run");
    }

    private ServerState state() {
        if (state == null) {
            state = Jdbc.query(tx.connection(), STATE_SQL,
                    r -> new ServerState(r.getString(1), r.getBoolean(2), r.getLong(3))).get(0);
        }
        return state;
    }

    /** What the server reports for the open transaction, read once per frame when needed. */
    private static final class ServerState {
        final String isolation;
        final boolean readOnly;
        final long statementTimeoutMillis;

        ServerState(String isolation, boolean readOnly, long statementTimeoutMillis) {
            this.isolation = isolation;
            this.readOnly = readOnly;
            this.statementTimeoutMillis = statementTimeoutMillis;
        }
    }
}
