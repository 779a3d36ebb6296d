package dev.justpg.core;

import dev.justpg.core.internal.Jdbc;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.util.Objects;
import java.util.Optional;

/**
 * A PostgreSQL advisory lock: a lock on an application-defined 64-bit key, for "only one worker
 * runs this at a time" across processes and machines.
 *
 * <p>Two scopes:
 * <ul>
 *   <li>transaction scope ({@link #lock(Tx)}, {@link #tryLock(Tx)}): released by commit or
 *       rollback, cannot leak; prefer it;</li>
 *   <li>session scope ({@link #lockSession(Connection)}): held until the returned
 *       {@link SessionLock} is closed or the connection ends. Close it before the connection goes
 *       back to a pool, or the next borrower inherits the lock.</li>
 * </ul>
 *
 * <p>Keys from a string use a stable hash that any language can reproduce: the first 8 bytes
 * (big-endian) of SHA-256 over the UTF-8 bytes of the name, as a signed 64-bit integer.
 *
 * <p>A waiting {@link #lock(Tx)} is bounded by the transaction's statement timeout
 * ({@link TxOptions#withStatementTimeout}); without one it waits as long as the holder keeps it.
 */
public final class AdvisoryLock {

    private final long key;
    private final String label;
    private final boolean shared;

    private AdvisoryLock(long key, String label, boolean shared) {
        this.key = key;
        this.label = label;
        this.shared = shared;
    }

    /**
     * An exclusive lock on a numeric key.
     *
     * @param key the key
     * @return the lock (not yet acquired)
     */
    public static AdvisoryLock of(long key) {
        return new AdvisoryLock(key, Long.toString(key), false);
    }

    /**
     * An exclusive lock on a key derived from a name with {@link #hash(String)}.
     *
     * @param name the name, for example {@code "nightly-report"}
     * @return the lock (not yet acquired)
     * @throws IllegalArgumentException when the name is empty
     */
    public static AdvisoryLock of(String name) {
        return new AdvisoryLock(hash(name), name, false);
    }

    /**
     * The stable 64-bit key for a name: the first 8 bytes (big-endian) of SHA-256 over its UTF-8 bytes.
     *
     * @param name the name, not empty
     * @return the key
     * @throws IllegalArgumentException when the name is null or empty
     */
    public static long hash(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("advisory lock name must not be empty");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * The shared variant of this lock: many holders of the shared lock at once, none while someone
     * holds the exclusive one.
     *
     * @return the shared lock on the same key
     */
    public AdvisoryLock shared() {
        return new AdvisoryLock(key, label, true);
    }

    /**
     * The 64-bit key.
     *
     * @return the key
     */
    public long key() {
        return key;
    }

    /**
     * Whether this is the shared variant.
     *
     * @return {@code true} for a shared lock
     */
    public boolean isShared() {
        return shared;
    }

    /**
     * Takes the lock for the rest of the transaction if it is free, without waiting.
     *
     * @param tx the transaction
     * @return {@code true} when acquired; released at commit or rollback
     */
    public boolean tryLock(Tx tx) {
        return tx.queryOne("select " + fn("pg_try_advisory_xact_lock") + "(?)", r -> r.getBoolean(1), key);
    }

    /**
     * Takes the lock for the rest of the transaction, waiting while another holds it.
     *
     * @param tx the transaction
     * @throws JustPgException when the wait ends by statement timeout or cancellation
     */
    public void lock(Tx tx) {
        tx.query("select " + fn("pg_advisory_xact_lock") + "(?)", r -> null, key);
    }

    /**
     * Runs work in a transaction only if this lock is free; the lock is held until that
     * transaction ends. Typical use: a scheduled task that must run on one node at a time.
     *
     * <p>Called while this thread has a transaction open on the database's data source, it joins
     * that transaction (see {@link Database}): the lock is then held until the enclosing
     * transaction commits or rolls back, so it covers the enclosing work too, and no second
     * connection is needed. When the lock is taken by someone else nothing is spoiled: the
     * enclosing transaction goes on.
     *
     * @param db the database
     * @param work the work to run while holding the lock
     * @param <R> the result type
     * @param <X> the checked exception the work may throw
     * @return the work's result, or empty when the lock was held by someone else (work not run)
     * @throws X when the work throws it
     */
    public <R, X extends Exception> Optional<R> tryRun(Database db, TxCallback<R, X> work) throws X {
        Objects.requireNonNull(work, "work must not be null");
        Object[] box = new Object[1];
        boolean ran = db.inTransaction(tx -> {
            if (!tryLock(tx)) {
                return false;
            }
            box[0] = work.run(tx);
            return true;
        });
        @SuppressWarnings("unchecked")
        R result = (R) box[0];
        return ran ? Optional.ofNullable(result) : Optional.empty();
    }

    /**
     * Takes the lock for the session if it is free, without waiting.
     *
     * @param connection the connection that will hold the lock
     * @return the held lock (close it to release), or empty when someone else holds it
     */
    public Optional<SessionLock> tryLockSession(Connection connection) {
        boolean got = Jdbc.query(connection, "select " + fn("pg_try_advisory_lock") + "(?)",
                r -> r.getBoolean(1), key).get(0);
        return got ? Optional.of(new SessionLock(connection, this)) : Optional.empty();
    }

    /**
     * Takes the lock for the session, waiting while another holds it.
     *
     * @param connection the connection that will hold the lock
     * @return the held lock; close it to release
     */
    public SessionLock lockSession(Connection connection) {
        Jdbc.query(connection, "select " + fn("pg_advisory_lock") + "(?)", r -> null, key);
        return new SessionLock(connection, this);
    }

    String unlockFunction() {
        return fn("pg_advisory_unlock");
    }

    private String fn(String exclusive) {
        return shared ? exclusive + "_shared" : exclusive;
    }

    /**
     * A readable description: the name or number, and the mode.
     *
     * @return for example {@code AdvisoryLock[nightly-report, key=-4512..., exclusive]}
     */
    @Override
    public String toString() {
        return "AdvisoryLock[" + label + ", key=" + key + ", " + (shared ? "shared" : "exclusive") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdvisoryLock && ((AdvisoryLock) o).key == key && ((AdvisoryLock) o).shared == shared;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(key) * 31 + (shared ? 1 : 0);
    }
}
