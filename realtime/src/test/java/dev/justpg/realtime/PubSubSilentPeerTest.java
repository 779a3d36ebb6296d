package dev.justpg.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.justpg.core.Database;
import dev.justpg.core.JustPgException;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A server that accepts the TCP connection and never answers, behind a data source with no login,
 * connect or socket timeout: every reconnect attempt is bounded by the PubSub itself, reconnecting
 * goes on, and close() returns in time; with pgjdbc's own data source no justpg thread is left.
 */
@PostgresTest
class PubSubSilentPeerTest {

    private final Database db;

    PubSubSilentPeerTest(TestDatabase database) {
        this.db = Database.of(database.dataSource());
    }

    @Test
    void pgjdbcDataSourceWithoutTimeoutsAttemptsAreBoundedAndCloseLeavesNoThread() throws Exception {
        String prefix = "silent-pg-" + System.nanoTime() + "-";
        try (SilentPeer peer = new SilentPeer()) {
            AtomicInteger disconnects = new AtomicInteger();
            PubSub pubsub = builder(noTimeouts(peer.port()), prefix, disconnects).build();
            try {
                assertThatThrownBy(() -> pubsub.subscribe(Channel.text("silent"), m -> { }))
                        .isInstanceOf(JustPgException.class).hasMessageContaining("within 1500 ms");
                awaitAtLeast(disconnects, 3);
                assertThat(peer.accepted()).isGreaterThanOrEqualTo(2);
            } finally {
                long start = System.nanoTime();
                pubsub.close();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            }
            assertThat(threadsNamed(prefix)).as("threads left after close").isEmpty();
        }
    }

    @Test
    void anyDataSourceAttemptsAreBoundedCloseIsBoundedAndTheAttemptEndsWithTheDriver() throws Exception {
        String prefix = "silent-any-" + System.nanoTime() + "-";
        AtomicInteger disconnects = new AtomicInteger();
        SilentPeer peer = new SilentPeer();
        try {
            PubSub pubsub = builder(opaque(noTimeouts(peer.port())), prefix, disconnects).build();
            try {
                assertThatThrownBy(() -> pubsub.subscribe(Channel.text("silent"), m -> { }))
                        .isInstanceOf(JustPgException.class);
                awaitAtLeast(disconnects, 3);
                // One driver call at a time, however many attempts were abandoned.
                assertThat(peer.accepted()).isEqualTo(1);
            } finally {
                long start = System.nanoTime();
                pubsub.close();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            }
        } finally {
            peer.close(); // the driver's read ends: so does the attempt's thread
        }
        long deadline = System.nanoTime() + Recorder.WAIT.toNanos();
        while (!threadsNamed(prefix).isEmpty()) {
            assertThat(System.nanoTime()).as("the connect attempt's thread ends").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private PubSub.Builder builder(DataSource listenFrom, String prefix, AtomicInteger disconnects) {
        return PubSub.builder(db)
                .listenerDataSource(listenFrom)
                .threadFactory(named(prefix))
                .connectTimeout(Duration.ofMillis(500))
                .subscribeTimeout(Duration.ofMillis(1500))
                .closeTimeout(Duration.ofSeconds(3))
                .reconnect(ReconnectPolicy.of(Duration.ofMillis(50), Duration.ofMillis(100)))
                .listener(new PubSubListener() {
                    @Override
                    public void onDisconnected(int attempt, Duration delay, Throwable cause) {
                        disconnects.incrementAndGet();
                    }
                });
    }

    /** pgjdbc's data source with every timeout at 0 (wait forever). */
    private static PGSimpleDataSource noTimeouts(int port) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName("nobody");
        ds.setUser("nobody");
        ds.setConnectTimeout(0);
        ds.setSocketTimeout(0);
        ds.setLoginTimeout(0);
        return ds;
    }

    /** A data source justpg cannot see into (as a pool or a framework's wrapper would be). */
    private static DataSource opaque(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static void awaitAtLeast(AtomicInteger count, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Recorder.WAIT.toNanos();
        while (count.get() < n) {
            assertThat(System.nanoTime()).as(n + " bounded attempts").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static List<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(prefix)).collect(Collectors.toList());
    }
}
