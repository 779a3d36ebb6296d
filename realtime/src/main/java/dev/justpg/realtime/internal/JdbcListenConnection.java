package dev.justpg.realtime.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens through pgjdbc's public API: {@code getNotifications(timeout)} with a short timeout
 * (never 0, which can wait forever on a dead peer). Used only when the pgjdbc stream cannot be
 * reached (see {@link ListenConnector}). Correct, but under a steady stream of notifications a
 * call returns only after about a millisecond of silence, so latency grows with the rate.
 */
final class JdbcListenConnection implements ListenConnection {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcListenConnection.class);

    /** The wait per {@code getNotifications} call; also how soon commands are picked up. */
    static final int POLL_MILLIS = 50;

    private final Connection jdbc;
    private final PGConnection pg;
    private final int pid;
    private final int idleMillis;
    private final int probeSeconds;

    JdbcListenConnection(Connection jdbc, PGConnection pg, int idleMillis, int probeMillis) {
        this.jdbc = jdbc;
        this.pg = pg;
        this.pid = pg.getBackendPID();
        this.idleMillis = idleMillis;
        this.probeSeconds = Math.max(1, (probeMillis + 999) / 1000);
    }

    @Override
    public int backendPid() {
        return pid;
    }

    @Override
    public void execute(String sql, NotificationSink sink) throws Exception {
        try (Statement st = jdbc.createStatement()) {
            st.setQueryTimeout(probeSeconds);
            st.execute(sql);
        }
        deliver(pg.getNotifications(1), sink);
    }

    @Override
    public boolean await(NotificationSink sink) throws Exception {
        long deadline = System.nanoTime() + idleMillis * 1_000_000L;
        do {
            PGNotification[] got = pg.getNotifications(POLL_MILLIS);
            if (got != null && got.length > 0) {
                deliver(got, sink);
                return true;
            }
        } while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted() && !woken());
        return false;
    }

    private volatile boolean wakeRequested;

    private boolean woken() {
        if (wakeRequested) {
            wakeRequested = false;
            return true;
        }
        return false;
    }

    private static void deliver(PGNotification[] got, NotificationSink sink) {
        if (got == null) {
            return;
        }
        for (PGNotification n : got) {
            sink.accept(n.getPID(), n.getName(), n.getParameter());
        }
        sink.flush();
    }

    @Override
    public void probe(NotificationSink sink) throws Exception {
        if (!jdbc.isValid(probeSeconds)) {
            throw new SQLException("the server did not answer the liveness probe within " + probeSeconds
                    + " s; the connection is considered dead", "08006");
        }
        deliver(pg.getNotifications(1), sink);
    }

    @Override
    public void wakeup() {
        wakeRequested = true;
    }

    @Override
    public void close(boolean graceful) {
        boolean clean = false;
        if (graceful) {
            try (Statement st = jdbc.createStatement()) {
                st.setQueryTimeout(probeSeconds);
                st.execute("UNLISTEN *");
                clean = true;
            } catch (SQLException e) {
                LOG.debug("UNLISTEN * on the listening connection failed", e);
            }
        }
        if (!clean) {
            // Failed or still listening: never hand it back to a pool.
            ConnectAttempts.abort(jdbc);
            return;
        }
        try {
            jdbc.close();
        } catch (SQLException e) {
            LOG.debug("closing the listening connection failed", e);
        }
    }
}
