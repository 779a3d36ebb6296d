package dev.justpg.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.justpg.core.Database;
import dev.justpg.core.internal.Jdbc;
import dev.justpg.testkit.PostgresServer;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.ServerKind;
import dev.justpg.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * justpg's own threads share the listening connection: the thread that read a message runs its
 * handler with the reader role lent, and a watcher thread takes the role when the handler runs
 * long. These tests check that a handler never holds up reading, probing or reconnecting, that each
 * subscription still sees its messages one at a time and in order while the connection moves
 * between threads, and that close() stops everything whenever it comes.
 */
@PostgresTest
class PubSubWorkerThreadsTest {

    private static final ReconnectPolicy FAST = ReconnectPolicy.of(Duration.ofMillis(50), Duration.ofMillis(200));

    private final Database db;

    PubSubWorkerThreadsTest(TestDatabase database) {
        this.db = Database.of(database.dataSource());
    }

    @Test
    void aStuckHandlerNeverStopsReadingOtherChannelsOrReconnecting() throws Exception {
        Channel<String> slow = Channel.text("lf_stuck");
        Channel<String> fast = Channel.text("lf_fast");
        try (PubSub pubsub = PubSub.builder(db).reconnect(FAST).build()) {
            StuckRecorder stuck = new StuckRecorder();
            Recorder<String> other = new Recorder<>();
            Subscription stuckSub = pubsub.subscribe(slow, stuck);
            pubsub.subscribe(fast, other);
            pubsub.publish(slow, "0");
            assertThat(stuck.entered.await(30, TimeUnit.SECONDS)).isTrue();

            long receivedBefore = pubsub.stats().received();
            for (int i = 1; i <= 20; i++) {
                pubsub.publish(slow, Integer.toString(i));
            }
            for (int i = 0; i < 200; i++) {
                pubsub.publish(fast, "m" + i); // each its own transaction: the connection changes hands often
            }
            for (int i = 0; i < 200; i++) {
                assertThat(other.nextPayload()).isEqualTo("m" + i);
            }
            awaitReceived(pubsub, receivedBefore + 220); // the stuck channel's messages were read too
            assertThat(stuckSub.queueDepth()).isEqualTo(20);
            assertThat(other.threads).doesNotContain(stuck.stuckOn.getName());

            int pid = pubsub.stats().backendPid();
            terminate(pid);
            assertThat(other.next()).isInstanceOf(Resync.class);
            pubsub.publish(fast, "after the reconnect");
            assertThat(other.nextPayload()).isEqualTo("after the reconnect");
            assertThat(pubsub.stats().backendPid()).isNotEqualTo(pid);
            assertThat(stuck.stuckOn.isAlive()).isTrue();

            stuck.release.countDown();
            List<Object> events = stuck.until(e -> e instanceof Resync);
            assertThat(Recorder.<String>payloads(events)).containsExactlyElementsOf(
                    IntStream.rangeClosed(0, 20).mapToObj(Integer::toString).collect(Collectors.toList()));
            assertThat(((Resync) events.get(events.size() - 1)).reason()).isEqualTo(Resync.Reason.RECONNECTED);
            assertThat(stuckSub.dropped()).isZero();
        }
    }

    @Test
    void aFrozenServerIsDetectedWhileAHandlerIsStuck(PostgresServer server) throws Exception {
        assumeTrue(server.kind() == ServerKind.EMBEDDED, "needs the server's processes on this machine");
        try (PubSub pubsub = PubSub.builder(db).idleProbe(Duration.ofMillis(300)).probeTimeout(Duration.ofMillis(700))
                .reconnect(FAST).build()) {
            StuckRecorder stuck = new StuckRecorder();
            Recorder<String> other = new Recorder<>();
            pubsub.subscribe(Channel.text("lf_frozen_stuck"), stuck);
            pubsub.subscribe(Channel.text("lf_frozen_other"), other);
            pubsub.publish(Channel.text("lf_frozen_stuck"), "hold");
            assertThat(stuck.entered.await(30, TimeUnit.SECONDS)).isTrue();
            int pid = pubsub.stats().backendPid();
            signal("STOP", pid); // only the liveness probe can notice: the socket stays open
            try {
                assertThat(other.next()).isInstanceOf(Resync.class);
            } finally {
                signal("CONT", pid);
                stuck.release.countDown();
            }
            pubsub.publish(Channel.text("lf_frozen_other"), "thawed");
            assertThat(other.nextPayload()).isEqualTo("thawed");
            assertThat(pubsub.stats().backendPid()).isNotEqualTo(pid);
        }
    }

