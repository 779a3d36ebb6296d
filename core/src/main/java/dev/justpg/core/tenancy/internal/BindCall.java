package dev.justpg.core.tenancy.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One binding to send: the statement ({@code select pg_catalog.set_config(...), ...}), its
 * parameters, what it binds, and whether it is the session-level clearing.
 */
final class BindCall {

    private final String sql;
    private final String[] parameters;
    private final Object target;
    private final boolean session;

    BindCall(String sql, String[] parameters, Object target, boolean session) {
        this.sql = sql;
        this.parameters = parameters;
        this.target = target;
        this.session = session;
    }

    /** The statement: {@code select pg_catalog.set_config(...), ...}. */
    String sql() {
        return sql;
    }

    /** How many bind parameters {@link #sql()} has. */
    int parameterCount() {
        return parameters.length;
    }

    /** What the connection records as bound: a TenantContext, or the "cleared" marker; null for the session form. */
    Object target() {
        return target;
    }

    /** Whether this empties the settings at session level (autocommit, hand-back) rather than binding a transaction. */
    boolean session() {
        return session;
    }

    /** Sets the values on the first {@link #parameterCount()} placeholders. */
    void setParameters(PreparedStatement ps) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            ps.setString(i + 1, parameters[i]);
        }
    }
}
