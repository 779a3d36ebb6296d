package dev.justpg.examples.snippets;

import dev.justpg.core.AdvisoryLock;
import dev.justpg.core.Database;
import dev.justpg.core.Identifier;
import dev.justpg.core.Isolation;
import dev.justpg.core.Tx;
import dev.justpg.core.TxOptions;
import java.math.BigDecimal;
import java.time.Duration;
import javax.sql.DataSource;

/** The README's core quick start, compiled so the README cannot drift from the API. */
final class CoreQuickStart {

    private CoreQuickStart() {
    }

    static Identifier quickStart(DataSource dataSource, String customer, BigDecimal total, String sku) {
        Database db = Database.of(dataSource);                      // any DataSource; immutable, share it

        long id = db.inTransaction(tx -> tx.queryOne(                // commit on return, rollback on throw
                "insert into orders(customer, total) values (?, ?) returning id",
                r -> r.getLong(1), customer, total));                // values are always bind parameters

        db.inTransaction(TxOptions.DEFAULT.withIsolation(Isolation.SERIALIZABLE)
                .withStatementTimeout(Duration.ofSeconds(2)),        // SET LOCAL: nothing leaks to the pool
                tx -> tx.update("update stock set n = n - 1 where sku = ?", sku));  // 40001/40P01: re-run

        Identifier table = Identifier.of("app", "orders");          // validated, emitted "app"."orders"
        AdvisoryLock.of("nightly-report").tryRun(db, tx -> runReport(tx));  // one node at a time
        return id > 0 ? table : null;
    }

    private static int runReport(Tx tx) {
        return tx.update("insert into reports(at) values (now())");
    }
}
