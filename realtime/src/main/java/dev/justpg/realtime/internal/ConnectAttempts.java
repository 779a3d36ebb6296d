package dev.justpg.realtime.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds each attempt to open the listening connection, whatever the {@code DataSource}'s own
 * timeouts: the driver's connect runs on a thread of its own (from the PubSub's thread factory) and
 * the reader waits for it at most the connect timeout, or until {@link #close()}.
 *
 * <p>An attempt past the bound is abandoned, not repeated: the next attempt waits for the same
 * call rather than starting another, so a silent peer never piles up threads. A connection that
 * arrives after its attempt was abandoned is taken by the next attempt, or aborted once closed.
 * The thread itself ends when the driver returns: at once for pgjdbc's own data sources, whose
 * connect and socket timeouts justpg bounds ({@link ListenConnector}), and when the driver gives
 * up for others.
 */
final class ConnectAttempts {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectAttempts.class);

    private final ThreadFactory threads;
    private final long boundMillis;
    /** The attempt in flight or finished and not taken yet; under {@code this}. */
    private CompletableFuture<Connection> pending;
    private Thread pendingThread;
    private boolean closed;

    ConnectAttempts(ThreadFactory threads, long boundMillis) {
        this.threads = threads;
        this.boundMillis = boundMillis;
    }

    /**
     * A connection from {@code connect}, waiting at most the bound.
     *
     * @param connect the driver's connect
     * @return the connection
     * @throws SQLException when the driver failed, or did not answer within the bound (SQLSTATE 08001)
     */
    Connection open(Callable<Connection> connect) throws SQLException {
        CompletableFuture<Connection> attempt;
        synchronized (this) {
            if (closed) {
                throw new SQLTransientConnectionException("the PubSub is closing", "08003");
            }
            if (pending == null) {
                pending = start(connect);
            }
            attempt = pending;
        }
        try {
            Connection c = attempt.get(boundMillis, TimeUnit.MILLISECONDS);
            synchronized (this) {
                if (pending == attempt) {
                    pending = null;
                }
                if (closed) {
                    abort(c);
                    throw new SQLTransientConnectionException("the PubSub is closing", "08003");
                }
            }
            return c;
        } catch (TimeoutException e) {
            throw new SQLTransientConnectionException("the DataSource did not return a connection within "
                    + boundMillis + " ms (the server accepted no connection or did not answer); the attempt"
                    + " is abandoned and retried", "08001", e);
        } catch (ExecutionException e) {
            synchronized (this) {
                if (pending == attempt) {
                    pending = null;
                }
            }
            Throwable cause = e.getCause();
            if (cause instanceof SQLException) {
                throw (SQLException) cause;
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new SQLException("could not open the listening connection: " + cause, "08001", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while connecting", "08001", e);
        }
    }

    private CompletableFuture<Connection> start(Callable<Connection> connect) {
        CompletableFuture<Connection> f = new CompletableFuture<>();
        Thread t = threads.newThread(() -> {
            try {
                Connection c = connect.call();
                boolean discard;
                synchronized (this) {
                    discard = closed;
                    if (!discard) {
                        f.complete(c);
                    }
                }
                if (discard) {
                    abort(c);
                }
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        pendingThread = t;
        t.start();
        return f;
    }

    /**
     * Stops accepting connections and wakes a waiting reader; a connection not taken yet, or
     * arriving later, is aborted.
     */
    void close() {
        CompletableFuture<Connection> left;
        synchronized (this) {
            closed = true;
            left = pending;
            pending = null;
        }
        if (left != null && !left.completeExceptionally(new SQLTransientConnectionException("the PubSub is closing",
                "08003"))) {
            Connection c = left.getNow(null);
            if (c != null) {
                abort(c);
            }
        }
    }

    /**
     * Waits for the last attempt's thread to end (after {@link #close()}).
     *
     * @param millis the bound
     * @return whether no attempt is left running
     */
    boolean awaitIdle(long millis) {
        Thread t;
        synchronized (this) {
            t = pendingThread;
        }
        if (t == null) {
            return true;
        }
        try {
            t.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("justpg PubSub: a connect attempt is still inside DataSource.getConnection() after close; its"
                    + " thread {} ends when the driver returns. Give the listener's DataSource a connect and socket"
                    + " timeout (or use pgjdbc's PGSimpleDataSource, whose timeouts justpg bounds itself)", t.getName());
            return false;
        }
        return true;
    }

    /** Closes a connection nobody will use: aborted, so a pool discards it rather than reuse it. */
    static void abort(Connection c) {
        try {
            c.abort(Runnable::run);
        } catch (SQLException | RuntimeException | AbstractMethodError e) {
            LOG.debug("aborting a connection failed", e);
        }
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("closing an aborted connection failed", e);
        }
    }
}
