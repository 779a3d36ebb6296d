package dev.justpg.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.justpg.core.Database;
import dev.justpg.testkit.PostgresServer;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Losing the listening connection while messages stream in: the subscriber gets a Resync and
 * then every message committed after the reconnect, in order.
 */
@PostgresTest
@Tag("slow")
class PubSubReconnectTest {

    private final Database db;
    private final TestDatabase database;
    private final AtomicInteger publishedAtReconnect = new AtomicInteger(-1);
    private final List<String> listenerEvents = new CopyOnWriteArrayList<>();
    private StreamPublisher publisher;
    private PubSub pubsub;

    PubSubReconnectTest(TestDatabase database) {
        this.database = database;
        this.db = Database.of(database.dataSource());
    }

    @BeforeEach
    void build() {
        pubsub = PubSub.builder(db)
                .reconnect(ReconnectPolicy.of(Duration.ofMillis(50), Duration.ofMillis(500)))
                .listener(new PubSubListener() {
                    @Override
                    public void onConnected(int backendPid, boolean reconnect) {
                        if (reconnect && publishedAtReconnect.get() < 0) {
                            publishedAtReconnect.set(publisher.published());
                        }
                        listenerEvents.add(reconnect ? "reconnected" : "connected");
                    }

                    @Override
                    public void onDisconnected(int attempt, Duration delay, Throwable cause) {
                        listenerEvents.add("disconnected#" + attempt);
                    }
                })
                .build();
    }

    @AfterEach
    void close() throws InterruptedException {
        if (publisher != null) {
            publisher.close();
        }
        pubsub.close();
    }

    @Test
    void terminatedBackendIsReplacedAndTheGapSignalled() throws Exception {
        Recorder<String> rec = new Recorder<>();
        pubsub.subscribe(Channel.text("stream_kill"), rec);
        int oldPid = pubsub.stats().backendPid();
        publisher = new StreamPublisher(db, "stream_kill");
        publisher.awaitPublished(50);
        db.withConnection(c -> dev.justpg.core.internal.Jdbc.query(c, "select pg_terminate_backend(?)",
                r -> r.getBoolean(1), oldPid));
        checkStreamAfterReconnect(rec, 300);
        assertThat(pubsub.stats().backendPid()).isNotEqualTo(oldPid);
        assertThat(pubsub.stats().reconnects()).isEqualTo(1);
        assertThat(listenerEvents).startsWith("connected", "disconnected#1").contains("reconnected");
    }

    @Test
    void serverStopAndStartIsSurvived(PostgresServer server) throws Exception {
        assumeTrue(server.canRestart(), "needs a server the testkit can restart");
        Recorder<String> rec = new Recorder<>();
        pubsub.subscribe(Channel.text("stream_restart"), rec);
        publisher = new StreamPublisher(db, "stream_restart");
        publisher.awaitPublished(50);
        server.stop();
        Thread.sleep(300);
        server.start();
        checkStreamAfterReconnect(rec, 300);
        assertThat(publisher.failures()).isPositive();
    }

    @Test
    void serverCrashAndRecoveryIsSurvived(PostgresServer server) throws Exception {
        assumeTrue(server.canRestart(), "needs a server the testkit can restart");
        Recorder<String> rec = new Recorder<>();
        pubsub.subscribe(Channel.text("stream_crash"), rec);
        publisher = new StreamPublisher(db, "stream_crash");
        publisher.awaitPublished(50);
        server.crash();
        server.start();
        checkStreamAfterReconnect(rec, 300);
    }

    /**
     * Reads until the Resync and then until {@code after} more numbers arrived; checks order and
     * that nothing committed after the reconnect is missing.
     */
    private void checkStreamAfterReconnect(Recorder<String> rec, int after) throws Exception {
        List<Integer> before = new ArrayList<>();
        Resync resync = null;
        long deadline = System.nanoTime() + Recorder.WAIT.toNanos();
        while (resync == null) {
            assertThat(System.nanoTime()).as("a Resync within " + Recorder.WAIT).isLessThan(deadline);
            Object e = rec.next();
            if (e instanceof Resync) {
                resync = (Resync) e;
            } else {
                before.add(Integer.parseInt((String) ((Message<?>) e).payload()));
            }
        }
        assertThat(resync.reason()).isEqualTo(Resync.Reason.RECONNECTED);
        assertThat(before).isSorted().doesNotHaveDuplicates();
        // onConnected runs on the reading thread right after LISTEN is back; it may trail the Resync.
        long until = System.nanoTime() + Recorder.WAIT.toNanos();
        while (publishedAtReconnect.get() < 0 && System.nanoTime() < until) {
            Thread.sleep(1);
        }
        int atReconnect = publishedAtReconnect.get();
        assertThat(atReconnect).as("onConnected(reconnect) was called").isPositive();
        publisher.awaitPublished(atReconnect + after);
        int last = publisher.published();
        List<Integer> afterResync = new ArrayList<>();
        while (afterResync.isEmpty() || afterResync.get(afterResync.size() - 1) < last) {
            Object e = rec.next();
            assertThat(e).as("only one gap").isInstanceOf(Message.class);
            afterResync.add(Integer.parseInt((String) ((Message<?>) e).payload()));
        }
        assertThat(afterResync).isSorted().doesNotHaveDuplicates();
        // Everything committed after the listening connection was back (one may have been in flight).
        int firstCertain = atReconnect + 2;
        List<Integer> expected = new ArrayList<>();
        for (int i = firstCertain; i <= last; i++) {
            expected.add(i);
        }
        assertThat(afterResync).containsSubsequence(expected);
        assertThat(afterResync.subList(afterResync.indexOf(firstCertain), afterResync.size()))
                .containsExactlyElementsOf(expected);
        if (!before.isEmpty()) {
            assertThat(afterResync.get(0)).isGreaterThan(before.get(before.size() - 1));
        }
    }
}
