package dev.justpg.core.internal;

import dev.justpg.core.JustPgException;
import dev.justpg.core.RowMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Small JDBC helpers shared by justpg modules: bind parameters, map rows, wrap failures. */
public final class Jdbc {

    private static final int SQL_IN_MESSAGE = 200;

    private Jdbc() {
    }

    /**
     * Runs an update with bind parameters.
     *
     * @param c the connection
     * @param sql the statement with {@code ?} placeholders
     * @param params the values, bound in order
     * @return the update count
     */
    public static int update(Connection c, String sql, Object... params) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /**
     * Runs a query with bind parameters and maps every row.
     *
     * @param c the connection
     * @param sql the query with {@code ?} placeholders
     * @param mapper maps one row
     * @param params the values, bound in order
     * @param <T> the row type
     * @return the mapped rows, in order
     */
    public static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... params) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /**
     * Binds values to placeholders in order with {@link PreparedStatement#setObject(int, Object)}.
     *
     * @param ps the statement
     * @param params the values
     * @throws SQLException when a value cannot be bound
     */
    public static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }

    /**
     * Wraps a statement failure: the message carries the SQLSTATE, the server's message and the
     * start of the SQL text (never the bound values).
     *
     * @param sql the statement that failed
     * @param e the failure
     * @return the exception to throw
     */
    public static JustPgException failure(String sql, SQLException e) {
        String shown = sql.length() > SQL_IN_MESSAGE ? sql.substring(0, SQL_IN_MESSAGE) + "..." : sql;
        return new JustPgException("statement failed (SQLSTATE " + e.getSQLState() + "): "
                + e.getMessage() + " [SQL: " + shown.strip() + "]", e);
    }
}
