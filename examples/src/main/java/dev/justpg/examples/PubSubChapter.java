package dev.justpg.examples;

import dev.justpg.core.Database;
import dev.justpg.core.Identifier;
import dev.justpg.realtime.Channel;
import dev.justpg.realtime.ChangeFeed;
import dev.justpg.realtime.Message;
import dev.justpg.realtime.PubSub;
import dev.justpg.realtime.ReconnectPolicy;
import dev.justpg.realtime.Resync;
import dev.justpg.realtime.RowChange;
import dev.justpg.realtime.Subscriber;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Pub/sub: a live order-status feed for a dashboard. Status changes are published in the same
 * transaction as the update, a lost connection is survived with an explicit resync, and a table
 * trigger turns row changes into typed events.
 */
public final class PubSubChapter implements Chapter {

    /** What the order service publishes and the dashboard shows. */
    public record OrderStatus(long orderId, String status) {
    }

    /** The columns of the orders table the change feed reports. */
    public record OrderRow(long id, String customer, String status) {
    }

    @Override
    public String title() {
        return "Pub/sub: a live order-status feed that survives disconnects";
    }

    @Override
    public void run(TourContext ctx) throws Exception {
        Database db = ctx.db();
        db.execute("create table orders(id bigint primary key, customer text not null, status text not null)");
        db.execute("insert into orders values (1, 'Ada', 'new'), (2, 'Grace', 'new')");

        Channel<OrderStatus> statuses = Channel.of("order_status", OrderStatus.class);
        Dashboard dashboard = new Dashboard();
        try (PubSub pubsub = PubSub.builder(db)
                .reconnect(ReconnectPolicy.of(Duration.ofMillis(100), Duration.ofSeconds(5)))
                .build()) {
            pubsub.subscribe(statuses, dashboard);
            ctx.say("The dashboard listens on channel '%s' (one dedicated connection, handlers on their own thread).",
                    statuses.name());

            ship(db, pubsub, statuses, 1, "paid");
            ctx.say("Dashboard: %s", dashboard.next());
            try {
                db.useTransaction(tx -> {
                    tx.update("update orders set status = 'cancelled' where id = ?", 2);
                    pubsub.publish(tx, statuses, new OrderStatus(2, "cancelled"));
                    throw new IllegalStateException("payment provider said no");
                });
            } catch (IllegalStateException e) {
                ctx.say("A transaction that published 'order 2 cancelled' rolled back (%s): nothing is sent.",
                        e.getMessage());
            }
            ship(db, pubsub, statuses, 2, "paid");
            ctx.say("Dashboard: %s  (the rolled-back update never arrived)", dashboard.next());

            int pid = pubsub.stats().backendPid();
            db.inTransaction(tx -> tx.query("select pg_terminate_backend(?)", r -> null, pid));
            ctx.say("Killed the listening session (pid %d), as a failover or a network cut would.", pid);
            Object gap = dashboard.next();
            ctx.say("Dashboard: %s", gap);
            List<String> state = db.inTransaction(tx -> tx.query(
                    "select id || ':' || status from orders order by id", r -> r.getString(1)));
            ctx.say("Dashboard re-read the orders table after the resync: %s", state);
            ship(db, pubsub, statuses, 1, "shipped");
            ctx.say("Dashboard: %s  (delivered on the new connection, pid %d)", dashboard.next(),
                    pubsub.stats().backendPid());

            ChangeFeed<OrderRow> feed = ChangeFeed.builder(Identifier.of("orders"), OrderRow.class)
                    .columns("id", "customer", "status").build();
            feed.install(db);
            BlockingQueue<RowChange<OrderRow>> changes = new LinkedBlockingQueue<>();
            pubsub.subscribe(feed.channel(), m -> changes.add(m.payload()));
            db.execute("insert into orders values (3, 'Linus', 'new')");
            db.execute("update orders set status = 'paid' where id = 3");
            for (int i = 0; i < 2; i++) {
                RowChange<OrderRow> c = changes.poll(30, TimeUnit.SECONDS);
                if (c == null) {
                    throw new IllegalStateException("the change feed did not deliver");
                }
                ctx.say("Change feed '%s': %s key=%s row=%s", feed.channel().name(), c.operation(), c.key(), c.row());
            }
            ctx.say("Counters: %s", pubsub.stats());
        }
    }

    private static void ship(Database db, PubSub pubsub, Channel<OrderStatus> channel, long id, String status) {
        db.useTransaction(tx -> {
            tx.update("update orders set status = ? where id = ?", status, id);
            pubsub.publish(tx, channel, new OrderStatus(id, status));
        });
    }

    /** Collects what the dashboard receives, so the tour can print it in order. */
    private static final class Dashboard implements Subscriber<OrderStatus> {
        private final BlockingQueue<Object> shown = new LinkedBlockingQueue<>();

        @Override
        public void onMessage(Message<OrderStatus> message) {
            shown.add("order " + message.payload().orderId() + " is " + message.payload().status());
        }

        @Override
        public void onResync(Resync resync) {
            shown.add("RESYNC (" + resync.reason() + "): messages may have been missed, re-read the orders table");
        }

        Object next() throws InterruptedException {
            Object e = shown.poll(30, TimeUnit.SECONDS);
            if (e == null) {
                throw new IllegalStateException("the dashboard received nothing within 30 s");
            }
            return e;
        }
    }
}