    @Test
    @Tag("slow")
    void eachSubscriptionGetsItsMessagesOneAtATimeInOrderWhileTheConnectionChangesHands() throws Exception {
        int perPublisher = 2500;
        List<String> names = List.of("lf_order_a", "lf_order_b");
        Map<String, OrderCheck> checks = new HashMap<>();
        try (PubSub pubsub = PubSub.builder(db).build()) {
            for (String name : names) {
                OrderCheck check = new OrderCheck(2 * perPublisher);
                checks.put(name, check);
                pubsub.subscribe(Channel.text(name), SubscribeOptions.of(100_000, OverflowPolicy.DROP_NEWEST), check);
            }
            List<Thread> publishers = new ArrayList<>();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            for (int p = 0; p < 4; p++) {
                String channel = names.get(p % 2);
                String id = "p" + p;
                Thread t = new Thread(() -> {
                    try (Connection c = db.dataSource().getConnection();
                         PreparedStatement ps = c.prepareStatement("select pg_notify(?, ?)")) {
                        for (int i = 0; i < perPublisher; i++) {
                            ps.setString(1, channel);
                            ps.setString(2, id + ":" + i);
                            ps.execute();
                        }
                    } catch (Exception e) {
                        failures.add(e);
                    }
                }, "test-publisher-" + id);
                publishers.add(t);
                t.start();
            }
            for (Thread t : publishers) {
                t.join(Recorder.WAIT.toMillis());
                assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
            }
            assertThat(failures).isEmpty();
            for (String name : names) {
                OrderCheck check = checks.get(name);
                assertThat(check.done.await(60, TimeUnit.SECONDS)).as(name + " got everything").isTrue();
                assertThat(check.problems).as(name).isEmpty();
                assertThat(check.lastSeen.values()).containsOnly(perPublisher - 1);
                assertThat(check.threads).allMatch(t -> t.startsWith("justpg-pubsub-worker-"));
            }
            assertThat(pubsub.stats().dropped()).isZero();
        }
    }

    /** Checks per-publisher order and that the handler never runs twice at once. */
    private static final class OrderCheck implements Subscriber<String> {
        final Map<String, Integer> lastSeen = new ConcurrentHashMap<>();
        final List<String> problems = new CopyOnWriteArrayList<>();
        final java.util.Set<String> threads = ConcurrentHashMap.newKeySet();
        final CountDownLatch done;
        private final AtomicInteger inside = new AtomicInteger();

        OrderCheck(int expected) {
            done = new CountDownLatch(expected);
        }

        @Override
        public void onMessage(Message<String> message) {
            if (inside.incrementAndGet() != 1) {
                problems.add("two handler calls at once at " + message.payload());
            }
            threads.add(Thread.currentThread().getName());
            String[] parts = message.payload().split(":");
            int n = Integer.parseInt(parts[1]);
            Integer before = lastSeen.put(parts[0], n);
            if (n != (before == null ? 0 : before + 1)) {
                problems.add(parts[0] + " went from " + before + " to " + n);
            }
            inside.decrementAndGet();
            done.countDown();
        }

        @Override
        public void onResync(Resync resync) {
            problems.add("unexpected " + resync);
        }
    }

