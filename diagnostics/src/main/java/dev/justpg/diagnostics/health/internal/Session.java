package dev.justpg.diagnostics.health.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one connection of a health run: a read-only transaction with a local statement and lock
 * timeout, and a count of the round trips it made. After a failed statement the transaction is
 * rolled back and begun again, so one failing family does not stop the others.
 */
public final class Session {

    /** Maps the current row. */
    @FunctionalInterface
    public interface Mapper<T> {
        /**
         * Maps the current row.
         *
         * @param rs the result set on a row
         * @return the value
         * @throws SQLException when a column cannot be read
         */
        T map(ResultSet rs) throws SQLException;
    }

    private final Connection connection;
    private final String timeoutMillis;
    private final String lockTimeoutMillis;
    private int roundTrips;
    private boolean wasReadOnly;

    /**
     * A session on a connection.
     *
     * @param connection the connection (in autocommit mode; restored by {@link #close()})
     * @param statementTimeout the statement timeout of each query
     */
    public Session(Connection connection, Duration statementTimeout) {
        this.connection = connection;
        this.timeoutMillis = Long.toString(statementTimeout.toMillis());
        this.lockTimeoutMillis = Long.toString(Math.max(1, statementTimeout.toMillis() / 2));
    }

    /**
     * Begins the read-only transaction and sets the timeouts (one round trip).
     *
     * @throws SQLException when the server refuses
     */
    public void begin() throws SQLException {
        wasReadOnly = connection.isReadOnly();
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        query(Sql.SET_TIMEOUT, rs -> null, timeoutMillis, lockTimeoutMillis);
    }

    /**
     * Runs a query (one round trip).
     *
     * @param sql the statement
     * @param mapper maps each row
     * @param params bind values
     * @param <T> the row type
     * @return the rows
     * @throws SQLException when the statement fails
     */
    public <T> List<T> query(String sql, Mapper<T> mapper, Object... params) throws SQLException {
        roundTrips++;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        }
    }

    /**
     * A text array parameter (made locally, no round trip).
     *
     * @param values the values
     * @return the JDBC array
     * @throws SQLException when the driver refuses
     */
    public java.sql.Array textArray(String[] values) throws SQLException {
        return connection.createArrayOf("text", values);
    }

    /**
     * A bigint array parameter (made locally, no round trip).
     *
     * @param values the values
     * @return the JDBC array
     * @throws SQLException when the driver refuses
     */
    public java.sql.Array longArray(Long[] values) throws SQLException {
        return connection.createArrayOf("int8", values);
    }

    /**
     * Rolls back after a failed statement and begins again (two round trips).
     *
     * @throws SQLException when even that fails (the connection is gone)
     */
    public void recover() throws SQLException {
        roundTrips++;
        connection.rollback();
        query(Sql.SET_TIMEOUT, rs -> null, timeoutMillis, lockTimeoutMillis);
    }

    /**
     * Ends the transaction (one round trip; nothing was written) and puts the connection back in
     * autocommit mode with its read-only flag as it was.
     *
     * @throws SQLException when the server refuses
     */
    public void close() throws SQLException {
        roundTrips++;
        try {
            connection.rollback();
        } finally {
            connection.setAutoCommit(true);
            connection.setReadOnly(wasReadOnly);
        }
    }

    /**
     * Round trips made so far.
     *
     * @return the count
     */
    public int roundTrips() {
        return roundTrips;
    }
}
