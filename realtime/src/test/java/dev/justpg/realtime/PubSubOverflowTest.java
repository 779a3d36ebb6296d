package dev.justpg.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A handler slower than the publishers: the overflow policy applies and the reading thread never waits. */
class PubSubOverflowTest extends SharedPubSub {

    /**
     * Publishes "1" and waits until the handler is stuck in it, then publishes 2..20 in one
     * transaction and waits until the reading thread has read them all, while proving that
     * another channel is still served.
     */
    private List<Object> overflow(String name, OverflowPolicy policy, Subscription[] holder) throws Exception {
        Channel<String> channel = Channel.text(name);
        Channel<String> other = Channel.text(name + "_other");
        StuckRecorder stuck = new StuckRecorder();
        Recorder<String> fast = new Recorder<>();
        try (Subscription sub = pubsub.subscribe(channel, SubscribeOptions.of(5, policy), stuck);
             Subscription otherSub = pubsub.subscribe(other, fast)) {
            holder[0] = sub;
            pubsub.publish(channel, "1");
            assertThat(stuck.entered.await(30, TimeUnit.SECONDS)).isTrue();
            long receivedBefore = pubsub.stats().received();
            db.useTransaction(tx -> {
                for (int i = 2; i <= 20; i++) {
                    pubsub.publish(tx, channel, Integer.toString(i));
                }
            });
            pubsub.publish(other, "still served");
            assertThat(fast.nextPayload()).isEqualTo("still served");
            long deadline = System.nanoTime() + Recorder.WAIT.toNanos();
            while (pubsub.stats().received() < receivedBefore + 20) {
                assertThat(System.nanoTime()).as("20 more notifications read").isLessThan(deadline);
                Thread.sleep(5);
            }
            assertThat(sub.queueDepth()).isLessThanOrEqualTo(5);
            stuck.release.countDown();
            return stuck.until(e -> Recorder.isPayload(e, "20") || e instanceof Resync && policy == OverflowPolicy.DROP_NEWEST);
        }
    }

    @Test
    void dropOldestKeepsTheFreshestMessagesAfterTheGap() throws Exception {
        Subscription[] sub = new Subscription[1];
        List<Object> events = overflow("slow_oldest", OverflowPolicy.DROP_OLDEST, sub);
        assertThat(events.get(0)).matches(e -> Recorder.isPayload(e, "1"));
        assertThat(events.get(1)).isEqualTo(resyncOf(events.get(1), 14));
        assertThat(Recorder.<String>payloads(events.subList(2, events.size())))
                .containsExactly("16", "17", "18", "19", "20");
        assertThat(sub[0].dropped()).isEqualTo(14);
    }

    @Test
    void dropNewestKeepsTheOldestMessagesThenSignalsTheGap() throws Exception {
        Subscription[] sub = new Subscription[1];
        List<Object> events = overflow("slow_newest", OverflowPolicy.DROP_NEWEST, sub);
        assertThat(Recorder.<String>payloads(events)).containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(events.get(events.size() - 1)).isEqualTo(resyncOf(events.get(events.size() - 1), 14));
        assertThat(sub[0].dropped()).isEqualTo(14);
    }

    @Test
    void resyncPolicyCollapsesTheBacklogIntoOneGap() throws Exception {
        Subscription[] sub = new Subscription[1];
        List<Object> events = overflow("slow_resync", OverflowPolicy.RESYNC, sub);
        // 2..6 fill the queue, 7 collapses them (6), 8..12 fill it again, 13 collapses (12),
        // 14..18, 19 collapses (18), 20 is queued after the gap.
        assertThat(events).hasSize(3);
        assertThat(events.get(0)).matches(e -> Recorder.isPayload(e, "1"));
        assertThat(events.get(1)).isEqualTo(resyncOf(events.get(1), 18));
        assertThat(events.get(2)).matches(e -> Recorder.isPayload(e, "20"));
        assertThat(sub[0].dropped()).isEqualTo(18);
    }

    @Test
    void aCallersExecutorRunsTheHandlersOneAtATimeInOrder() throws Exception {
        java.util.concurrent.ExecutorService mine = java.util.concurrent.Executors.newFixedThreadPool(4,
                r -> new Thread(r, "caller-pool"));
        try (PubSub own = PubSub.builder(db).executor(mine).build()) {
            Recorder<String> rec = new Recorder<>();
            own.subscribe(Channel.text("own_executor"), rec);
            db.useTransaction(tx -> {
                for (int i = 0; i < 1000; i++) {
                    own.publish(tx, Channel.text("own_executor"), Integer.toString(i));
                }
            });
            List<String> got = Recorder.payloads(rec.until(e -> Recorder.isPayload(e, "999")));
            assertThat(got).containsExactlyElementsOf(
                    IntStream.range(0, 1000).mapToObj(Integer::toString).collect(Collectors.toList()));
            assertThat(rec.threads).allMatch(t -> t.equals("caller-pool"));
        } finally {
            mine.shutdownNow();
        }
        assertThat(mine.isShutdown()).isTrue();
    }

    private static Resync resyncOf(Object event, long dropped) {
        assertThat(event).isInstanceOf(Resync.class);
        Resync r = (Resync) event;
        assertThat(r.reason()).isEqualTo(Resync.Reason.OVERFLOW);
        assertThat(r.dropped()).isEqualTo(dropped);
        return r;
    }
}
