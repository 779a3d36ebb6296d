package dev.justpg.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@PostgresTest
class TransactionTest {

    private static HikariDataSource pool;
    private static Database db;
    private static TestDatabase testDb;

    @BeforeAll
    static void setUp(TestDatabase database) {
        testDb = database;
        HikariConfig config = new HikariConfig();
        config.setDataSource(database.dataSource());
        config.setMaximumPoolSize(4);
        pool = new HikariDataSource(config);
        db = Database.builder(pool).retry(RetryPolicy.DEFAULT.withBackoff(Duration.ofMillis(1), Duration.ofMillis(20)))
                .build();
        database.execute("create table accounts(id int primary key, balance int not null)");
    }

    @AfterAll
    static void tearDown() {
        pool.close();
    }

    @BeforeEach
    void resetRows() {
        testDb.execute("truncate accounts", "insert into accounts values (1, 100), (2, 100)");
    }

    @Test
    void commitsWhenTheWorkReturns() {
        int updated = db.inTransaction(tx -> tx.update("update accounts set balance = balance - ? where id = ?", 30, 1));
        assertThat(updated).isEqualTo(1);
        assertThat(balance(1)).isEqualTo(70);
    }

    @Test
    void rollsBackAndRethrowsTheCheckedExceptionUnchanged() {
        IOException thrown = new IOException("disk full");
        assertThatThrownBy(() -> db.inTransaction(tx -> {
            tx.update("update accounts set balance = 0 where id = 1");
            throw thrown;
        })).isSameAs(thrown);
        assertThat(balance(1)).isEqualTo(100);
    }

    @Test
    void retriesASerializationFailureAndSucceeds() {
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        int result = db.inTransaction(TxOptions.DEFAULT.withIsolation(Isolation.REPEATABLE_READ), tx -> {
            attempts.add(tx.attempt());
            int seen = tx.queryOne("select balance from accounts where id = 1", r -> r.getInt(1));
            if (tx.attempt() == 1) {
                // Another session commits a change to the row after our snapshot was taken:
                // updating it now must fail with 40001 "could not serialize access".
                testDb.execute("update accounts set balance = balance + 5 where id = 1");
            }
            tx.update("update accounts set balance = ? where id = 1", seen + 1);
            return seen;
        });
        assertThat(attempts).containsExactly(1, 2);
        assertThat(result).isEqualTo(105);
        assertThat(balance(1)).isEqualTo(106);
    }

    @Test
    void retriesADeadlockVictim() throws Exception {
        CyclicBarrier bothHoldOneRow = new CyclicBarrier(2);
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        ExecutorService pool2 = Executors.newFixedThreadPool(2);
        try {
            Future<?> a = pool2.submit(() -> transfer(1, 2, bothHoldOneRow, attempts));
            Future<?> b = pool2.submit(() -> transfer(2, 1, bothHoldOneRow, attempts));
            a.get(30, TimeUnit.SECONDS);
            b.get(30, TimeUnit.SECONDS);
        } finally {
            pool2.shutdownNow();
        }
        // Both transfers committed in the end, one of them on a second attempt after 40P01.
        assertThat(attempts).contains(2);
        assertThat(balance(1) + balance(2)).isEqualTo(200);
        assertThat(balance(1)).isEqualTo(100);
    }

    private static void transfer(int from, int to, CyclicBarrier barrier, List<Integer> attempts) {
        db.useTransaction(tx -> {
            attempts.add(tx.attempt());
            tx.update("update accounts set balance = balance - 10 where id = ?", from);
            if (tx.attempt() == 1) {
                try {
                    barrier.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            tx.update("update accounts set balance = balance + 10 where id = ?", to);
        });
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheSqlStateExposed() {
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        TxOptions threeTries = TxOptions.DEFAULT.withIsolation(Isolation.REPEATABLE_READ)
                .withRetry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5)));
        assertThatThrownBy(() -> db.inTransaction(threeTries, tx -> {
            attempts.add(tx.attempt());
            tx.queryOne("select balance from accounts where id = 1", r -> r.getInt(1));
            testDb.execute("update accounts set balance = balance + 1 where id = 1");
            return tx.update("update accounts set balance = 0 where id = 1");
        })).isInstanceOfSatisfying(RetryExhaustedException.class, e -> {
            assertThat(e.attempts()).isEqualTo(3);
            assertThat(e.sqlState()).contains(SqlStates.SERIALIZATION_FAILURE);
            assertThat(e).hasMessageContaining("on all 3 attempt(s)");
        });
        assertThat(attempts).containsExactly(1, 2, 3);
        assertThat(balance(1)).isEqualTo(103);
    }

