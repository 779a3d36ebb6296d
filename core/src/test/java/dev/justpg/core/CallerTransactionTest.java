package dev.justpg.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.sql.Connection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** justpg work in a transaction the caller manages: plain JDBC and jOOQ. */
@PostgresTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CallerTransactionTest {

    private static HikariDataSource pool;
    private static Database db;
    private static TestDatabase testDb;

    @BeforeAll
    static void setUp(TestDatabase database) {
        testDb = database;
        HikariConfig config = new HikariConfig();
        config.setDataSource(database.dataSource());
        config.setMaximumPoolSize(2);
        config.setConnectionTimeout(1000);
        pool = new HikariDataSource(config);
        db = Database.of(pool);
        database.execute("create table events(id int primary key, what text)");
    }

    @AfterAll
    static void tearDown() {
        pool.close();
    }

    @BeforeEach
    void clear() {
        testDb.execute("truncate events");
    }

    @Test
    void workInAPlainJdbcTransactionCommitsAndRollsBackWithTheCaller() throws Exception {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            db.joinTransaction(c, tx -> tx.update("insert into events values (1, 'rolled back')"));
            assertThat(count()).isZero();
            c.rollback();
            db.joinTransaction(c, tx -> tx.update("insert into events values (2, 'committed')"));
            c.commit();
            // justpg neither closed the connection nor touched autocommit.
            assertThat(c.isClosed()).isFalse();
            assertThat(c.getAutoCommit()).isFalse();
            c.setAutoCommit(true);
        }
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void nestedCallsJoinTheCallersTransactionOnAPoolOfTwoWithBothConnectionsBusy() throws Exception {
        try (Connection busy = pool.getConnection(); Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            boolean joined = db.joinTransaction(c, tx -> db.inTransaction(inner -> {
                inner.update("insert into events values (1, 'inner')");
                return inner.connection() == c
                        && AdvisoryLock.of("caller-tx").tryRun(db, locked -> locked.connection() == c).orElse(false);
            }));
            assertThat(joined).isTrue();
            assertThat(db.currentTransaction()).isEmpty();
            c.rollback();
            c.setAutoCommit(true);
        }
        assertThat(count()).isZero();
    }

    @Test
    void anAutocommitConnectionIsRefusedBeforeAnythingRuns() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Connection c = pool.getConnection()) {
            assertThatThrownBy(() -> db.joinTransaction(c, tx -> runs.incrementAndGet()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("autocommit");
            assertThatThrownBy(() -> Tx.of(c)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("autocommit");
        }
        Connection closed = pool.getConnection();
        closed.close();
        assertThatThrownBy(() -> Tx.of(closed)).hasMessageContaining("closed");
        assertThat(runs).hasValue(0);
    }

    @Test
    void aCaughtFailureOfAJoinedCallIsReportedAndNothingIsRolledBackByJustPg() throws Exception {
        IllegalStateException failure = new IllegalStateException("inner fails");
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            assertThatThrownBy(() -> db.joinTransaction(c, tx -> {
                tx.update("insert into events values (1, 'before')");
                try {
                    db.useTransaction(inner -> {
                        throw failure;
                    });
                } catch (IllegalStateException swallowed) {
                    // the work goes on; the caller must roll back
                }
                return null;
            })).isInstanceOf(RollbackOnlyException.class).hasCause(failure)
                    .hasMessageContaining("roll the caller's transaction back");
            // The row is still there in the caller's open transaction: the caller decides.
            int seen = Tx.of(c).queryOne("select count(*) from events", r -> r.getInt(1));
            assertThat(seen).isEqualTo(1);
            c.rollback();
            c.setAutoCommit(true);
        }
        assertThat(count()).isZero();
    }

    @Test
    void aTxOverTheCallersConnectionRunsInItsTransaction() throws Exception {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            Tx tx = Tx.of(c);
            assertThat(tx.attempt()).isEqualTo(1);
            assertThat(tx.options().retry()).isEqualTo(RetryPolicy.NONE);
            tx.update("insert into events values (1, 'via Tx.of')");
            AdvisoryLock.of("tx-of").lock(tx);
            c.rollback();
            c.setAutoCommit(true);
        }
        assertThat(count()).isZero();
    }

    @Test
    void workJoinsAJooqTransaction() {
        var dsl = DSL.using(pool, SQLDialect.POSTGRES);
        assertThatThrownBy(() -> dsl.transaction(cfg -> DSL.using(cfg).connection(c -> {
            db.joinTransaction(c, tx -> tx.update("insert into events values (1, 'jooq')"));
            throw new IllegalStateException("jOOQ rolls back");
        }))).hasMessageContaining("jOOQ rolls back");
        assertThat(count()).isZero();
        dsl.transaction(cfg -> DSL.using(cfg).connection(c ->
                db.joinTransaction(c, tx -> tx.update("insert into events values (1, 'jooq')"))));
        assertThat(count()).isEqualTo(1);
    }

    private static long count() {
        return Database.builder(testDb.dataSource()).quiet().build()
                .inTransaction(tx -> tx.queryOne("select count(*) from events", r -> r.getLong(1)));
    }
}
