package dev.justpg.realtime.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.postgresql.core.PGStream;
import org.postgresql.core.v3.QueryExecutorImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens by reading the protocol stream of a pgjdbc connection directly, after pgjdbc has
 * connected and authenticated it (TLS, SCRAM, GSS: whatever pgjdbc negotiated).
 *
 * <p>Why: {@code PGConnection.getNotifications(timeout)} returns only after the socket has been
 * silent for about a millisecond. After the first notification it keeps reading while
 * {@code PGStream.hasMessagePending()} says so, and on an empty buffer that method does a
 * blocking read with a 1 ms socket timeout (its once-a-second throttle is armed only when the
 * peek sees end of stream, never when it times out). At a few thousand notifications a second the
 * gaps are shorter than that, so the call keeps collecting: measured here, 1,700 notifications
 * per call and p50 285 ms at 5,000/s. Reading the stream ourselves hands each notification on as
 * soon as its bytes are in.
 *
 * <p>Protocol use is minimal: simple Query messages ({@code LISTEN}, {@code UNLISTEN}, and the
 * empty query as a probe and as a wakeup), each answered by ReadyForQuery; everything between
 * is NotificationResponse, CommandComplete, EmptyQueryResponse, ErrorResponse, NoticeResponse or
 * ParameterStatus. ParameterStatus (a server parameter changed: a reload, a promotion) is read
 * by pgjdbc's own {@code QueryExecutorImpl.receiveParameterStatus()}, so pgjdbc's view of the
 * session (encoding, {@code standard_conforming_strings}, the parameter map its users see) stays
 * current. Only the thread holding the reader role reads; writes take a lock so another thread
 * can send a wakeup. Before the connection goes back to its pool every answer has been read, so
 * pgjdbc finds it idle; a connection whose socket justpg closed is aborted instead, so a pool
 * discards it. A message the protocol does not allow here raises {@link ProtocolException}, on
 * which the hub falls back to pgjdbc's public API.
 */
final class WireListenConnection implements ListenConnection {

    private static final Logger LOG = LoggerFactory.getLogger(WireListenConnection.class);

    private static final int WAKEUP = 1;
    private static final int PROBE = 2;
    private static final int COMMAND = 3;
    private static final int NONE = 0;
    private static final int MAX_MESSAGE = 64 * 1024 * 1024;

    private final Connection jdbc;
    private final PGStream stream;
    private final QueryExecutorImpl executor;
    private final BufferedBytes buffered;
    private final int pid;
    private final int idleMillis;
    private final int probeMillis;
    private final int originalTimeout;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Integer> expected = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private boolean writesClosed;
    private int timeout = -1;
    private boolean unflushed;
    /** A wakeup was answered (maybe while running a statement): the caller must look for work. */
    private boolean woken;
    /** The sink asked (on a flush) for {@link #await} to return. */
    private boolean yielded;
    private ServerError pendingError;
    private ServerError completedError;

    WireListenConnection(Connection jdbc, PGStream stream, QueryExecutorImpl executor, InputStream buffered, int pid,
                         int idleMillis, int probeMillis) throws IOException {
        this.jdbc = jdbc;
        this.stream = stream;
        this.executor = executor;
        this.buffered = new BufferedBytes(buffered);
        this.pid = pid;
        this.idleMillis = idleMillis;
        this.probeMillis = probeMillis;
        this.originalTimeout = stream.getNetworkTimeout();
    }

    @Override
    public int backendPid() {
        return pid;
    }

    @Override
    public void execute(String sql, NotificationSink sink) throws Exception {
        send(sql, COMMAND);
        awaitReady(COMMAND, sink, "statement");
        if (completedError != null) {
            ServerError e = completedError;
            completedError = null;
            SQLException cause = e.toSqlException();
            throw new SQLException("the listening connection could not run [" + sql + "]: " + e.message(),
                    e.sqlState(), cause);
        }
    }

    @Override
    public boolean await(NotificationSink sink) throws Exception {
        if (woken) {
            woken = false;
            return true;
        }
        setTimeout(idleMillis);
        yielded = false;
        boolean any = false;
        while (true) {
            try {
                readMessage(sink);
            } catch (IdleTimeout idle) {
                return any;
            }
            any = true;
            if (woken || yielded) {
                woken = false;
                yielded = false;
                return true;
            }
        }
    }

    @Override
    public void probe(NotificationSink sink) throws Exception {
        send("", PROBE);
        awaitReady(PROBE, sink, "liveness probe");
    }

    private void awaitReady(int kind, NotificationSink sink, String what) throws Exception {
        setTimeout(probeMillis);
        try {
            while (readMessage(sink) != kind) {
                // notifications and other answers are handled by readMessage
            }
        } catch (IdleTimeout idle) {
            throw new IOException("the server did not answer the " + what + " within " + probeMillis
                    + " ms; the connection is considered dead");
        }
    }

    @Override
    public void wakeup() {
        if (!wakeupPending.compareAndSet(false, true)) {
            return;
        }
        try {
            send("", WAKEUP);
        } catch (IOException e) {
            LOG.debug("could not send a wakeup on the listening connection; it will be replaced", e);
        }
    }

    private void send(String sql, int kind) throws IOException {
        writeLock.lock();
        try {
            if (writesClosed) {
                if (kind == WAKEUP) {
                    return;
                }
                throw new IOException("the listening connection is closing");
            }
            writeQuery(sql, kind);
        } finally {
            writeLock.unlock();
        }
    }

