package dev.justpg.realtime.internal;

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
import org.postgresql.core.v3.QueryExecutorImpl;
import org.postgresql.ds.PGSimpleDataSource;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.postgresql.core.TransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the dedicated listening connection from a {@link DataSource} and picks how to read it:
 * directly from pgjdbc's protocol stream ({@link WireListenConnection}) when that stream can be
 * reached and passes the self-check, else through pgjdbc's public {@code getNotifications}
 * ({@link JdbcListenConnection}).
 *
 * <p>Reaching the stream reads one protected field of pgjdbc ({@code QueryExecutorBase.pgStream})
 * by reflection, and two more ({@code PGStream.pgInput}, and {@link BufferedBytes}) only to see
 * whether more bytes are buffered; parameter changes the server reports are handed to pgjdbc's
 * own {@code QueryExecutorImpl.receiveParameterStatus()}. The self-check, once per class load
 * and again on every connection, verifies each of these (names, types, the executor's class and
 * idle state, the socket); when anything differs, or when the stream path later meets a message
 * it does not expect, justpg says so once at INFO and reads through the public API from then on.
 * {@link Mode#JDBC} (the builder's {@code useDriverInternals(false)}) never touches the internals.
 *
 * <p>Every attempt to connect is bounded ({@link ConnectAttempts}). For pgjdbc's
 * {@code PGSimpleDataSource} justpg connects through a copy whose connect and socket timeouts are
 * at most the bound, so even the driver's own thread ends in time; the socket timeout of the
 * connection is then set back to the data source's.
 */
public final class ListenConnector {

    private static final Logger LOG = LoggerFactory.getLogger(ListenConnector.class);

    /** How the listening connection is read. */
    public enum Mode {
        /** Read pgjdbc's stream directly when the self-check passes, else fall back to {@link #JDBC}. */
        AUTO,
        /** Always use pgjdbc's public API ({@code PGConnection.getNotifications(timeout)}). */
        JDBC
    }

    private static final Field STREAM_FIELD = field(QueryExecutorBase.class, "pgStream", PGStream.class);
    /** pgjdbc's input buffer inside the stream: only to see whether more bytes are ready. */
    private static final Field INPUT_FIELD = field(PGStream.class, "pgInput", java.io.InputStream.class);
    /** Why the stream path is not usable in this JVM, or {@code null} when the static self-check passed. */
    private static final String STATIC_CHECK = staticCheck();
    private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();

    private final DataSource dataSource;
    private final int idleMillis;
    private final int probeMillis;
    private final ConnectAttempts attempts;
    private final int driverTimeoutSeconds;
    private volatile Mode mode;

    /**
     * A connector.
     *
     * @param dataSource where the connection comes from
     * @param mode how to read it
     * @param idleMillis read timeout before a liveness probe
     * @param probeMillis how long a probe or a LISTEN may take
     * @param connectMillis the bound on each connect attempt
     * @param closeMillis the bound on each step of close (the driver's own timeouts stay a second
     *     below it and below the connect bound, and at least 1 s)
     * @param threads makes the thread of each connect attempt
     */
    public ListenConnector(DataSource dataSource, Mode mode, int idleMillis, int probeMillis, long connectMillis,
                           long closeMillis, ThreadFactory threads) {
        this.dataSource = dataSource;
        this.mode = mode;
        this.idleMillis = idleMillis;
        this.probeMillis = probeMillis;
        this.attempts = new ConnectAttempts(threads, connectMillis);
        // Whole seconds, a second below the smaller bound: the driver gives up before close stops waiting.
        this.driverTimeoutSeconds = (int) Math.max(1, (Math.min(connectMillis, closeMillis) - 1000) / 1000);
        if (mode == Mode.AUTO && STATIC_CHECK != null) {
            fallBack(STATIC_CHECK);
        }
    }

    /**
     * How the connection is read now.
     *
     * @return the mode
     */
    public Mode mode() {
        return mode;
    }

    /**
     * Opens a connection, in autocommit mode, within the connect bound.
     *
     * @return the listening connection
     * @throws SQLException when connecting fails or takes longer than the bound
     * @throws UnsupportedFeatureException when the connection is not a PostgreSQL (pgjdbc) one
     */
    ListenConnection open() throws SQLException {
        Connection c = attempts.open(this::connect);
        try {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            PGConnection pg = unwrapPg(c);
            Wire wire = mode == Mode.AUTO ? wire(c) : null;
            if (wire != null) {
                return new WireListenConnection(c, wire.stream, wire.executor, input(wire.stream),
                        pg.getBackendPID(), idleMillis, probeMillis);
            }
            return new JdbcListenConnection(c, pg, idleMillis, probeMillis);
        } catch (SQLException | RuntimeException | java.io.IOException e) {
            ConnectAttempts.abort(c);
            if (e instanceof SQLException) {
                throw (SQLException) e;
            }
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            throw new SQLException("could not prepare the listening connection: " + e.getMessage(), "08006", e);
        }
    }

    /** The driver's connect; runs on the attempt's thread. */
    private Connection connect() throws SQLException {
        if (dataSource.getClass() != PGSimpleDataSource.class) {
            return dataSource.getConnection();
        }
        PGSimpleDataSource given = (PGSimpleDataSource) dataSource;
        PGSimpleDataSource bounded = new PGSimpleDataSource();
        bounded.setURL(given.getURL());
        bounded.setUser(given.getUser());
        bounded.setPassword(given.getPassword());
        bounded.setConnectTimeout(bound(given.getConnectTimeout()));
        bounded.setSocketTimeout(bound(given.getSocketTimeout()));
        Connection c = bounded.getConnection();
        try {
            c.setNetworkTimeout(Runnable::run, given.getSocketTimeout() * 1000);
        } catch (SQLException | RuntimeException e) {
            ConnectAttempts.abort(c);
            throw e;
        }
        return c;
    }

    private int bound(int seconds) {
        return seconds <= 0 ? driverTimeoutSeconds : Math.min(seconds, driverTimeoutSeconds);
    }

    /** Stops connecting: a waiting attempt returns at once; a late connection is aborted. */
    void close() {
        attempts.close();
    }

    /**
     * Waits for the last connect attempt's thread to end (after {@link #close()}).
     *
     * @param millis the bound
     * @return whether none is left running
     */
    boolean awaitIdle(long millis) {
        return attempts.awaitIdle(millis);
    }

    /**
     * How long a probe or a LISTEN may take.
     *
     * @return the probe timeout in milliseconds
     */
    int probeMillis() {
        return probeMillis;
    }

    /**
     * The stream path failed in a way the self-check could not foresee (a message it does not
     * expect): read through pgjdbc's public API from the next connection on.
     *
     * @param why what went wrong
     */
    void fallBack(String why) {
        mode = Mode.JDBC;
        if (FALLBACK_LOGGED.compareAndSet(false, true)) {
            LOG.info("justpg PubSub reads notifications through pgjdbc's public API (getNotifications): the driver's"
                    + " internals are not as expected ({}). Correct, with more latency under a steady stream of"
                    + " notifications", why);
        }
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

    /** The stream and executor of a connection, or {@code null} (after falling back) when they do not pass. */
    private Wire wire(Connection c) {
        try {
            QueryExecutor qe = c.unwrap(BaseConnection.class).getQueryExecutor();
            if (!(qe instanceof QueryExecutorImpl)) {
                fallBack("its query executor is " + qe.getClass().getName());
                return null;
            }
            if (qe.getTransactionState() != TransactionState.IDLE) {
                fallBack("a new connection is in state " + qe.getTransactionState());
                return null;
            }
            Object s = STREAM_FIELD.get(qe);
            if (!(s instanceof PGStream)) {
                fallBack("QueryExecutorBase.pgStream holds " + (s == null ? "null" : s.getClass().getName()));
                return null;
            }
            PGStream stream = (PGStream) s;
            java.net.Socket socket = stream.getSocket();
            if (socket == null || !socket.isConnected() || socket.isClosed() || stream.isClosed()) {
                fallBack("the connection's stream has no open socket");
                return null;
            }
            stream.getNetworkTimeout();
            return new Wire(stream, (QueryExecutorImpl) qe);
        } catch (SQLException | IllegalAccessException | RuntimeException | java.io.IOException | LinkageError e) {
            fallBack(e.toString());
            return null;
        }
    }

    /** A stream that passed the per-connection self-check, and the executor pgjdbc reads it with. */
    private record Wire(PGStream stream, QueryExecutorImpl executor) {
    }

    private static java.io.InputStream input(PGStream stream) {
        try {
            Object in = INPUT_FIELD == null ? null : INPUT_FIELD.get(stream);
            return in instanceof java.io.InputStream ? (java.io.InputStream) in : null;
        } catch (IllegalAccessException | RuntimeException e) {
            return null;
        }
    }

    /** The checks that do not need a connection: the fields and methods the stream path uses. */
    private static String staticCheck() {
        if (STREAM_FIELD == null) {
            return "QueryExecutorBase has no accessible PGStream field pgStream";
        }
        try {
            QueryExecutorImpl.class.getMethod("receiveParameterStatus");
            PGStream.class.getMethod("receiveChar");
            PGStream.class.getMethod("receiveInteger4");
            PGStream.class.getMethod("receive", int.class);
            PGStream.class.getMethod("setNetworkTimeout", int.class);
            PGStream.class.getMethod("getNetworkTimeout");
            PGStream.class.getMethod("send", byte[].class);
            PGStream.class.getMethod("sendChar", int.class);
            PGStream.class.getMethod("sendInteger4", int.class);
            PGStream.class.getMethod("flush");
            PGStream.class.getMethod("getSocket");
            PGStream.class.getMethod("isClosed");
            return null;
        } catch (NoSuchMethodException | RuntimeException | LinkageError e) {
            return "pgjdbc lacks " + e.getMessage();
        }
    }

    private static Field field(Class<?> owner, String name, Class<?> type) {
        try {
            Field f = owner.getDeclaredField(name);
            if (!type.isAssignableFrom(f.getType())) {
                return null;
            }
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
