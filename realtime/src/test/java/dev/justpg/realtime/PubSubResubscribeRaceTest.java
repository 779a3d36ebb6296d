package dev.justpg.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.core.Database;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Closing the last subscription of a busy channel and subscribing again at once, hundreds of
 * times: whatever a subscription receives is gap-free unless a Resync marks the gap. (Before the
 * fix, a new subscription could get messages read before the UNLISTEN of the old one, then the
 * ones after its own LISTEN, with the ones in between missing and no Resync.)
 */
@PostgresTest
@Tag("slow")
class PubSubResubscribeRaceTest {

    private static final int CYCLES = 300;

    private final Database db;

    PubSubResubscribeRaceTest(TestDatabase database) {
        this.db = Database.of(database.dataSource());
    }

    @Test
    void resubscribingDuringUnlistenNeverHandsAGapWithoutAResync() throws Exception {
        testCycles(PubSub.builder(db).build());
    }

    @Test
    void resubscribingDuringUnlistenNeverHandsAGapWithoutAResyncOnTheCallersExecutor() throws Exception {
        java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            testCycles(PubSub.builder(db).executor(executor).build());
        } finally {
            executor.shutdownNow();
        }
    }

    private void testCycles(PubSub pubsub) throws Exception {
        Channel<String> channel = Channel.text("race_resubscribe");
        List<Throwable> publishFailures = new CopyOnWriteArrayList<>();
        AtomicInteger published = new AtomicInteger();
        Thread publisher = new Thread(() -> {
            try (Connection c = db.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("select pg_notify(?, ?)")) {
                for (int n = 1; !Thread.currentThread().isInterrupted(); n++) {
                    ps.setString(1, channel.name());
                    ps.setString(2, Integer.toString(n));
                    ps.execute();
                    published.set(n);
                }
            } catch (Exception e) {
                if (!Thread.currentThread().isInterrupted()) {
                    publishFailures.add(e);
                }
            }
        }, "race-publisher");
        publisher.setDaemon(true);
        List<List<Object>> received = new ArrayList<>();
        try (pubsub) {
            publisher.start();
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                List<Object> events = new CopyOnWriteArrayList<>();
                received.add(events);
                Subscription sub = pubsub.subscribe(channel, new Subscriber<>() {
                    @Override
                    public void onMessage(Message<String> message) {
                        events.add(Integer.parseInt(message.payload()));
                    }

                    @Override
                    public void onResync(Resync resync) {
                        events.add(resync);
                    }
                });
                // Let a few messages arrive: the channel is busy when it closes.
                long deadline = System.nanoTime() + Recorder.WAIT.toNanos();
                while (events.size() < 2) {
                    assertThat(System.nanoTime()).as("messages flow").isLessThan(deadline);
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                }
                sub.close();
            }
        } finally {
            publisher.interrupt();
            publisher.join(10_000);
        }
        assertThat(publishFailures).isEmpty();
        int withMessages = 0;
        for (int i = 0; i < received.size(); i++) {
            List<Object> events = received.get(i);
            Integer previous = null;
            for (Object e : events) {
                if (e instanceof Resync) {
                    previous = null;
                } else {
                    int n = (Integer) e;
                    if (previous != null) {
                        assertThat(n).as("subscription %d: %s", i, events).isEqualTo(previous + 1);
                    }
                    previous = n;
                }
            }
            if (!events.isEmpty()) {
                withMessages++;
            }
        }
        assertThat(withMessages).as("subscriptions that received messages").isEqualTo(CYCLES);
    }
}
