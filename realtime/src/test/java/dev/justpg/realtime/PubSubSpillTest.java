package dev.justpg.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.justpg.core.Database;
import dev.justpg.core.Identifier;
import dev.justpg.core.internal.Jdbc;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Spilled payloads: each row carries its own expiry, expired rows are removed by the listening
 * side without any later publish and never before their own expiry (whatever another PubSub's
 * retention), a table of the earlier shape is migrated, and spilling never needs a second
 * connection of the publisher's pool.
 */
@PostgresTest
class PubSubSpillTest {

    private static final Duration SWEEP = Duration.ofMillis(200);

    private final TestDatabase database;
    private final Database db;

    PubSubSpillTest(TestDatabase database) {
        this.database = database;
        this.db = Database.of(database.dataSource());
    }

    @Test
    void aShortRetentionNeverRemovesRowsKeptLongerAndExpiredRowsGoWithoutAnotherPublish() throws Exception {
        Identifier table = Identifier.of("spill_shared");
        Channel<String> longLived = Channel.text("spill_long");
        Channel<String> shortLived = Channel.text("spill_short");
        String bigLong = "L".repeat(9000);
        String bigShort = "S".repeat(9000);
        try (PubSub keeper = PubSub.builder(db).spillTable(table).build();
             PubSub sweeper = PubSub.builder(db).spillTable(table).spillRetention(Duration.ofSeconds(1))
                     .spillSweepEvery(SWEEP).idleProbe(SWEEP).build()) {
            StuckRecorder slow = new StuckRecorder();
            keeper.subscribe(longLived, slow);
            keeper.publish(longLived, "hold");
            assertThat(slow.entered.await(30, TimeUnit.SECONDS)).isTrue();
            keeper.publish(longLived, bigLong); // queued behind the stuck handler, unread
            Recorder<String> quick = new Recorder<>();
            sweeper.subscribe(shortLived, quick); // the sweeper listens, so it sweeps
            sweeper.publish(shortLived, bigShort);
            assertThat(quick.nextPayload()).isEqualTo(bigShort);
            assertThat(rows(table, "S")).isEqualTo(1);

            // Expired after 1 s and removed by the sweeper's listening connection, no publish needed.
            long deadline = System.nanoTime() + Recorder.WAIT.toNanos();
            while (rows(table, "S") > 0) {
                assertThat(System.nanoTime()).as("the expired row is swept").isLessThan(deadline);
                Thread.sleep(50);
            }
            Thread.sleep(3 * SWEEP.toMillis()); // more sweeps: the long-lived row must stay
            assertThat(rows(table, "L")).isEqualTo(1);
            slow.release.countDown();
            assertThat(slow.nextPayload()).isEqualTo("hold");
            assertThat(slow.nextPayload()).isEqualTo(bigLong);
        }
    }

    @Test
    void aTableOfTheEarlierShapeIsMigratedAndItsRowsGetAnExpiry() throws Exception {
        Identifier table = Identifier.of("spill_old_shape");
        database.execute("create table " + table.quoted() + " (id bigint generated always as identity primary key,"
                        + " channel text not null, payload text not null, created_at timestamptz not null default now())",
                "insert into " + table.quoted() + "(channel, payload) values ('old', 'left by an earlier version')");
        Channel<String> channel = Channel.text("spill_migrated");
        try (PubSub pubsub = PubSub.builder(db).spillTable(table).build()) {
            Recorder<String> rec = new Recorder<>();
            pubsub.subscribe(channel, rec);
            String big = "m".repeat(9000);
            db.useTransaction(tx -> pubsub.publish(tx, channel, big));
            assertThat(rec.nextPayload()).isEqualTo(big);
        }
        List<Boolean> expiresWithinTheHour = db.withConnection(c -> Jdbc.query(c, "select expires_at > now()"
                + " and expires_at <= now() + interval '1 hour' from " + table.quoted() + " order by id",
                r -> r.getBoolean(1)));
        assertThat(expiresWithinTheHour).containsExactly(true, true); // the old row too: 1 h after the migration
    }

    @Test
    void spillingInATransactionOnAPoolOfOneNeedsNoSecondConnection() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setDataSource(database.dataSource());
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(2_000);
        Identifier table = Identifier.of("spill_pool_of_one");
        Channel<String> channel = Channel.text("spill_one");
        try (HikariDataSource pool = new HikariDataSource(config);
             PubSub pubsub = PubSub.builder(Database.of(pool)).spillTable(table)
                     .listenerDataSource(database.dataSource()).build()) {
            Recorder<String> rec = new Recorder<>();
            pubsub.subscribe(channel, rec);
            Database pooled = Database.of(pool);
            String big = "p".repeat(9000);
            pooled.useTransaction(tx -> pubsub.publish(tx, channel, big)); // creates the table on tx's connection
            assertThat(rec.nextPayload()).isEqualTo(big);
            pooled.useTransaction(tx -> pubsub.publish(tx, channel, big + "2"));
            assertThat(rec.nextPayload()).isEqualTo(big + "2");
        }
    }

    @Test
    void aTableCreatedInATransactionThatRolledBackIsCreatedAgain() throws Exception {
        Identifier table = Identifier.of("spill_rolled_back");
        Channel<String> channel = Channel.text("spill_rb");
        try (PubSub pubsub = PubSub.builder(db).spillTable(table).build()) {
            Recorder<String> rec = new Recorder<>();
            pubsub.subscribe(channel, rec);
            String big = "r".repeat(9000);
            try {
                db.useTransaction(tx -> {
                    pubsub.publish(tx, channel, big);
                    pubsub.publish(tx, channel, big + "again");
                    throw new IllegalStateException("roll back");
                });
            } catch (IllegalStateException expected) {
                // rolled back, table creation included
            }
            db.useTransaction(tx -> pubsub.publish(tx, channel, big + "kept"));
            assertThat(rec.nextPayload()).isEqualTo(big + "kept");
        }
    }

    @Test
    void installSpillTableCreatesItUpFront() {
        Identifier table = Identifier.of("spill_installed");
        try (PubSub pubsub = PubSub.builder(db).spillTable(table).build()) {
            pubsub.installSpillTable();
            pubsub.installSpillTable(); // idempotent
        }
        assertThat(db.withConnection(c -> Jdbc.query(c, "select count(*) from " + table.quoted(),
                r -> r.getLong(1))).get(0)).isZero();
    }

    private long rows(Identifier table, String firstChar) {
        return db.withConnection(c -> Jdbc.query(c, "select count(*) from " + table.quoted()
                + " where left(payload, 1) = ?", r -> r.getLong(1), firstChar)).get(0);
    }
}
