package dev.justpg.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.justpg.core.Database;
import dev.justpg.core.JustPgException;
import dev.justpg.core.internal.Jdbc;
import dev.justpg.testkit.ConnectionInfo;
import dev.justpg.testkit.PostgresServer;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The 8000-byte NOTIFY limit, measured in the server encoding, with and without spilling. */
@PostgresTest
class PubSubPayloadTest {

    record Report(String title, String body) {
    }

    private static final String E_ACUTE = "\u00e9"; // 2 bytes in UTF-8, 1 in LATIN1
    private static final String GRIN = "\uD83D\uDE00"; // 4 bytes in UTF-8

    private static Database db;
    private static PubSub spilling;
    private static PubSub strict;

    @BeforeAll
    static void setUp(TestDatabase database) {
        db = Database.of(database.dataSource());
        // as a migration would: create the spill table up front
        database.execute(PubSub.spillTableDdl(PubSub.DEFAULT_SPILL_TABLE).toArray(new String[0]));
        spilling = PubSub.builder(db).build();
        strict = PubSub.builder(db).spill(false).build();
    }

    @AfterAll
    static void tearDown() {
        spilling.close();
        strict.close();
    }

    private static String bytes(int utf8Bytes, String unit) {
        int unitBytes = unit.getBytes(StandardCharsets.UTF_8).length;
        String s = unit.repeat(utf8Bytes / unitBytes) + "a".repeat(utf8Bytes % unitBytes);
        assertThat(s.getBytes(StandardCharsets.UTF_8)).hasSize(utf8Bytes);
        return s;
    }

    private static long spilledRows() {
        return db.withConnection(c -> Jdbc.query(c, "select count(*) from justpg_pubsub_spill",
                r -> r.getLong(1)).get(0));
    }

    @Test
    void theServerItselfRejects8000BytesAndAccepts7999() {
        String sql = "select pg_notify('raw_limit', ?)";
        db.withConnection(c -> Jdbc.query(c, sql, r -> null, bytes(7999, E_ACUTE)));
        assertThatThrownBy(() -> db.withConnection(c -> Jdbc.query(c, sql, r -> null, bytes(8000, E_ACUTE))))
                .isInstanceOf(JustPgException.class).hasMessageContaining("payload string too long");
    }

    @Test
    void payloadsAtTheBoundaryGoPlainBelowAndSpillAtTheLimit() throws Exception {
        Channel<String> channel = Channel.text("boundary");
        Recorder<String> rec = new Recorder<>();
        try (Subscription sub = spilling.subscribe(channel, rec)) {
            long rowsBefore = spilledRows();
            String below = bytes(7999, E_ACUTE);
            String belowEmoji = bytes(7999, GRIN);
            spilling.publish(channel, below);
            spilling.publish(channel, belowEmoji);
            assertThat(rec.nextPayload()).isEqualTo(below);
            assertThat(rec.nextPayload()).isEqualTo(belowEmoji);
            assertThat(spilledRows()).isEqualTo(rowsBefore);

            String at = bytes(8000, E_ACUTE);
            String huge = bytes(1_000_000, GRIN);
            spilling.publish(channel, at);
            db.useTransaction(tx -> spilling.publish(tx, channel, huge, "big-1"));
            assertThat(rec.nextPayload()).isEqualTo(at);
            Object e = rec.next();
            assertThat(((Message<?>) e).payload()).isEqualTo(huge);
            assertThat(((Message<?>) e).id()).contains("big-1");
            assertThat(spilledRows()).isEqualTo(rowsBefore + 2);
        }
    }

    @Test
    void spilledPayloadsOfARolledBackTransactionLeaveNothing() throws Exception {
        Channel<Report> channel = Channel.of("reports", Report.class);
        Recorder<Report> rec = new Recorder<>();
        try (Subscription sub = spilling.subscribe(channel, rec)) {
            long rowsBefore = spilledRows();
            Report big = new Report("quarterly", bytes(20_000, E_ACUTE));
            assertThatThrownBy(() -> db.useTransaction(tx -> {
                spilling.publish(tx, channel, big);
                throw new IllegalStateException("abort");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(spilledRows()).isEqualTo(rowsBefore);
            db.useTransaction(tx -> spilling.publish(tx, channel, big));
            assertThat(rec.nextPayload()).isEqualTo(big);
        }
    }

    @Test
    void withoutSpillingOversizedPayloadsFailBeforeAnythingIsSent() throws Exception {
        Channel<String> channel = Channel.text("strict");
        Recorder<String> rec = new Recorder<>();
        try (Subscription sub = strict.subscribe(channel, rec)) {
            strict.publish(channel, bytes(7999, GRIN));
            assertThat(rec.nextPayload()).hasSize(1999 * 2 + 3);
            db.useTransaction(tx -> {
                assertThatThrownBy(() -> strict.publish(tx, channel, bytes(8000, E_ACUTE)))
                        .isInstanceOf(PayloadTooLargeException.class)
                        .hasMessageContaining("8000 bytes")
                        .satisfies(t -> assertThat(((PayloadTooLargeException) t).bytes()).isEqualTo(8000));
                // the transaction is untouched and commits
                strict.publish(tx, channel, "small");
            });
            assertThat(rec.nextPayload()).isEqualTo("small");
        }
    }

    @Test
    void sizeIsMeasuredInTheServerEncoding(PostgresServer server, ConnectionInfo info) throws Exception {
        String name = "pubsub_latin1_" + ProcessHandle.current().pid();
        ConnectionInfo admin = server.adminConnectionInfo();
        Database adminDb = Database.of(admin.dataSource());
        adminDb.execute("create database " + name + " encoding 'LATIN1' lc_collate 'C' lc_ctype 'C' template template0");
        try {
            Database latin1 = Database.of(info.withDatabase(name).dataSource());
            try (PubSub pubsub = PubSub.builder(latin1).spill(false).build()) {
                Channel<String> channel = Channel.text("latin1");
                Recorder<String> rec = new Recorder<>();
                pubsub.subscribe(channel, rec);
                String fiveThousand = E_ACUTE.repeat(5000); // 10,000 bytes in UTF-8, 5,000 in LATIN1
                pubsub.publish(channel, fiveThousand);
                assertThat(rec.nextPayload()).isEqualTo(fiveThousand);
                assertThatThrownBy(() -> pubsub.publish(channel, E_ACUTE.repeat(8000)))
                        .isInstanceOf(PayloadTooLargeException.class)
                        .satisfies(t -> assertThat(((PayloadTooLargeException) t).bytes()).isEqualTo(8000));
            }
        } finally {
            server.dropDatabase(name);
        }
    }

    @Test
    void subscribersOfAChannelSeeSpilledPayloadsFromOtherPublishers() throws Exception {
        Channel<String> channel = Channel.text("shared_spill");
        Recorder<String> rec = new Recorder<>();
        try (Subscription sub = strict.subscribe(channel, rec)) {
            String big = bytes(9000, "x");
            spilling.publish(channel, big);
            assertThat(rec.nextPayload()).isEqualTo(big);
        }
        assertThat(List.of(PubSub.spillTableDdl(PubSub.DEFAULT_SPILL_TABLE).get(0)))
                .allMatch(sql -> sql.startsWith("create table if not exists \"justpg_pubsub_spill\""));
    }
}
