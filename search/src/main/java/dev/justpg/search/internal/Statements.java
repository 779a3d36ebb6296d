package dev.justpg.search.internal;

import dev.justpg.core.RowMapper;
import dev.justpg.search.SearchException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Runs {@link Sql} on a connection; every value is bound. */
public final class Statements {

    private Statements() {
    }

    /**
     * Runs a query.
     *
     * @param c the connection
     * @param sql the query
     * @param mapper maps each row
     * @param <T> the row type
     * @return the rows
     * @throws SQLException on a database error
     */
    public static <T> List<T> query(Connection c, Sql sql, RowMapper<T> mapper) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.text())) {
            customPlans(ps);
            bind(ps, sql.params());
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
     * Runs a statement.
     *
     * @param c the connection
     * @param sql the statement
     * @return the update count
     * @throws SQLException on a database error
     */
    public static int update(Connection c, Sql sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.text())) {
            bind(ps, sql.params());
            return ps.executeUpdate();
        }
    }

    /**
     * Keeps pgjdbc from switching to a named server-side statement after a few executions: the
     * server could then pick a generic plan, which cannot know how selective a tsquery is (a
     * sequential scan under a LIMIT looks cheap to it) and would read the whole table for a rare
     * word. Unnamed statements are planned with the actual values every time.
     */
    private static void customPlans(PreparedStatement ps) throws SQLException {
        if (ps.isWrapperFor(org.postgresql.PGStatement.class)) {
            ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
        }
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object v = params.get(i);
            if (v instanceof Float f) {
                ps.setFloat(i + 1, f);
            } else if (v instanceof String[] arr) {
                ps.setArray(i + 1, ps.getConnection().createArrayOf("text", arr));
            } else {
                ps.setObject(i + 1, v);
            }
        }
    }

    /**
     * Wraps an SQLException with a message that says what failed.
     *
     * @param what what was being done
     * @param e the failure
     * @return the exception to throw
     */
    public static SearchException fail(String what, SQLException e) {
        return new SearchException(what + " failed (SQLSTATE " + e.getSQLState() + "): " + e.getMessage(), e);
    }
}
