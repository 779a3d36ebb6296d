package dev.justpg.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.io.IOException;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Nested calls on one thread join the enclosing transaction; REQUIRES_NEW does not. */
@PostgresTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NestedTransactionTest {

    private static final String TXID = "select txid_current()";

    private static HikariDataSource pool;
    private static HikariDataSource single;
    private static Database db;
    private static Database one;
    private static TestDatabase testDb;

    @BeforeAll
    static void setUp(TestDatabase database) {
        testDb = database;
        pool = pool(4);
        single = pool(1);
        RetryPolicy fast = RetryPolicy.DEFAULT.withBackoff(Duration.ofMillis(1), Duration.ofMillis(20));
        db = Database.builder(pool).retry(fast).build();
        one = Database.builder(single).retry(fast).build();
        database.execute("create table items(id int primary key, note text)");
    }

    @AfterAll
    static void tearDown() {
        pool.close();
        single.close();
    }

    @BeforeEach
    void clear() {
        testDb.execute("truncate items");
    }

    @Test
    void aNestedCallRunsOnTheSameConnectionInTheSameTransaction() {
        List<Object> seen = db.inTransaction(outer -> {
            long outerTxid = outer.queryOne(TXID, r -> r.getLong(1));
            return db.inTransaction(inner -> List.of(outerTxid, inner.queryOne(TXID, r -> r.getLong(1)),
                    inner.connection() == outer.connection(), db.currentTransaction().orElseThrow() == outer));
        });
        assertThat(seen.get(0)).isEqualTo(seen.get(1));
        assertThat(seen.subList(2, 4)).containsExactly(true, true);
        assertThat(db.currentTransaction()).isEmpty();
    }

    @Test
    void aSecondDatabaseOverTheSameDataSourceJoinsToo() {
        Database other = Database.builder(pool).quiet().build();
        boolean same = db.inTransaction(outer -> other.inTransaction(inner -> inner.connection() == outer.connection()));
        assertThat(same).isTrue();
    }

    @Test
    void rollingBackTheOuterTransactionUndoesTheNestedWork() {
        IOException failure = new IOException("outer fails after the nested call returned");
        assertThatThrownBy(() -> db.useTransaction(outer -> {
            db.useTransaction(inner -> inner.update("insert into items values (1, 'inner')"));
            outer.update("insert into items values (2, 'outer')");
            throw failure;
        })).isSameAs(failure);
        assertThat(count()).isZero();
    }

    @Test
    void theNestedCallCommitsNothingOfItsOwn() {
        db.useTransaction(outer -> {
            db.useTransaction(inner -> inner.update("insert into items values (1, 'inner')"));
            // Another session sees nothing yet: the nested call did not commit.
            assertThat(count()).isZero();
        });
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void anExceptionFromANestedCallThatPropagatesRollsEverythingBack() {
        IllegalStateException failure = new IllegalStateException("inner fails");
        assertThatThrownBy(() -> db.useTransaction(outer -> {
            outer.update("insert into items values (1, 'outer')");
            db.useTransaction(inner -> {
                inner.update("insert into items values (2, 'inner')");
                throw failure;
            });
        })).isSameAs(failure);
        assertThat(count()).isZero();
    }

    @Test
    void aCaughtNestedFailureMakesTheOuterCommitFailWithRollbackOnly() {
        IllegalStateException failure = new IllegalStateException("inner fails");
        AtomicInteger outerRuns = new AtomicInteger();
        assertThatThrownBy(() -> db.useTransaction(outer -> {
            outerRuns.incrementAndGet();
            outer.update("insert into items values (1, 'outer')");
            try {
                db.useTransaction(inner -> {
                    throw failure;
                });
            } catch (IllegalStateException swallowed) {
                // the caller decides to go on: the transaction may no longer commit
            }
            outer.update("insert into items values (2, 'outer')");
        })).isInstanceOf(RollbackOnlyException.class).hasCause(failure)
                .hasMessageContaining("REQUIRES_NEW");
        assertThat(outerRuns).hasValue(1);
        assertThat(count()).isZero();
        assertThat(db.currentTransaction()).isEmpty();
    }

    @Test
    void onlyTheOutermostCallRetriesAndItReRunsTheNestedCalls() {
        testDb.execute("insert into items values (1, 'v0')");
        List<String> runs = new ArrayList<>();
        String note = db.inTransaction(TxOptions.DEFAULT.withIsolation(Isolation.REPEATABLE_READ), outer -> {
            String before = outer.queryOne("select note from items where id = 1", r -> r.getString(1));
            return db.inTransaction(inner -> {
                runs.add("outer attempt " + outer.attempt() + ", inner sees attempt " + inner.attempt());
                if (inner.attempt() == 1) {
                    // Another session changes the row after the snapshot: the update below fails with 40001.
                    testDb.execute("update items set note = 'other' where id = 1");
                }
                inner.update("update items set note = ? where id = 1", before + "+mine");
                return before;
            });
        });
        assertThat(runs).containsExactly("outer attempt 1, inner sees attempt 1",
                "outer attempt 2, inner sees attempt 2");
        assertThat(note).isEqualTo("other");
        assertThat(note()).isEqualTo("other+mine");
    }

    @Test
    void aSerializationFailureSwallowedByTheOuterWorkStillReRunsTheWholeTransaction() {
        testDb.execute("insert into items values (1, 'v0')");
        AtomicInteger outerRuns = new AtomicInteger();
        db.useTransaction(TxOptions.DEFAULT.withIsolation(Isolation.REPEATABLE_READ), outer -> {
            outerRuns.incrementAndGet();
            outer.queryOne("select note from items where id = 1", r -> r.getString(1));
            try {
                db.useTransaction(inner -> {
                    if (inner.attempt() == 1) {
                        testDb.execute("update items set note = 'other' where id = 1");
                    }
                    inner.update("update items set note = 'mine' where id = 1");
                });
            } catch (JustPgException e) {
                assertThat(e.sqlState()).contains(SqlStates.SERIALIZATION_FAILURE);
            }
        });
        assertThat(outerRuns).hasValue(2);
        assertThat(note()).isEqualTo("mine");
    }

    @Test
    void aNestedCallWithAnotherIsolationIsRefusedBeforeItRuns() {
        AtomicInteger innerRuns = new AtomicInteger();
        db.useTransaction(TxOptions.DEFAULT.withIsolation(Isolation.READ_COMMITTED), outer -> {
            assertThatThrownBy(() -> db.useTransaction(TxOptions.DEFAULT.withIsolation(Isolation.SERIALIZABLE),
                    inner -> innerRuns.incrementAndGet()))
                    .isInstanceOf(JustPgException.class)
                    .hasMessageContaining("isolation SERIALIZABLE")
                    .hasMessageContaining("READ COMMITTED")
                    .hasMessageContaining("nothing was run");
            // The refusal ran nothing, so the outer transaction goes on and commits.
            outer.update("insert into items values (1, 'outer')");
            // The same level, or no level at all, joins.
            db.useTransaction(TxOptions.DEFAULT.withIsolation(Isolation.READ_COMMITTED), inner -> innerRuns.incrementAndGet());
            db.useTransaction(inner -> innerRuns.incrementAndGet());
        });
        assertThat(innerRuns).hasValue(2);
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void anExplicitIsolationInsideAServerDefaultTransactionIsCheckedAgainstTheServer() {
        db.useTransaction(outer -> {
            // The server default is READ COMMITTED: asking for it joins, asking for SERIALIZABLE is refused.
            db.useTransaction(TxOptions.DEFAULT.withIsolation(Isolation.READ_COMMITTED), inner -> { });
            assertThatThrownBy(() -> db.useTransaction(TxOptions.DEFAULT.withIsolation(Isolation.SERIALIZABLE),
                    inner -> { })).hasMessageContaining("READ COMMITTED");
        });
    }

    @Test
    void readWriteInsideReadOnlyIsRefusedAndReadOnlyInsideReadWriteJoins() {
        db.inReadOnlyTransaction(outer -> {
            assertThatThrownBy(() -> db.useTransaction(inner -> inner.update("insert into items values (1, 'x')")))
                    .isInstanceOf(JustPgException.class).hasMessageContaining("READ ONLY");
            return db.inReadOnlyTransaction(inner -> inner.queryOne("select count(*) from items", r -> r.getInt(1)));
        });
        boolean joined = db.inTransaction(outer -> db.inReadOnlyTransaction(inner -> inner.connection() == outer.connection()));
        assertThat(joined).isTrue();
        assertThat(count()).isZero();
    }

    @Test
    void aNestedCallWithAnotherStatementTimeoutIsRefused() {
        TxOptions twoSeconds = TxOptions.DEFAULT.withStatementTimeout(Duration.ofSeconds(2));
        db.useTransaction(twoSeconds, outer -> {
            db.useTransaction(twoSeconds, inner -> { });
            db.useTransaction(inner -> { });
            assertThatThrownBy(() -> db.useTransaction(TxOptions.DEFAULT.withStatementTimeout(Duration.ofSeconds(5)),
                    inner -> { })).hasMessageContaining("5000 ms").hasMessageContaining("2000 ms");
        });
        db.useTransaction(outer -> assertThatThrownBy(() -> db.useTransaction(twoSeconds, inner -> { }))
                .hasMessageContaining("has none"));
    }

    @Test
    void requiresNewCommitsOnItsOwnConnectionWhateverTheOuterDoes() {
        IllegalStateException failure = new IllegalStateException("outer fails");
        TxOptions own = db.defaultOptions().withPropagation(Propagation.REQUIRES_NEW);
        assertThatThrownBy(() -> db.useTransaction(outer -> {
            outer.update("insert into items values (1, 'outer')");
            boolean sameConnection = db.inTransaction(own, inner -> {
                inner.update("insert into items values (2, 'own transaction')");
                // Inside the new transaction, nested calls join it rather than the outer one.
                return db.inTransaction(innermost -> innermost.connection() == inner.connection())
                        && inner.connection() == outer.connection();
            });
            assertThat(sameConnection).isFalse();
            assertThat(db.currentTransaction()).containsSame(outer);
            throw failure;
        })).isSameAs(failure);
        assertThat(count()).isEqualTo(1);
        assertThat(note()).isNull();
    }

    @Test
    void anAdvisoryLockTakenByANestedTryRunCoversTheWholeOuterTransaction() throws Exception {
        AdvisoryLock lock = AdvisoryLock.of("nested-lock");
        db.useTransaction(outer -> {
            assertThat(lock.tryRun(db, inner -> inner.connection() == outer.connection())).contains(true);
            // tryRun returned but the outer transaction is open: another session still cannot take the lock.
            assertThat(CompletableFuture.supplyAsync(() -> db.inTransaction(lock::tryLock)).get(10, TimeUnit.SECONDS))
                    .isFalse();
            outer.update("insert into items values (1, 'under the lock')");
        });
        assertThat(CompletableFuture.supplyAsync(() -> db.inTransaction(lock::tryLock)).get(10, TimeUnit.SECONDS))
                .isTrue();
    }

    @Test
    void aLockHeldElsewhereLeavesTheOuterTransactionUsable() throws Exception {
        AdvisoryLock lock = AdvisoryLock.of("held-elsewhere");
        try (Connection holder = pool.getConnection(); SessionLock held = lock.lockSession(holder)) {
            db.useTransaction(outer -> {
                assertThat(lock.tryRun(db, inner -> "ran")).isEmpty();
                outer.update("insert into items values (1, 'still commits')");
            });
        }
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void onAPoolOfOneNestedCallsAndTryRunNeedNoSecondConnection() {
        long rows = one.inTransaction(outer -> {
            long t = outer.queryOne(TXID, r -> r.getLong(1));
            one.useTransaction(inner -> inner.update("insert into items values (1, 'inner')"));
            assertThat(AdvisoryLock.of("pool-of-one").tryRun(one, inner -> inner.queryOne(TXID, r -> r.getLong(1))))
                    .contains(t);
            return one.inReadOnlyTransaction(inner -> inner.queryOne("select count(*) from items", r -> r.getLong(1)));
        });
        assertThat(rows).isEqualTo(1);
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void onAPoolOfOneServerChecksInsideATransactionUseItsConnection() {
        Database fresh = Database.builder(single).quiet().build(); // nothing cached yet
        boolean ok = fresh.inTransaction(tx -> fresh.serverVersion().atLeast(12) && fresh.isExtensionAvailable("plpgsql")
                && fresh.isExtensionInstalled("plpgsql"));
        assertThat(ok).isTrue();
    }

    @Test
    void onAPoolOfOneRequiresNewFailsWithinThePoolTimeoutAndSaysWhy() {
        TxOptions own = one.defaultOptions().withPropagation(Propagation.REQUIRES_NEW);
        one.useTransaction(outer -> {
            long start = System.nanoTime();
            assertThatThrownBy(() -> one.useTransaction(own, inner -> { }))
                    .isInstanceOf(JustPgException.class)
                    .hasMessageContaining("already holds a connection from this DataSource");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            outer.update("insert into items values (1, 'outer still works')");
        });
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void nothingIsLeftOnTheThreadAfterAFailure() {
        assertThatThrownBy(() -> db.useTransaction(outer -> outer.update("select 1/0"))).isInstanceOf(JustPgException.class);
        assertThat(db.currentTransaction()).isEmpty();
        // The next call starts its own transaction again.
        boolean fresh = db.inTransaction(tx -> db.currentTransaction().orElseThrow() == tx);
        assertThat(fresh).isTrue();
    }

    @Test
    void propagationIsPartOfTheOptions() {
        TxOptions own = TxOptions.DEFAULT.withPropagation(Propagation.REQUIRES_NEW);
        assertThat(own.propagation()).isEqualTo(Propagation.REQUIRES_NEW);
        assertThat(own.withIsolation(Isolation.SERIALIZABLE).propagation()).isEqualTo(Propagation.REQUIRES_NEW);
        assertThat(new TxOptions(Isolation.SERVER_DEFAULT, false, Duration.ZERO, RetryPolicy.NONE).propagation())
                .isEqualTo(Propagation.REQUIRED);
        assertThatThrownBy(() -> TxOptions.DEFAULT.withPropagation(null)).hasMessageContaining("propagation");
    }

    private static HikariDataSource pool(int size) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(testDb.dataSource());
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(1000);
        return new HikariDataSource(config);
    }

    private static long count() {
        // Another data source: never joins the transaction the calling thread may have open.
        return Database.builder(testDb.dataSource()).quiet().build()
                .inTransaction(tx -> tx.queryOne("select count(*) from items", r -> r.getLong(1)));
    }

    private static String note() {
        return Database.builder(testDb.dataSource()).quiet().build().inTransaction(tx -> tx.queryFirst(
                "select note from items where id = 1", r -> r.getString(1)).orElse(null));
    }
}
