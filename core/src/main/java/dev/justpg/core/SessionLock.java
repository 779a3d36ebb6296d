package dev.justpg.core;

import dev.justpg.core.internal.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A held session-scope advisory lock. {@link #close()} releases it; closing twice is harmless.
 * Use it in try-with-resources, and close it before its connection goes back to a pool.
 */
public final class SessionLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionLock.class);

    private final Connection connection;
    private final AdvisoryLock lock;
    private boolean released;

    SessionLock(Connection connection, AdvisoryLock lock) {
        this.connection = connection;
        this.lock = lock;
    }

    /**
     * The lock that is held.
     *
     * @return the lock
     */
    public AdvisoryLock lock() {
        return lock;
    }

    /**
     * Whether {@link #close()} has run.
     *
     * @return {@code true} once released
     */
    public synchronized boolean isReleased() {
        return released;
    }

    /**
     * Releases the lock. When the connection is already closed the server released it with the session.
     */
    @Override
    public synchronized void close() {
        if (released) {
            return;
        }
        released = true;
        try {
            if (connection.isClosed()) {
                return;
            }
        } catch (SQLException e) {
            return;
        }
        boolean held = Jdbc.query(connection, "select " + lock.unlockFunction() + "(?)",
                r -> r.getBoolean(1), lock.key()).get(0);
        if (!held) {
            LOG.warn("{} was not held by this session when released; was it released twice by SQL?", lock);
        }
    }
}
