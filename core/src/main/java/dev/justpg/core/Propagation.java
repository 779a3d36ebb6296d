package dev.justpg.core;

/**
 * What a transactional call does when the calling thread already has a transaction open on the
 * same {@link javax.sql.DataSource} (through {@link Database#inTransaction(TxCallback)} or
 * {@link Database#joinTransaction(java.sql.Connection, TxCallback)}).
 */
public enum Propagation {
    /**
     * Join the enclosing transaction when there is one (same connection, no commit or retry of its
     * own; a failure marks the whole transaction rollback-only), else start a new one. The default.
     */
    REQUIRED,
    /**
     * Always start a new transaction on a connection of its own, committed or rolled back on its
     * own, whatever the enclosing transaction does later. It needs a second connection from the
     * pool while the enclosing one is held: a pool of one cannot serve it (the wait is bounded by
     * the pool's own timeout, then it fails).
     */
    REQUIRES_NEW
}
