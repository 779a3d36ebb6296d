package dev.justpg.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.justpg.core.Identifier;
import dev.justpg.testkit.TestDatabase;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Row changes of a table as typed events, from an idempotently installed trigger. */
class ChangeFeedTest extends SharedPubSub {

    record OrderRow(long id, String status, BigDecimal total) {
    }

    @BeforeAll
    static void createTable(TestDatabase database) {
        database.execute("create table orders(id bigint primary key, status text not null, total numeric(10,2),"
                + " note text)");
    }

    @Test
    void insertsUpdatesAndDeletesArriveTypedAtCommit() throws Exception {
        ChangeFeed<OrderRow> feed = ChangeFeed.builder(Identifier.of("orders"), OrderRow.class)
                .columns("id", "status", "total").build();
        feed.install(db);
        feed.install(db);
        assertThat(userTriggers("orders")).as("one row trigger and one TRUNCATE trigger, however often installed")
                .isEqualTo(2);
        assertThat(feed.channel().name()).isEqualTo("orders_changes");

        Recorder<RowChange<OrderRow>> rec = new Recorder<>();
        try (Subscription sub = pubsub.subscribe(feed.channel(), rec)) {
            db.useTransaction(tx -> tx.update("insert into orders values (1, 'new', 10.50, 'leave at door')"));
            assertThatThrownBy(() -> db.useTransaction(tx -> {
                tx.update("insert into orders values (2, 'new', 1, null)");
                throw new IllegalStateException("rolled back");
            })).isInstanceOf(IllegalStateException.class);
            db.useTransaction(tx -> tx.update("update orders set status = 'paid' where id = 1"));
            db.useTransaction(tx -> tx.update("delete from orders where id = 1"));

            RowChange<OrderRow> insert = rec.nextPayload();
            assertThat(insert.operation()).isEqualTo(RowChange.Operation.INSERT);
            assertThat(insert.schema()).isEqualTo("public");
            assertThat(insert.table()).isEqualTo("orders");
            assertThat(insert.key()).isEqualTo(Map.of("id", 1));
            assertThat(insert.row()).isEqualTo(new OrderRow(1, "new", new BigDecimal("10.50")));
            RowChange<OrderRow> update = rec.nextPayload();
            assertThat(update.operation()).isEqualTo(RowChange.Operation.UPDATE);
            assertThat(update.row().status()).isEqualTo("paid");
            RowChange<OrderRow> delete = rec.nextPayload();
            assertThat(delete.operation()).isEqualTo(RowChange.Operation.DELETE);
            assertThat(delete.row()).isEqualTo(new OrderRow(1, "paid", new BigDecimal("10.50")));

            db.useTransaction(tx -> tx.update("insert into orders values (3, 'new', 2, null)"));
            assertThatThrownBy(() -> db.useTransaction(tx -> {
                tx.update("truncate orders");
                throw new IllegalStateException("rolled back");
            })).isInstanceOf(IllegalStateException.class);
            db.useTransaction(tx -> tx.update("truncate orders"));
            db.useTransaction(tx -> tx.update("insert into orders values (4, 'new', 2, null)"));
            assertThat(rec.nextPayload().key()).isEqualTo(Map.of("id", 3));
            RowChange<OrderRow> truncate = rec.nextPayload();
            assertThat(truncate.operation()).isEqualTo(RowChange.Operation.TRUNCATE);
            assertThat(truncate.table()).isEqualTo("orders");
            assertThat(truncate.key()).isEmpty();
            assertThat(truncate.row()).isNull();
            assertThat(rec.nextPayload().key()).as("one TRUNCATE event: the rolled-back one sent nothing")
                    .isEqualTo(Map.of("id", 4));
        }
        feed.uninstall(db);
        feed.uninstall(db);
        assertThat(userTriggers("orders")).isZero();
    }

    private static long userTriggers(String table) {
        return db.withConnection(c -> dev.justpg.core.internal.Jdbc.query(c,
                "select count(*) from pg_trigger where tgrelid = to_regclass(?) and not tgisinternal",
                r -> r.getLong(1), table)).get(0);
    }

    @Test
    void largeRowsAreSpilledAndStillArrive() throws Exception {
        db.execute("create table documents(\"Doc Id\" text primary key, body text)");
        ChangeFeed<Map> feed = ChangeFeed.builder(Identifier.of("documents"), Map.class).channel("docs").build();
        feed.install(db);
        Recorder<RowChange<Map>> rec = new Recorder<>();
        try (Subscription sub = pubsub.subscribe(feed.channel(), rec)) {
            String body = "\u00e9".repeat(6000);
            db.useTransaction(tx -> tx.update("insert into documents values ('d''1', ?)", body));
            RowChange<Map> change = rec.nextPayload();
            assertThat(change.key()).isEqualTo(Map.of("Doc Id", "d'1"));
            assertThat(change.row()).containsEntry("body", body);
        }
    }

    @Test
    void badTablesAndColumnsFailBeforeAnyChange() {
        db.execute("create table no_pk(a int)");
        assertThatThrownBy(() -> ChangeFeed.builder(Identifier.of("no_pk"), Map.class).build().install(db))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no primary key");
        assertThatThrownBy(() -> ChangeFeed.builder(Identifier.of("missing"), Map.class).build().install(db))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> ChangeFeed.builder(Identifier.of("orders"), Map.class).columns("nope").build()
                .install(db)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'");
        assertThatThrownBy(() -> ChangeFeed.builder(Identifier.of("orders"), Map.class).columns("id", "id"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThat(userTriggers("no_pk")).isZero();
    }
}
