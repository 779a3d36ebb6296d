package dev.justpg.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.sql.Connection;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * justpg work inside a transaction run by Spring's {@link DataSourceTransactionManager}: it
 * commits and rolls back with the Spring transaction. {@link Orders} is the README's example.
 */
@PostgresTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpringTransactionTest {

    private static HikariDataSource pool;
    private static TransactionTemplate transactions;
    private static JdbcTemplate jdbc;
    private static Orders orders;
    private static TestDatabase testDb;

    @BeforeAll
    static void setUp(TestDatabase database) {
        testDb = database;
        HikariConfig config = new HikariConfig();
        config.setDataSource(database.dataSource());
        config.setMaximumPoolSize(1); // everything must run on the Spring transaction's one connection
        config.setConnectionTimeout(1000);
        pool = new HikariDataSource(config);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(pool));
        jdbc = new JdbcTemplate(pool);
        orders = new Orders(pool);
        database.execute("create table orders(ref text primary key)", "create table audit(event text)");
    }

    @AfterAll
    static void tearDown() {
        pool.close();
    }

    @BeforeEach
    void clear() {
        testDb.execute("truncate orders, audit");
    }

    /** The README's example: a Spring service that does justpg work in the caller's transaction. */
    static final class Orders {

        private final DataSource dataSource;
        private final Database db;

        Orders(DataSource dataSource) {
            this.dataSource = dataSource;
            this.db = Database.of(dataSource);   // over the same DataSource as the transaction manager
        }

        // Called inside @Transactional (or TransactionTemplate.execute): joins that transaction.
        int place(String ref) {
            Connection c = DataSourceUtils.getConnection(dataSource);   // the Spring transaction's connection
            try {
                return db.joinTransaction(c, tx -> {                    // never commits, rolls back or closes c
                    tx.update("insert into orders(ref) values (?)", ref);
                    audit("placed " + ref);                             // nested justpg calls join as well
                    return AdvisoryLock.of("orders").tryLock(tx) ? 1 : 0;
                });
            } finally {
                DataSourceUtils.releaseConnection(c, dataSource);
            }
        }

        void audit(String event) {
            db.useTransaction(tx -> tx.update("insert into audit(event) values (?)", event));
        }
    }

    @Test
    void justpgWorkCommitsWithTheSpringTransaction() {
        int locked = transactions.execute(status -> {
            jdbc.update("insert into orders(ref) values ('spring')");
            return orders.place("justpg");
        });
        assertThat(locked).isEqualTo(1);
        assertThat(refs()).isEqualTo(2);
        assertThat(audits()).isEqualTo(1);
    }

    @Test
    void justpgWorkRollsBackWithTheSpringTransaction() {
        transactions.executeWithoutResult(status -> {
            jdbc.update("insert into orders(ref) values ('spring')");
            orders.place("justpg");
            status.setRollbackOnly();
        });
        assertThat(refs()).isZero();
        assertThat(audits()).isZero();
    }

    @Test
    void anExceptionFromJustPgWorkRollsTheSpringTransactionBack() {
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            jdbc.update("insert into orders(ref) values ('spring')");
            orders.place("dup");
            orders.place("dup");
        })).isInstanceOf(JustPgException.class)
                .satisfies(e -> assertThat(((JustPgException) e).sqlState()).contains(SqlStates.UNIQUE_VIOLATION));
        assertThat(refs()).isZero();
        assertThat(audits()).isZero();
    }

    @Test
    void aConnectionFromATransactionAwareProxyJoinsTheSpringTransaction() throws Exception {
        DataSource aware = new TransactionAwareDataSourceProxy(pool);
        Database db = Database.builder(pool).quiet().build();
        transactions.executeWithoutResult(status -> {
            try (Connection c = aware.getConnection()) {   // closing it hands it back to Spring, still open
                db.joinTransaction(c, tx -> tx.update("insert into orders(ref) values ('proxy')"));
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            jdbc.update("insert into audit(event) values ('after the proxy connection was closed')");
            status.setRollbackOnly();
        });
        assertThat(refs()).isZero();
        assertThat(audits()).isZero();
    }

    @Test
    void aDatabaseOverATransactionAwareProxyRefusesToCommitTheSpringTransaction() {
        Database overProxy = Database.builder(new TransactionAwareDataSourceProxy(pool)).quiet().build();
        transactions.executeWithoutResult(status -> {
            jdbc.update("insert into orders(ref) values ('spring')");
            assertThatThrownBy(() -> overProxy.useTransaction(tx -> tx.update("insert into audit(event) values ('x')")))
                    .isInstanceOf(JustPgException.class)
                    .hasMessageContaining("TransactionAwareDataSourceProxy")
                    .hasMessageContaining("joinTransaction");
            // The Spring transaction is still open and uncommitted: the rollback below undoes the insert.
            status.setRollbackOnly();
        });
        assertThat(refs()).isZero();
        // Outside a Spring transaction the proxy hands out an autocommit connection: justpg runs its own.
        overProxy.useTransaction(tx -> tx.update("insert into audit(event) values ('own transaction')"));
        assertThat(audits()).isEqualTo(1);
    }

    @Test
    void outsideASpringTransactionTheConnectionIsRefused() {
        assertThatThrownBy(() -> orders.place("no transaction"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("autocommit");
        assertThat(refs()).isZero();
    }

    private static long refs() {
        return count("orders");
    }

    private static long audits() {
        return count("audit");
    }

    private static long count(String table) {
        return Database.builder(testDb.dataSource()).quiet().build()
                .inTransaction(tx -> tx.queryOne("select count(*) from " + Identifier.of(table).quoted(),
                        r -> r.getLong(1)));
    }
}
