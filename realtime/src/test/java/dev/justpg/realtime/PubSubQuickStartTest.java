package dev.justpg.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.core.Database;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Runs the quick start of docs/pubsub.md as written there. */
@PostgresTest
class PubSubQuickStartTest {

    record OrderStatus(long orderId, String status) {
    }

    /** Stands in for the application's dashboard. */
    static final class Dashboard {
        final List<OrderStatus> shown = new CopyOnWriteArrayList<>();
        final CountDownLatch got = new CountDownLatch(1);

        void show(OrderStatus s) {
            shown.add(s);
            got.countDown();
        }

        void reload() {
        }
    }

    @Test
    void quickStart(TestDatabase database) throws Exception {
        database.execute("create table orders(id bigint primary key, status text)",
                "insert into orders values (42, 'paid')");
        DataSource dataSource = database.dataSource();
        Dashboard dashboard = new Dashboard();
        // --- quick start (docs/pubsub.md) ---
        Database db = Database.of(dataSource);
        Channel<OrderStatus> statuses = Channel.of("order_status", OrderStatus.class);
        try (PubSub pubsub = PubSub.builder(db).build()) {
            pubsub.subscribe(statuses, new Subscriber<>() {
                @Override public void onMessage(Message<OrderStatus> m) { dashboard.show(m.payload()); }
                @Override public void onResync(Resync r) { dashboard.reload(); } // may have missed some
            });
            db.useTransaction(tx -> {
                tx.update("update orders set status = ? where id = ?", "shipped", 42);
                pubsub.publish(tx, statuses, new OrderStatus(42, "shipped")); // sent at commit
            });
            // --- end of quick start ---
            assertThat(dashboard.got.await(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(dashboard.shown).containsExactly(new OrderStatus(42, "shipped"));
    }
}
