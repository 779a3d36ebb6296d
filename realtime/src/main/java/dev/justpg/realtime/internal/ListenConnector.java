package dev.justpg.realtime.internal;

import dev.justpg.core.JustPgException;
import dev.justpg.core.UnsupportedFeatureException;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.PGStream;
import org.postgresql.core.QueryExecutor;
import org.postgresql.core.QueryExecutorBase;
import org.postgresql.core.TransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the dedicated listening connection from a {@link DataSource} and picks how to read it:
 * directly from pgjdbc's protocol stream ({@link WireListenConnection}) when that stream can be
 * reached, else through {@code getNotifications} ({@link JdbcListenConnection}).
 *
 * <p>Reaching the stream reads one field of pgjdbc ({@code QueryExecutorBase.pgStream}) by
 * reflection, and two more ({@code PGStream.pgInput}, and {@link BufferedBytes}) only to see
 * whether more bytes are buffered. If a future pgjdbc renames the first, or the module system
 * forbids the access, justpg logs one warning and falls back; without the others it runs the
 * handlers after every message instead of after every batch.
 */
public final class ListenConnector {

    private static final Logger LOG = LoggerFactory.getLogger(ListenConnector.class);

    /** How the listening connection is read. */
    public enum Mode {
        /** Read pgjdbc's stream directly when possible, else fall back to {@link #JDBC}. */
        AUTO,
        /** Always use {@code PGConnection.getNotifications(timeout)}. */
        JDBC
    }

    private static final Field STREAM_FIELD = field(QueryExecutorBase.class, "pgStream");
    /** pgjdbc's input buffer inside the stream: only to see whether more bytes are ready. */
    private static final Field INPUT_FIELD = field(PGStream.class, "pgInput");
    private static volatile boolean fallbackLogged;

    private final DataSource dataSource;
    private final Mode mode;
    private final int idleMillis;
    private final int probeMillis;

    /**
     * A connector.
     *
     * @param dataSource where the connection comes from
     * @param mode how to read it
     * @param idleMillis read timeout before a liveness probe
     * @param probeMillis how long a probe or a LISTEN may take
     */
    public ListenConnector(DataSource dataSource, Mode mode, int idleMillis, int probeMillis) {
        this.dataSource = dataSource;
        this.mode = mode;
        this.idleMillis = idleMillis;
        this.probeMillis = probeMillis;
    }

    /**
     * Opens a connection, in autocommit mode.
     *
     * @return the listening connection
     * @throws SQLException when connecting fails
     * @throws UnsupportedFeatureException when the connection is not a PostgreSQL (pgjdbc) one
     */
    ListenConnection open() throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            PGConnection pg = unwrapPg(c);
            PGStream stream = mode == Mode.AUTO ? stream(c) : null;
            if (stream != null) {
                return new WireListenConnection(c, stream, input(stream), pg.getBackendPID(), idleMillis, probeMillis);
            }
            return new JdbcListenConnection(c, pg, idleMillis, probeMillis);
        } catch (SQLException | RuntimeException | java.io.IOException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof SQLException) {
                throw (SQLException) e;
            }
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            throw new SQLException("could not prepare the listening connection: " + e.getMessage(), "08006", e);
        }
    }

    /**
     * How long a probe or a LISTEN may take.
     *
     * @return the probe timeout in milliseconds
     */
    int probeMillis() {
        return probeMillis;
    }

    private static PGConnection unwrapPg(Connection c) {
        try {
            return c.unwrap(PGConnection.class);
        } catch (SQLException e) {
            throw new UnsupportedFeatureException("the listening connection is not a pgjdbc connection ("
                    + c.getClass().getName() + "); LISTEN needs the PostgreSQL JDBC driver (org.postgresql),"
                    + " so give PubSub a DataSource that yields pgjdbc connections", e);
        }
    }

    private static PGStream stream(Connection c) {
        if (STREAM_FIELD == null) {
            return null;
        }
        try {
            QueryExecutor qe = c.unwrap(BaseConnection.class).getQueryExecutor();
            if (!(qe instanceof QueryExecutorBase) || qe.getTransactionState() != TransactionState.IDLE) {
                logFallback("its query executor is " + qe.getClass().getName() + " in state "
                        + qe.getTransactionState());
                return null;
            }
            return (PGStream) STREAM_FIELD.get(qe);
        } catch (SQLException | IllegalAccessException | RuntimeException e) {
            logFallback(e.toString());
            return null;
        }
    }

    private static java.io.InputStream input(PGStream stream) {
        try {
            Object in = INPUT_FIELD == null ? null : INPUT_FIELD.get(stream);
            return in instanceof java.io.InputStream ? (java.io.InputStream) in : null;
        } catch (IllegalAccessException | RuntimeException e) {
            return null;
        }
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException | RuntimeException | LinkageError e) {
            if (owner == QueryExecutorBase.class) {
                logFallback(e.toString());
            }
            return null;
        }
    }

    private static void logFallback(String why) {
        if (!fallbackLogged) {
            fallbackLogged = true;
            LOG.warn("justpg PubSub cannot read pgjdbc's protocol stream ({}); falling back to"
                    + " PGConnection.getNotifications, which adds latency under a steady stream of notifications", why);
        }
    }

    /**
     * Wraps a connect failure for callers.
     *
     * @param e the failure
     * @return an exception whose message says what to check
     */
    static JustPgException connectFailure(Exception e) {
        return new JustPgException("could not open the listening connection: " + e.getMessage()
                + "; check that the server is up and the DataSource's settings", e);
    }
}