    @Test
    void doesNotRetryOtherErrors() {
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> db.useTransaction(tx -> {
            attempts.add(tx.attempt());
            tx.update("insert into accounts values (1, 0)");
        })).isInstanceOfSatisfying(JustPgException.class,
                e -> assertThat(e.sqlState()).contains(SqlStates.UNIQUE_VIOLATION));
        assertThat(attempts).containsExactly(1);
    }

    @Test
    void appliesIsolationReadOnlyAndTimeoutOnlyToTheTransaction() throws SQLException {
        try (HikariDataSource single = singleConnectionPool()) {
            Database one = Database.of(single);
            TxOptions strict = TxOptions.DEFAULT.withIsolation(Isolation.SERIALIZABLE).withReadOnly(true)
                    .withStatementTimeout(Duration.ofMillis(1500));
            List<String> inside = one.inTransaction(strict, tx -> List.of(
                    tx.queryOne("show transaction_isolation", r -> r.getString(1)),
                    tx.queryOne("show transaction_read_only", r -> r.getString(1)),
                    tx.queryOne("show statement_timeout", r -> r.getString(1))));
            assertThat(inside).containsExactly("serializable", "on", "1500ms");

            // The same pooled connection afterwards: nothing leaked, autocommit restored.
            try (Connection c = single.getConnection(); Statement st = c.createStatement()) {
                assertThat(c.getAutoCommit()).isTrue();
                var rs = st.executeQuery("select current_setting('transaction_isolation'),"
                        + " current_setting('transaction_read_only'), current_setting('statement_timeout')");
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("read committed");
                assertThat(rs.getString(2)).isEqualTo("off");
                assertThat(rs.getString(3)).isEqualTo("0");
            }
        }
    }

    @Test
    void readOnlyTransactionsRefuseWrites() {
        assertThatThrownBy(() -> db.inReadOnlyTransaction(tx -> tx.update("delete from accounts")))
                .isInstanceOfSatisfying(JustPgException.class, e -> assertThat(e.sqlState()).contains(SqlStates.READ_ONLY_SQL_TRANSACTION));
        assertThat(balance(1)).isEqualTo(100);
    }

    @Test
    void statementTimeoutCancelsALongStatement() {
        TxOptions quick = TxOptions.DEFAULT.withStatementTimeout(Duration.ofMillis(100));
        assertThatThrownBy(() -> db.inTransaction(quick, tx -> tx.query("select pg_sleep(5)", r -> null)))
                .isInstanceOfSatisfying(JustPgException.class,
                        e -> assertThat(e.sqlState()).contains(SqlStates.QUERY_CANCELED));
    }

    @Test
    void optionsRejectBadSettingsByName() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> RetryPolicy.DEFAULT.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("maxBackoff");
        assertThatThrownBy(() -> TxOptions.DEFAULT.withStatementTimeout(Duration.ofMillis(-1)))
                .hasMessageContaining("statementTimeout");
        assertThatThrownBy(() -> TxOptions.DEFAULT.withStatementTimeout(Duration.ofNanos(10)))
                .hasMessageContaining("at least 1 ms");
    }

    @Test
    void backoffIsJitteredAndCapped() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(10), Duration.ofMillis(100));
        for (int attempt = 1; attempt <= 8; attempt++) {
            long ceiling = Math.min(100, 10L << (attempt - 1));
            for (int i = 0; i < 50; i++) {
                long ms = TransactionRunner.backoff(p, attempt).toMillis();
                assertThat(ms).isBetween(ceiling / 2, ceiling);
            }
        }
    }

    private static HikariDataSource singleConnectionPool() {
        HikariConfig config = new HikariConfig();
        config.setDataSource(testDb.dataSource());
        config.setMaximumPoolSize(1);
        return new HikariDataSource(config);
    }

    private static int balance(int id) {
        return db.inTransaction(tx -> tx.queryOne("select balance from accounts where id = ?", r -> r.getInt(1), id));
    }
}
