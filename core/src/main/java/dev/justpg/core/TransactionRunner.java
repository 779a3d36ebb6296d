package dev.justpg.core;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a callback in a transaction, retrying on 40001/40P01 with jittered backoff; joins the
 * transaction the calling thread already has open on the same data source, unless told otherwise.
 */
final class TransactionRunner {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionRunner.class);

    private final DataSource dataSource;

    TransactionRunner(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The transaction this thread has open on the data source, or null. */
    TxFrame current() {
        return TxFrame.find(dataSource);
    }

    <R, X extends Exception> R run(TxOptions options, TxCallback<R, X> work) throws X {
        if (options.propagation() == Propagation.REQUIRED) {
            TxFrame enclosing = TxFrame.find(dataSource);
            if (enclosing != null) {
                enclosing.checkJoin(options);
                return join(enclosing, work);
            }
        }
        RetryPolicy policy = options.retry();
        for (int attempt = 1; ; attempt++) {
            try {
                return runOnce(options, work, attempt);
            } catch (Exception e) {
                if (!SqlStates.isRetryable(e) || policy.maxAttempts() == 1) {
                    throw e;
                }
                if (attempt >= policy.maxAttempts()) {
                    throw new RetryExhaustedException(attempt, e);
                }
                Duration delay = backoff(policy, attempt);
                LOG.debug("transaction attempt {} of {} failed with SQLSTATE {}; retrying in {} ms",
                        attempt, policy.maxAttempts(), SqlStates.find(e).orElse("?"), delay.toMillis());
                sleep(delay);
            }
        }
    }

    /**
     * Runs work in a transaction the caller manages on {@code connection}: nested calls on this
     * thread join it; nothing is committed, rolled back or closed here.
     */
    <R, X extends Exception> R runInCallerTransaction(Connection connection, TxCallback<R, X> work) throws X {
        Tx.checkCallerConnection(connection);
        TxFrame enclosing = TxFrame.find(dataSource);
        if (enclosing != null && enclosing.tx().connection() == connection) {
            return join(enclosing, work);
        }
        TxFrame frame = TxFrame.push(dataSource, new Tx(connection, Tx.CALLER_OPTIONS, 1), true);
        try {
            R result = work.run(frame.tx());
            Throwable spoiled = frame.rollbackCause();
            if (spoiled != null) {
                throw new RollbackOnlyException("a call that joined the caller's transaction failed (" + spoiled
                        + ") and its exception was caught; roll the caller's transaction back (justpg did not commit"
                        + " it): let the exception propagate, or run the call that may fail in its own transaction"
                        + " (Propagation.REQUIRES_NEW)", spoiled);
            }
            return result;
        } finally {
            frame.pop();
        }
    }

    /** A joined call: the enclosing transaction's connection, no commit, no retry; a failure spoils the whole. */
    private static <R, X extends Exception> R join(TxFrame frame, TxCallback<R, X> work) throws X {
        try {
            return work.run(frame.tx());
        } catch (Throwable t) {
            frame.markRollbackOnly(t);
            throw t;
        }
    }

    private <R, X extends Exception> R runOnce(TxOptions options, TxCallback<R, X> work, int attempt) throws X {
        Connection c = connect();
        refuseSpringTransaction(c);
        boolean wasAutoCommit = true;
        TxFrame frame = null;
        try {
            wasAutoCommit = begin(c, options);
            frame = TxFrame.push(dataSource, new Tx(c, options, attempt), false);
            R result = work.run(frame.tx());
            Throwable spoiled = frame.rollbackCause();
            if (spoiled != null) {
                throw new RollbackOnlyException("the transaction was rolled back: a call that joined it failed ("
                        + spoiled + ") and its exception was caught before it reached the outermost call; let it"
                        + " propagate, or run the call that may fail in its own transaction"
                        + " (Propagation.REQUIRES_NEW)", spoiled);
            }
            commit(c);
            return result;
        } catch (Throwable t) {
            rollback(c, t);
            throw t;
        } finally {
            if (frame != null) {
                frame.pop();
            }
            release(c, wasAutoCommit);
        }
    }

    private Connection connect() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw noConnection(dataSource, e);
        }
    }

    /** The failure to borrow a connection, saying when this thread already holds one for a transaction. */
    static JustPgException noConnection(DataSource dataSource, SQLException e) {
        String held = TxFrame.find(dataSource) == null ? ""
                : "; this thread already holds a connection from this DataSource for an enclosing transaction, so"
                + " a pool of one cannot serve a second one (Propagation.REQUIRES_NEW, withConnection, execute):"
                + " join the enclosing transaction (Propagation.REQUIRED) or enlarge the pool";
        return new JustPgException("could not get a connection from the DataSource (SQLSTATE "
                + e.getSQLState() + "): " + e.getMessage()
                + "; check that the server is up and the pool is not exhausted" + held, e);
    }

    /**
     * Refuses, before touching it, a connection Spring's {@code TransactionAwareDataSourceProxy}
     * handed out inside a Spring transaction: committing it would commit Spring's transaction
     * half-way. Recognised by Spring's {@code ConnectionProxy} interface (by name: core does not
     * depend on Spring) with autocommit already off.
     */
    private static void refuseSpringTransaction(Connection c) {
        boolean spring = false;
        try {
            if (!c.getAutoCommit()) {
                for (Class<?> type = c.getClass(); type != null && !spring; type = type.getSuperclass()) {
                    for (Class<?> i : type.getInterfaces()) {
                        spring |= i.getName().equals("org.springframework.jdbc.datasource.ConnectionProxy");
                    }
                }
            }
        } catch (SQLException e) {
            return; // begin() reports it
        }
        if (!spring) {
            return;
        }
        try {
            c.close(); // hands it back to Spring, which keeps its transaction open
        } catch (SQLException e) {
            LOG.debug("releasing a Spring-managed connection failed", e);
        }
        throw new JustPgException("this Database's DataSource is a Spring TransactionAwareDataSourceProxy and"
                + " handed out the connection of an open Spring transaction: justpg would commit that transaction"
                + " half-way, so nothing was run. Build the Database over the target DataSource and run this work"
                + " with db.joinTransaction(DataSourceUtils.getConnection(dataSource), tx -> ...), which runs in the"
                + " Spring transaction and leaves commit and rollback to Spring");
    }

    /** Opens the transaction; returns the connection's previous autocommit mode. */
    private static boolean begin(Connection c, TxOptions options) {
        try {
            boolean autoCommit = c.getAutoCommit();
            if (autoCommit) {
                c.setAutoCommit(false);
            }
            String setup = setupSql(options);
            if (setup != null) {
                try (Statement st = c.createStatement()) {
                    st.execute(setup);
                }
            }
            return autoCommit;
        } catch (SQLException e) {
            throw new JustPgException("could not start the transaction (SQLSTATE " + e.getSQLState() + "): "
                    + e.getMessage(), e);
        }
    }

    /**
     * The transaction-local set-up, or null when there is none. Only enum keywords and a number we
     * formatted ourselves go into this text.
     */
    static String setupSql(TxOptions options) {
        StringBuilder sql = new StringBuilder();
        String isolation = options.isolation().sql();
        if (isolation != null || options.readOnly()) {
            sql.append("SET TRANSACTION");
            if (isolation != null) {
                sql.append(" ISOLATION LEVEL ").append(isolation);
            }
            if (options.readOnly()) {
                sql.append(isolation != null ? "," : "").append(" READ ONLY");
            }
        }
        if (!options.statementTimeout().isZero()) {
            if (sql.length() > 0) {
                sql.append("; ");
            }
            sql.append("SET LOCAL statement_timeout = ").append(options.statementTimeout().toMillis());
        }
        return sql.length() == 0 ? null : sql.toString();
    }

    private static void commit(Connection c) {
        try {
            c.commit();
        } catch (SQLException e) {
            throw new JustPgException("commit failed (SQLSTATE " + e.getSQLState() + "): " + e.getMessage(), e);
        }
    }

    private static void rollback(Connection c, Throwable failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static void release(Connection c, boolean wasAutoCommit) {
        try {
            if (wasAutoCommit && !c.isClosed()) {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            LOG.debug("could not restore autocommit on a connection; closing it anyway", e);
        } finally {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("closing a connection failed", e);
            }
        }
    }

    /** Equal-jitter exponential backoff: between half and all of min(max, initial * 2^(attempt-1)). */
    static Duration backoff(RetryPolicy policy, int attempt) {
        long initial = policy.initialBackoff().toNanos();
        long cap = policy.maxBackoff().toNanos();
        long exp = initial;
        for (int i = 1; i < attempt && exp < cap; i++) {
            exp = exp > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : exp * 2;
        }
        long ceiling = Math.min(cap, exp);
        if (ceiling <= 1) {
            return Duration.ofNanos(Math.max(ceiling, 0));
        }
        long half = ceiling / 2;
        return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis(), (int) (delay.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JustPgException("interrupted while waiting to retry a transaction", e);
        }
    }
}
