package dev.justpg.core.tenancy.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One binding to send: the statement (one {@code set_config} per setting that changes), its
 * parameters, and which settings hold a value afterwards.
 */
final class BindCall {

    private final String sql;
    private final String[] parameters;
    private final int mask;
    private final Object target;

    BindCall(String sql, String[] parameters, int mask, Object target) {
        this.sql = sql;
        this.parameters = parameters;
        this.mask = mask;
        this.target = target;
    }

    /** The statement: {@code select set_config(?, ?, true), ...}. */
    String sql() {
        return sql;
    }

    /** How many bind parameters {@link #sql()} has. */
    int parameterCount() {
        return parameters.length;
    }

    /** The settings (bits of {@link Binding}) that hold a non-empty value after this call. */
    int mask() {
        return mask;
    }

    /** What the connection records as bound: a TenantContext, or the "cleared" marker. */
    Object target() {
        return target;
    }

    /** Sets the names and values on the first {@link #parameterCount()} placeholders. */
    void setParameters(PreparedStatement ps) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            ps.setString(i + 1, parameters[i]);
        }
    }
}