    /** Writes a simple Query message; the caller holds the write lock. */
    private void writeQuery(String sql, int kind) throws IOException {
        byte[] bytes = sql.getBytes(StandardCharsets.UTF_8);
        stream.sendChar('Q');
        stream.sendInteger4(4 + bytes.length + 1);
        stream.send(bytes);
        stream.sendChar(0);
        // Registered before the flush: the answer may be read before flush() returns.
        expected.add(kind);
        stream.flush();
    }

    /**
     * Reads one message and acts on it.
     *
     * @return the kind of request a ReadyForQuery completed, or {@link #NONE}
     */
    private int readMessage(NotificationSink sink) throws IOException, SQLException {
        int type;
        try {
            type = stream.receiveChar();
        } catch (SocketTimeoutException e) {
            throw new IdleTimeout();
        }
        if (type == 'S') {
            // pgjdbc reads the rest (length, name, value) and updates its state, as in its own loop.
            try {
                executor.receiveParameterStatus();
            } catch (SocketTimeoutException e) {
                throw new IOException("the server stopped sending in the middle of a message", e);
            }
            return NONE;
        }
        int len;
        byte[] body;
        try {
            len = stream.receiveInteger4();
            if (len < 4 || len > MAX_MESSAGE) {
                throw new ProtocolException("message '" + (char) type + "' with length " + len);
            }
            body = len == 4 ? new byte[0] : stream.receive(len - 4);
        } catch (SocketTimeoutException e) {
            throw new IOException("the server stopped sending in the middle of a message", e);
        }
        if (type == 'A') {
            notification(body, sink);
            unflushed = true;
        }
        if (unflushed && !moreBuffered()) {
            unflushed = false;
            yielded |= sink.flush();
        }
        switch (type) {
            case 'A':
                return NONE;
            case 'Z':
                return ready();
            case 'C':
            case 'I':
                return NONE;
            case 'E':
                ServerError error = ServerError.parse(body);
                if (error.fatal() || expected.isEmpty()) {
                    throw new SQLException("the server ended the listening session: " + error.message(),
                            error.sqlState(), error.toSqlException());
                }
                pendingError = error;
                return NONE;
            case 'N':
                LOG.debug("notice on the listening connection: {}", ServerError.parse(body).message());
                return NONE;
            default:
                throw new ProtocolException("unexpected message type '" + (char) type + "' on the listening connection");
        }
    }

    /**
     * Whether the next message can be read without waiting (bytes in pgjdbc's buffer). While
     * there are, handler runs are batched; never when the stream is unknown.
     */
    private boolean moreBuffered() {
        return buffered.any();
    }

    private int ready() throws IOException {
        Integer kind = expected.poll();
        if (kind == null) {
            throw new ProtocolException("ReadyForQuery without a pending query");
        }
        completedError = pendingError;
        pendingError = null;
        if (kind == WAKEUP) {
            wakeupPending.set(false);
            woken = true;
        }
        return kind;
    }

    private static void notification(byte[] body, NotificationSink sink) throws IOException {
        if (body.length < 6) {
            throw new ProtocolException("short NotificationResponse");
        }
        int sender = ((body[0] & 0xff) << 24) | ((body[1] & 0xff) << 16) | ((body[2] & 0xff) << 8) | (body[3] & 0xff);
        int channelEnd = indexOfNul(body, 4);
        int payloadEnd = indexOfNul(body, channelEnd + 1);
        String channel = new String(body, 4, channelEnd - 4, StandardCharsets.UTF_8);
        String payload = new String(body, channelEnd + 1, payloadEnd - channelEnd - 1, StandardCharsets.UTF_8);
        sink.accept(sender, channel, payload);
    }

    private static int indexOfNul(byte[] body, int from) throws IOException {
        for (int i = from; i < body.length; i++) {
            if (body[i] == 0) {
                return i;
            }
        }
        throw new ProtocolException("unterminated string in a server message");
    }

    private void setTimeout(int millis) throws IOException {
        if (timeout != millis) {
            stream.setNetworkTimeout(millis);
            timeout = millis;
        }
    }

    @Override
    public void close(boolean graceful) {
        boolean clean = false;
        writeLock.lock();
        try {
            writesClosed = true;
            if (graceful) {
                writeQuery("UNLISTEN *", COMMAND);
            }
        } catch (IOException e) {
            graceful = false;
        } finally {
            writeLock.unlock();
        }
        if (graceful) {
            try {
                setTimeout(probeMillis);
                NotificationSink ignore = (p, c, m) -> { };
                while (!expected.isEmpty()) {
                    readMessage(ignore);
                }
                stream.setNetworkTimeout(originalTimeout);
                clean = true;
            } catch (IOException | SQLException | RuntimeException e) {
                LOG.debug("UNLISTEN * on the listening connection failed; closing its socket", e);
            }
        }
        if (!clean) {
            try {
                stream.getSocket().close();
            } catch (IOException e) {
                LOG.debug("closing the listening socket failed", e);
            }
            // pgjdbc's state no longer matches the socket: never hand it back to a pool.
            ConnectAttempts.abort(jdbc);
            return;
        }
        try {
            jdbc.close();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("closing the listening connection failed", e);
        }
    }

    /**
     * The server sent what the protocol does not allow at this point, as far as justpg reads it:
     * pgjdbc's internals or the protocol are not what this class expects.
     */
    static final class ProtocolException extends IOException {
        private static final long serialVersionUID = 1L;

        ProtocolException(String what) {
            super("protocol error: " + what);
        }
    }

    /** The read timed out before the first byte of a message: nothing is lost, the stream is intact. */
    private static final class IdleTimeout extends IOException {
        private static final long serialVersionUID = 1L;

        IdleTimeout() {
            super("idle", null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
