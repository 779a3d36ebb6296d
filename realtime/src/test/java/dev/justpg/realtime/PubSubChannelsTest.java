package dev.justpg.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.justpg.core.internal.Jdbc;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Channel names that break naive quoting, case rules, length in bytes, and many channels on one connection. */
class PubSubChannelsTest extends SharedPubSub {

    @Test
    void hostileNamesAreQuotedAndBoundNeverInterpreted() throws Exception {
        db.execute("create table students(id int)");
        List<String> names = List.of(
                "Robert'); DROP TABLE students;--",
                "with \"double\" quotes",
                "\"; UNLISTEN *; LISTEN \"x",
                "MiXeD Case",
                " leading and trailing ",
                "semi;colon",
                "$$dollar$$",
                "a.b.c",
                "back\\slash",
                "line\nbreak",
                "\u00fcn\u00efc\u00f6d\u00e9 \u2713",
                "\u20ac".repeat(21)); // 63 bytes
        List<Recorder<String>> recorders = new ArrayList<>();
        List<Subscription> subs = new ArrayList<>();
        for (String name : names) {
            Recorder<String> rec = new Recorder<>();
            recorders.add(rec);
            subs.add(pubsub.subscribe(Channel.text(name), rec));
        }
        for (String name : names) {
            pubsub.publish(Channel.text(name), "to " + name);
        }
        for (int i = 0; i < names.size(); i++) {
            assertThat(recorders.get(i).nextPayload()).isEqualTo("to " + names.get(i));
            assertThat(((Message<?>) recorders.get(i).seen.get(0)).channel().name()).isEqualTo(names.get(i));
        }
        List<Long> students = db.withConnection(c -> Jdbc.query(c, "select count(*) from students", r -> r.getLong(1)));
        assertThat(students).containsExactly(0L);
        subs.forEach(Subscription::close);
    }

    @Test
    void namesAreCaseSensitiveAndMatchQuotedSqlOnly() throws Exception {
        Recorder<String> upper = new Recorder<>();
        Recorder<String> lower = new Recorder<>();
        try (Subscription a = pubsub.subscribe(Channel.text("Orders"), upper);
             Subscription b = pubsub.subscribe(Channel.text("orders"), lower)) {
            db.execute("notify Orders, 'unquoted folds to lower case'");
            db.execute("notify \"Orders\", 'quoted keeps case'");
            assertThat(upper.nextPayload()).isEqualTo("quoted keeps case");
            assertThat(lower.nextPayload()).isEqualTo("unquoted folds to lower case");
        }
    }

    @Test
    void namesAreCheckedInBytesBeforeAnythingReachesTheServer() {
        String euro64 = "\u20ac".repeat(21) + "x"; // 64 bytes, 22 characters
        assertThat(euro64.getBytes(StandardCharsets.UTF_8)).hasSize(64);
        assertThatThrownBy(() -> Channel.text(euro64)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 bytes").hasMessageContaining("at most 63 bytes");
        assertThatThrownBy(() -> Channel.text("a".repeat(64))).hasMessageContaining("63 bytes");
        assertThatThrownBy(() -> Channel.text("")).hasMessageContaining("not empty");
        assertThatThrownBy(() -> Channel.text("   ")).hasMessageContaining("not empty");
        assertThatThrownBy(() -> Channel.text("nul\0name")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> Channel.text(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Channel.text("a".repeat(63)).name()).hasSize(63);
    }

    @Test
    void twoHundredChannelsShareOneConnection() throws Exception {
        long connectsBefore = pubsub.stats().connects();
        int pidBefore = pubsub.stats().backendPid();
        Recorder<String> rec = new Recorder<>();
        List<Subscription> subs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            subs.add(pubsub.subscribe(Channel.text("many_" + i), rec));
        }
        assertThat(pubsub.stats().channels()).isGreaterThanOrEqualTo(200);
        db.useTransaction(tx -> {
            for (int i = 0; i < 200; i++) {
                pubsub.publish(tx, Channel.text("many_" + i), "m" + i);
            }
        });
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            got.add(rec.nextPayload());
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.add("m" + i);
        }
        // order holds within a subscription; these are 200 subscriptions delivered in parallel
        assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(pubsub.stats().connects()).isEqualTo(connectsBefore == 0 ? 1 : connectsBefore);
        if (pidBefore != 0) {
            assertThat(pubsub.stats().backendPid()).isEqualTo(pidBefore);
        }
        int listenerPid = pubsub.stats().backendPid();
        List<Long> sessions = db.withConnection(c -> Jdbc.query(c,
                "select count(*) from pg_stat_activity where pid = ? and query like 'LISTEN%'",
                r -> r.getLong(1), listenerPid));
        assertThat(sessions).containsExactly(1L);
        subs.forEach(Subscription::close);
        assertThat(pubsub.stats().subscriptions()).isZero();
    }

    @Test
    void closingTheLastSubscriptionUnlistensTheChannel() throws Exception {
        Recorder<String> first = new Recorder<>();
        Recorder<String> second = new Recorder<>();
        Subscription a = pubsub.subscribe(Channel.text("shared"), first);
        Subscription b = pubsub.subscribe(Channel.text("shared"), second);
        pubsub.publish(Channel.text("shared"), "both");
        assertThat(first.nextPayload()).isEqualTo("both");
        assertThat(second.nextPayload()).isEqualTo("both");
        a.close();
        a.close();
        assertThat(a.isOpen()).isFalse();
        pubsub.publish(Channel.text("shared"), "only second");
        assertThat(second.nextPayload()).isEqualTo("only second");
        b.close();
        assertThat(pubsub.stats().channels()).isZero();
        // the server stops listening: probe with a sentinel channel that is still subscribed
        Recorder<String> sentinel = new Recorder<>();
        try (Subscription s = pubsub.subscribe(Channel.text("sentinel"), sentinel)) {
            pubsub.publish(Channel.text("shared"), "nobody");
            pubsub.publish(Channel.text("sentinel"), "done");
            assertThat(sentinel.nextPayload()).isEqualTo("done");
        }
        assertThat(first.events).isEmpty();
        assertThat(second.events).isEmpty();
    }
}
