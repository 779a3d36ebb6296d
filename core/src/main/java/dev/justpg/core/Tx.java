package dev.justpg.core;

import dev.justpg.core.internal.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An open transaction: its connection and a few helpers that bind values as parameters.
 *
 * <p>Valid only inside the callback that received it. Do not commit, roll back or close the
 * connection yourself: {@link Database} does that when the callback returns or throws.
 *
 * <p>{@link #of(Connection)} makes one over a transaction the caller manages (Spring,
 * jOOQ, plain JDBC), for justpg calls that take a {@code Tx}; justpg never commits, rolls back
 * or closes that connection.
 */
public final class Tx {

    /** What {@link #options()} reports for a transaction justpg did not start: nothing applied, no retry. */
    static final TxOptions CALLER_OPTIONS = TxOptions.DEFAULT.withRetry(RetryPolicy.NONE);

    private final Connection connection;
    private final TxOptions options;
    private final int attempt;

    Tx(Connection connection, TxOptions options, int attempt) {
        this.connection = connection;
        this.options = options;
        this.attempt = attempt;
    }

    /**
     * A {@code Tx} over a connection whose transaction the caller manages: a Spring
     * {@code @Transactional} connection ({@code DataSourceUtils.getConnection(dataSource)}), the
     * connection of a jOOQ transaction, or plain JDBC with autocommit off. justpg calls that take
     * a {@code Tx} run their statements on it, inside the caller's transaction; justpg never
     * commits, rolls back or closes it. {@link #options()} reports
     * {@link TxOptions#DEFAULT} without retry (justpg applied no option) and {@link #attempt()} 1.
     *
     * <p>To also make nested {@link Database#inTransaction(TxCallback)} calls join the caller's
     * transaction, use {@link Database#joinTransaction(Connection, TxCallback)} instead.
     *
     * @param connection an open connection in a transaction (autocommit off)
     * @return the transaction
     * @throws IllegalArgumentException when the connection is closed or in autocommit mode (there is
     *     no transaction to run in; nothing was sent)
     */
    public static Tx of(Connection connection) {
        checkCallerConnection(connection);
        return new Tx(connection, CALLER_OPTIONS, 1);
    }

    /** Refuses a connection that is not in a transaction the caller manages. */
    static void checkCallerConnection(Connection connection) {
        Objects.requireNonNull(connection, "connection must not be null");
        try {
            if (connection.isClosed()) {
                throw new IllegalArgumentException("the connection is closed; pass the open connection of the"
                        + " transaction to join");
            }
            if (connection.getAutoCommit()) {
                throw new IllegalArgumentException("the connection is in autocommit mode, so there is no transaction"
                        + " to join and each statement would commit on its own; call this inside the caller's"
                        + " transaction (Spring @Transactional, a jOOQ transaction, or setAutoCommit(false)), or use"
                        + " Database.inTransaction to let justpg run the transaction");
            }
        } catch (SQLException e) {
            throw new JustPgException("could not read the state of the caller's connection (SQLSTATE "
                    + e.getSQLState() + "): " + e.getMessage(), e);
        }
    }

    /**
     * The transaction's connection, for plain JDBC, jOOQ ({@code DSL.using(tx.connection())}) or
     * any other library.
     *
     * @return the connection, with autocommit off
     */
    public Connection connection() {
        return connection;
    }

    /**
     * Which attempt this is: 1 for the first run, 2 and up when retried. A call that joined an
     * enclosing transaction sees the attempt of the outermost call.
     *
     * @return the attempt number, from 1
     */
    public int attempt() {
        return attempt;
    }

    /**
     * The options this transaction runs with: those of the outermost call when this call joined
     * an enclosing transaction.
     *
     * @return the options
     */
    public TxOptions options() {
        return options;
    }

    /**
     * Runs an {@code INSERT}, {@code UPDATE}, {@code DELETE} or DDL statement.
     *
     * @param sql the statement, with {@code ?} for each value
     * @param params the values, bound in order
     * @return the number of rows affected
     * @throws JustPgException when the statement fails (with its SQLSTATE)
     */
    public int update(String sql, Object... params) {
        return Jdbc.update(connection, sql, params);
    }

    /**
     * Runs a query and maps every row.
     *
     * @param sql the query, with {@code ?} for each value
     * @param mapper maps one row
     * @param params the values, bound in order
     * @param <T> the row type
     * @return the rows, in the order returned
     * @throws JustPgException when the query fails (with its SQLSTATE)
     */
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return Jdbc.query(connection, sql, mapper, params);
    }

    /**
     * Runs a query and maps the first row, if any.
     *
     * @param sql the query, with {@code ?} for each value
     * @param mapper maps one row
     * @param params the values, bound in order
     * @param <T> the row type
     * @return the first row, or empty when there is none
     * @throws JustPgException when the query fails (with its SQLSTATE)
     */
    public <T> Optional<T> queryFirst(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    /**
     * Runs a query that returns exactly one row.
     *
     * @param sql the query, with {@code ?} for each value
     * @param mapper maps the row
     * @param params the values, bound in order
     * @param <T> the row type
     * @return the row
     * @throws JustPgException when the query fails or does not return exactly one row
     */
    public <T> T queryOne(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        if (rows.size() != 1) {
            throw new JustPgException("expected exactly one row but the query returned " + rows.size()
                    + "; add a WHERE clause on a unique key or use queryFirst [SQL: " + sql.strip() + "]");
        }
        return rows.get(0);
    }
}
