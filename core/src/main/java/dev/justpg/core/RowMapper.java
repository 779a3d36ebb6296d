package dev.justpg.core;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Maps the current row of a {@link ResultSet} to a value.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface RowMapper<T> {

    /**
     * Maps the current row. Do not advance the result set.
     *
     * @param row the result set, positioned on a row
     * @return the value for this row
     * @throws SQLException when a column cannot be read
     */
    T map(ResultSet row) throws SQLException;
}
