package dev.justpg.core;

import dev.justpg.core.internal.Jdbc;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;

/**
 * An open transaction: its connection and a few helpers that bind values as parameters.
 *
 * <p>Valid only inside the callback that received it. Do not commit, roll back or close the
 * connection yourself: {@link Database} does that when the callback returns or throws.
 */
public final class Tx {

    private final Connection connection;
    private final TxOptions options;
    private final int attempt;

    Tx(Connection connection, TxOptions options, int attempt) {
        this.connection = connection;
        this.options = options;
        this.attempt = attempt;
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
     * Which attempt this is: 1 for the first run, 2 and up when retried.
     *
     * @return the attempt number, from 1
     */
    public int attempt() {
        return attempt;
    }

    /**
     * The options this transaction runs with.
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