    @Test
    void closeWhileTheConnectionChangesHandsStopsEverythingAndDeliversNothingMore() throws Exception {
        Channel<String> a = Channel.text("lf_close_a");
        Channel<String> b = Channel.text("lf_close_b");
        Channel<String> marker = Channel.text("lf_close_marker");
        try (PubSub witness = PubSub.builder(db).build()) {
            Recorder<String> markers = new Recorder<>();
            witness.subscribe(marker, markers);
            for (int round = 0; round < 12; round++) {
                String prefix = "lf-close-" + round + "-";
                AtomicInteger handled = new AtomicInteger();
                PubSub pubsub = PubSub.builder(db).threadFactory(named(prefix)).build();
                pubsub.subscribe(a, m -> handled.incrementAndGet());
                pubsub.subscribe(b, m -> handled.incrementAndGet());
                int listenerPid = pubsub.stats().backendPid();
                try (StreamPublisher pa = new StreamPublisher(db, a.name());
                     StreamPublisher pb = new StreamPublisher(db, b.name())) {
                    int target = 1 + round * 5;
                    long deadline = System.nanoTime() + Recorder.WAIT.toNanos();
                    while (handled.get() < target) {
                        assertThat(System.nanoTime()).as("handled " + target + " messages").isLessThan(deadline);
                        Thread.sleep(1);
                    }
                    pubsub.close();
                    int atClose = handled.get();
                    assertThat(threadsNamed(prefix)).as("threads after close").isEmpty();
                    assertThat(pubsub.stats().connected()).isFalse();
                    assertThatThrownBy(() -> pubsub.subscribe(a, m -> { })).isInstanceOf(IllegalStateException.class);

                    pa.awaitPublished(pa.published() + 3);
                    pubsub.close();
                    witness.publish(marker, "round " + round);
                    assertThat(markers.nextPayload()).isEqualTo("round " + round);
                    assertThat(handled.get()).as("handler calls after close returned").isEqualTo(atClose);
                }
                awaitBackendGone(listenerPid);
            }
        }
    }

    @Test
    void aHandlerMayCloseItsOwnPubSub() throws Exception {
        String prefix = "lf-self-close-";
        PubSub pubsub = PubSub.builder(db).threadFactory(named(prefix)).closeTimeout(Duration.ofMinutes(10)).build();
        CountDownLatch closed = new CountDownLatch(1);
        Channel<String> channel = Channel.text("lf_self_close");
        pubsub.subscribe(channel, m -> {
            pubsub.close();
            closed.countDown();
        });
        int pid = pubsub.stats().backendPid();
        pubsub.publish(channel, "bye");
        assertThat(closed.await(30, TimeUnit.SECONDS)).as("close() called by a handler returns").isTrue();
        long deadline = System.nanoTime() + Recorder.WAIT.toNanos();
        while (!threadsNamed(prefix).isEmpty()) {
            assertThat(System.nanoTime()).as("every thread ends").isLessThan(deadline);
            Thread.sleep(5);
        }
        awaitBackendGone(pid);
        assertThat(pubsub.stats().connected()).isFalse();
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

    private static void awaitReceived(PubSub pubsub, long count) throws InterruptedException {
        long deadline = System.nanoTime() + Recorder.WAIT.toNanos();
        while (pubsub.stats().received() < count) {
            assertThat(System.nanoTime()).as("received " + count).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private void terminate(int pid) {
        db.withConnection(c -> Jdbc.query(c, "select pg_terminate_backend(?)", r -> null, pid));
    }

    /** The listening session ends once close() let go of its connection. */
    private void awaitBackendGone(int pid) throws InterruptedException {
        long deadline = System.nanoTime() + Recorder.WAIT.toNanos();
        while (!db.withConnection(c -> Jdbc.query(c, "select 1 from pg_stat_activity where pid = ?",
                r -> r.getInt(1), pid)).isEmpty()) {
            assertThat(System.nanoTime()).as("backend " + pid + " gone").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void signal(String signal, int pid) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + signal, Integer.toString(pid)).inheritIO().start();
        assertThat(p.waitFor()).as("kill -" + signal + " " + pid).isZero();
    }
}
