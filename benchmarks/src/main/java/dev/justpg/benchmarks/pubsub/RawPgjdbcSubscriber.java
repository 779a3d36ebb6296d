package dev.justpg.benchmarks.pubsub;

import dev.justpg.testkit.ConnectionInfo;
import java.sql.Connection;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** The obvious pgjdbc loop: a dedicated connection calling {@code getNotifications(100)}. */
final class RawPgjdbcSubscriber implements SubscriberUnderTest {

    static final int TIMEOUT_MILLIS = 100;

    private Connection connection;
    private Thread thread;
    private volatile boolean stop;

    @Override
    public String label() {
        return "raw-pgjdbc";
    }

    @Override
    public void start(ConnectionInfo db, String channel, Latencies sink) throws Exception {
        connection = db.dataSource().getConnection();
        try (Statement st = connection.createStatement()) {
            st.execute("LISTEN " + channel);
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        thread = new Thread(() -> {
            try {
                while (!stop) {
                    PGNotification[] got = pg.getNotifications(TIMEOUT_MILLIS);
                    if (got != null) {
                        for (PGNotification n : got) {
                            sink.record(n.getParameter());
                        }
                    }
                }
            } catch (Exception e) {
                if (!stop) {
                    e.printStackTrace();
                }
            }
        }, "bench-raw-listener");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void publish(Connection c, String channel, String payload) throws Exception {
        Publish.plain(c, channel, payload);
    }

    @Override
    public void close() throws Exception {
        stop = true;
        thread.join(5_000);
        connection.close();
    }
}
