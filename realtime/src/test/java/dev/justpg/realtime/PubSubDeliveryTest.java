package dev.justpg.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Typed delivery, order, transactions, message ids and codecs against a real server. */
class PubSubDeliveryTest extends SharedPubSub {

    record OrderStatus(long orderId, String status, Instant at) {
    }

    @Test
    void deliversTypedPayloadsInPublishOrder() throws Exception {
        Channel<OrderStatus> channel = Channel.of("order_status", OrderStatus.class);
        Recorder<OrderStatus> rec = new Recorder<>();
        try (Subscription sub = pubsub.subscribe(channel, rec)) {
            Instant at = Instant.parse("2024-05-01T12:00:00Z");
            try (Connection c = db.dataSource().getConnection()) {
                for (int i = 0; i < 300; i++) {
                    pubsub.publish(c, channel, new OrderStatus(i, i % 2 == 0 ? "paid" : "shipped", at));
                }
            }
            List<OrderStatus> got = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                got.add(rec.nextPayload());
            }
            assertThat(got).extracting(OrderStatus::orderId).containsExactlyElementsOf(
                    () -> java.util.stream.LongStream.range(0, 300).boxed().iterator());
            assertThat(got.get(1)).isEqualTo(new OrderStatus(1, "shipped", at));
            // delivered() counts handler calls that returned; the 300th may still be returning.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (sub.delivered() < 300 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(sub.delivered()).isEqualTo(300);
            assertThat(rec.threads).allMatch(t -> t.startsWith("justpg-pubsub-worker-"));
        }
    }

    @Test
    void rollbackDeliversNothingAndCommitDeliversAtCommit() throws Exception {
        Channel<String> channel = Channel.text("tx_events");
        Recorder<String> rec = new Recorder<>();
        try (Subscription sub = pubsub.subscribe(channel, rec)) {
            assertThatThrownBy(() -> db.useTransaction(tx -> {
                pubsub.publish(tx, channel, "rolled back");
                throw new IllegalStateException("business rule failed");
            })).isInstanceOf(IllegalStateException.class);
            db.useTransaction(tx -> {
                pubsub.publish(tx, channel, "first");
                tx.query("select pg_sleep(0.05)", r -> null);
                pubsub.publish(tx, channel, "second");
            });
            pubsub.publish(channel, "after");
            List<Object> events = rec.until(e -> Recorder.isPayload(e, "after"));
            assertThat(Recorder.<String>payloads(events)).containsExactly("first", "second", "after");
        }
    }

    @Test
    void messageIdsKeepIdenticalPayloadsApartWhileTheServerFoldsTheRest() throws Exception {
        Channel<String> channel = Channel.text("folding");
        Recorder<String> rec = new Recorder<>();
        try (Subscription sub = pubsub.subscribe(channel, rec)) {
            db.useTransaction(tx -> {
                pubsub.publish(tx, channel, "ping");
                pubsub.publish(tx, channel, "ping");
                pubsub.publish(tx, channel, "pong", "m-1");
                pubsub.publish(tx, channel, "pong", "m-2");
                pubsub.publish(tx, channel, "end");
            });
            List<Object> events = rec.until(e -> Recorder.isPayload(e, "end"));
            assertThat(Recorder.<String>payloads(events)).containsExactly("ping", "pong", "pong", "end");
            assertThat(events).filteredOn(e -> e instanceof Message)
                    .extracting(e -> ((Message<?>) e).id().orElse("-"))
                    .containsExactly("-", "m-1", "m-2", "-");
        }
    }

    @Test
    void interoperatesWithPlainSqlNotifyAndCustomCodecs() throws Exception {
        PayloadCodec<Integer> ints = new PayloadCodec<>() {
            @Override
            public String encode(Integer value) {
                return Integer.toString(value);
            }

            @Override
            public Integer decode(String text) {
                return Integer.parseInt(text);
            }
        };
        Channel<Integer> channel = Channel.of("counter", ints);
        Recorder<Integer> rec = new Recorder<>();
        try (Subscription sub = pubsub.subscribe(channel, rec)) {
            db.execute("notify counter, '41'");
            pubsub.publish(channel, 42);
            sql("select pg_notify('counter', 'not a number')");
            sql("select pg_notify('counter', '43')");
            assertThat(List.of(rec.nextPayload(), rec.nextPayload(), rec.nextPayload())).containsExactly(41, 42, 43);
            Message<?> m = (Message<?>) rec.seen.get(0);
            assertThat(m.senderPid()).isPositive();
        }
    }

    private static void sql(String statement) throws java.sql.SQLException {
        db.withConnection(c -> {
            try (java.sql.Statement st = c.createStatement()) {
                return st.execute(statement);
            }
        });
    }

    @Test
    void payloadsThatLookLikeAnEnvelopeArriveUnchanged() throws Exception {
        Channel<String> channel = Channel.text("tricky");
        Recorder<String> rec = new Recorder<>();
        try (Subscription sub = pubsub.subscribe(channel, rec)) {
            String tricky = "\u001Ejpg1;spill=12\u001Eboo";
            pubsub.publish(channel, tricky);
            assertThat(rec.nextPayload()).isEqualTo(tricky);
        }
    }

    @Test
    void badInputFailsBeforeAnythingIsSent() {
        Channel<String> channel = Channel.text("bad_input");
        assertThatThrownBy(() -> pubsub.publish(channel, "a\0b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL");
        assertThatThrownBy(() -> pubsub.publish(channel, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> db.useTransaction(tx -> pubsub.publish(tx, channel, "x", "a;b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("';'");
    }
}
