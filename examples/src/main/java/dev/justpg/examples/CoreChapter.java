package dev.justpg.examples;

import dev.justpg.core.AdvisoryLock;
import dev.justpg.core.Database;
import dev.justpg.core.Isolation;
import dev.justpg.core.RollbackOnlyException;
import dev.justpg.core.SessionLock;
import dev.justpg.core.TxOptions;
import java.sql.Connection;

/** Core: server checks, transactions, retry on a serialization failure, nested calls, advisory locks. */
public final class CoreChapter implements Chapter {

    @Override
    public String title() {
        return "Core: transactions that retry and nest, advisory locks";
    }

    @Override
    public void run(TourContext ctx) throws Exception {
        Database db = ctx.db();
        ctx.say("Connected to PostgreSQL %s (major %d).", db.serverVersion().text(), db.serverVersion().major());
        db.requireServerVersion(13, "this tour");

        db.execute("create table accounts(id int primary key, balance int not null)");
        db.execute("insert into accounts values (1, 100), (2, 100)");
        int moved = db.inTransaction(tx -> {
            tx.update("update accounts set balance = balance - ? where id = ?", 25, 1);
            tx.update("update accounts set balance = balance + ? where id = ?", 25, 2);
            return 25;
        });
        ctx.say("Moved %d from account 1 to 2 in one transaction (values are bind parameters).", moved);

        // Provoke a serialization failure: another session changes the row after our snapshot.
        int seen = db.inTransaction(TxOptions.DEFAULT.withIsolation(Isolation.REPEATABLE_READ), tx -> {
            int balance = tx.queryOne("select balance from accounts where id = 1", r -> r.getInt(1));
            if (tx.attempt() == 1) {
                db.execute("update accounts set balance = balance + 1 where id = 1");
                ctx.say("Attempt 1: another session changed account 1 after we read it...");
            }
            tx.update("update accounts set balance = ? where id = 1", balance + 10);
            if (tx.attempt() > 1) {
                ctx.say("Attempt %d: PostgreSQL said 40001 (could not serialize); justpg re-ran the work.",
                        tx.attempt());
            }
            return balance;
        });
        ctx.say("The retried transaction read balance %d and committed.", seen);

        AdvisoryLock nightly = AdvisoryLock.of("nightly-report");
        boolean secondRan;
        try (Connection worker1 = ctx.dataSource().getConnection(); SessionLock held = nightly.lockSession(worker1)) {
            ctx.say("Worker 1 holds the advisory lock 'nightly-report' (key %d).", held.lock().key());
            secondRan = nightly.tryRun(db, tx -> true).isPresent();
            ctx.say("Worker 2 tried to run the nightly report meanwhile and %s.",
                    secondRan ? "ran anyway (unexpected!)" : "skipped it");
        }
        boolean ranAfter = nightly.tryRun(db, tx -> true).isPresent();
        ctx.say("After worker 1 released the lock, worker 2 %s.", ranAfter ? "ran the report" : "still could not run");
        if (secondRan || !ranAfter) {
            throw new IllegalStateException("the advisory lock did not behave as documented");
        }

        // A nested call joins the transaction already open on this thread: same connection, one commit.
        boolean joined = db.inTransaction(outer -> {
            outer.update("update accounts set balance = balance - 5 where id = 1");
            return nightly.tryRun(db, inner -> inner.connection() == outer.connection()).orElse(false);
        });
        ctx.say("A nested tryRun %s; the lock was held until the outer transaction committed.",
                joined ? "joined the open transaction (same connection)" : "ran apart (unexpected!)");
        try {
            db.useTransaction(outer -> {
                outer.update("update accounts set balance = 0 where id = 2");
                try {
                    db.useTransaction(inner -> {
                        throw new IllegalStateException("nested check failed");
                    });
                } catch (IllegalStateException caught) {
                    ctx.say("The outer work caught the nested failure ('%s') and went on...", caught.getMessage());
                }
            });
            throw new IllegalStateException("a transaction spoiled by a nested failure committed");
        } catch (RollbackOnlyException e) {
            int balance = db.inTransaction(tx -> tx.queryOne("select balance from accounts where id = 2",
                    r -> r.getInt(1)));
            ctx.say("...but the whole transaction was rolled back (RollbackOnlyException); account 2 still has %d.",
                    balance);
        }
        if (!joined) {
            throw new IllegalStateException("the nested call did not join");
        }
    }
}
