package dev.justpg.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.justpg.core.Database;
import dev.justpg.core.JustPgException;
import dev.justpg.core.internal.Jdbc;
import dev.justpg.testkit.ConnectionInfo;
import dev.justpg.testkit.PostgresServer;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.ServerKind;
import dev.justpg.testkit.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** close(), threads, pooled connections, the getNotifications fallback and a peer that stops answering. */
@PostgresTest
class PubSubLifecycleTest {

    private final Database db;

    PubSubLifecycleTest(TestDatabase database) {
        this.db = Database.of(database.dataSource());
    }

    private static List<String> justpgThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("justpg-pubsub")).collect(Collectors.toList());
    }

    @Test
    void closeStopsEveryThreadEvenWithAStuckHandler() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        String[] stuckThread = new String[1];
        PubSub pubsub = PubSub.builder(db).closeTimeout(Duration.ofMillis(500)).build();
        pubsub.subscribe(Channel.text("stuck"), m -> {
            stuckThread[0] = Thread.currentThread().getName();
            entered.countDown();
            new CountDownLatch(1).await(60, TimeUnit.SECONDS); // interrupted by close long before
        });
        Recorder<String> other = new Recorder<>();
        pubsub.subscribe(Channel.text("fine"), other);
        pubsub.publish(Channel.text("stuck"), "x");
        pubsub.publish(Channel.text("fine"), "y");
        assertThat(other.nextPayload()).isEqualTo("y");
        assertThat(entered.await(30, TimeUnit.SECONDS)).as("the handler started").isTrue();
        // One thread is stuck in the handler; another reads (it delivered "y").
        assertThat(justpgThreads()).contains(stuckThread[0]).hasSizeGreaterThanOrEqualTo(2)
                .allMatch(n -> n.startsWith("justpg-pubsub-worker-"));

        pubsub.close();
        pubsub.close();
        assertThat(justpgThreads()).isEmpty();
        assertThatThrownBy(() -> pubsub.subscribe(Channel.text("late"), m -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(pubsub.stats().connected()).isFalse();
    }

    @Test
    void aPubSubThatOnlyPublishesStartsNoThread() throws Exception {
        try (PubSub pubsub = PubSub.builder(db).build()) {
            pubsub.publish(Channel.text("nobody_listens"), "hello");
            assertThat(justpgThreads()).isEmpty();
            assertThat(pubsub.notificationQueueUsage()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void aPooledListeningConnectionGoesBackCleanAndUsable(ConnectionInfo info) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setDataSource(info.dataSource());
        config.setMaximumPoolSize(1);
        config.setPoolName("listener-pool");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            int listenerPid;
            try (PubSub pubsub = PubSub.builder(db).listenerDataSource(pool).build()) {
                Recorder<String> rec = new Recorder<>();
                pubsub.subscribe(Channel.text("pooled"), rec);
                pubsub.subscribe(Channel.text("pooled_too"), new Recorder<>());
                pubsub.publish(Channel.text("pooled"), "over the pool");
                assertThat(rec.nextPayload()).isEqualTo("over the pool");
                listenerPid = pubsub.stats().backendPid();
            }
            try (Connection c = pool.getConnection()) {
                assertThat(Jdbc.query(c, "select pg_backend_pid()", r -> r.getInt(1))).containsExactly(listenerPid);
                assertThat(Jdbc.query(c, "select count(*) from pg_listening_channels()", r -> r.getLong(1)))
                        .containsExactly(0L);
                c.setAutoCommit(false);
                assertThat(Jdbc.query(c, "select 40 + 2", r -> r.getInt(1))).containsExactly(42);
                c.commit();
            }
        }
    }

    @Test
    void aListenerThatCannotLogInFailsSubscribeWithTheReasonInsteadOfWaiting(ConnectionInfo info) {
        DataSource wrongPassword = info.withUser(info.user(), "not-the-password").dataSource();
        try (PubSub pubsub = PubSub.builder(db).listenerDataSource(wrongPassword).build()) {
            assertThatThrownBy(() -> pubsub.subscribe(Channel.text("never"), m -> { }))
                    .isInstanceOf(JustPgException.class)
                    .hasMessageContaining("password authentication failed")
                    .satisfies(e -> assertThat(((JustPgException) e).sqlState()).contains("28P01"));
            assertThat(pubsub.stats().subscriptions()).isZero();
        }
        assertThat(justpgThreads()).isEmpty();
    }

    @Test
    void theGetNotificationsFallbackDeliversAndReconnects() throws Exception {
        try (PubSub pubsub = PubSub.builder(db).useDriverInternals(false)
                .reconnect(ReconnectPolicy.of(Duration.ofMillis(50), Duration.ofMillis(200))).build()) {
            Recorder<String> rec = new Recorder<>();
            pubsub.subscribe(Channel.text("fallback"), rec);
            for (int i = 0; i < 100; i++) {
                pubsub.publish(Channel.text("fallback"), "n" + i);
            }
            for (int i = 0; i < 100; i++) {
                assertThat(rec.nextPayload()).isEqualTo("n" + i);
            }
            int pid = pubsub.stats().backendPid();
            db.withConnection(c -> Jdbc.query(c, "select pg_terminate_backend(?)", r -> null, pid));
            assertThat(rec.next()).isInstanceOf(Resync.class);
            pubsub.publish(Channel.text("fallback"), "after");
            assertThat(rec.nextPayload()).isEqualTo("after");
            assertThat(pubsub.stats().reconnects()).isEqualTo(1);
        }
    }

    @Test
    void aServerThatStopsAnsweringIsDetectedByTheProbe(PostgresServer server) throws Exception {
        assumeTrue(server.kind() == ServerKind.EMBEDDED, "needs the server's processes on this machine");
        try (PubSub pubsub = PubSub.builder(db).idleProbe(Duration.ofMillis(300)).probeTimeout(Duration.ofMillis(700))
                .reconnect(ReconnectPolicy.of(Duration.ofMillis(50), Duration.ofMillis(200))).build()) {
            Recorder<String> rec = new Recorder<>();
            pubsub.subscribe(Channel.text("frozen"), rec);
            int pid = pubsub.stats().backendPid();
            signal("STOP", pid); // the TCP connection stays open, but nothing answers
            try {
                Object e = rec.next();
                assertThat(e).isInstanceOf(Resync.class);
                assertThat(pubsub.stats().backendPid()).isNotEqualTo(pid);
            } finally {
                signal("CONT", pid);
            }
            pubsub.publish(Channel.text("frozen"), "thawed");
            assertThat(rec.nextPayload()).isEqualTo("thawed");
        }
    }

    private static void signal(String signal, int pid) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + signal, Integer.toString(pid)).inheritIO().start();
        assertThat(p.waitFor()).as("kill -" + signal + " " + pid).isZero();
    }
}
