package dev.justpg.core.tenancy.internal;

import dev.justpg.core.json.JsonCodec;
import dev.justpg.core.tenancy.TenantContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * How a {@link TenantContext} is bound: one statement that sets all four settings
 * transaction-locally with {@code pg_catalog.set_config(name, value, true)}, the values as bind
 * parameters ({@code select where (set_config(...) || ...) is null}: no row comes back). Every setting is always sent, the empty string for those the context lacks (the
 * policies' "no tenant"): a transaction-local value hides any session-level value a previous
 * user of the connection left, so the transaction sees exactly its context, whatever the session
 * holds. The function is schema-qualified so that no {@code search_path} can substitute another.
 *
 * <p>{@link #sessionClear()} is the other form: it sets the four settings to the empty string at
 * session level, for statements in autocommit mode (no transaction to be local to) and for
 * connections handed back after a statement may have set a setting at session level.
 */
public final class Binding {

    private static final int SETTINGS = 4;

    private final String[] names;
    private final String localSql;
    private final BindCall sessionClear;

    /**
     * Creates the binding for the settings {@code prefix.tenant_id}, {@code .user_id},
     * {@code .roles} and {@code .claims}.
     *
     * @param prefix the validated setting prefix (lower-case letters, digits, {@code _})
     */
    public Binding(String prefix) {
        this.names = new String[] {prefix + ".tenant_id", prefix + ".user_id", prefix + ".roles", prefix + ".claims"};
        // One expression that evaluates all four calls (the operands of || are all evaluated) and
        // returns no row and no column: nothing for the driver to decode.
        StringBuilder local = new StringBuilder("select where (");
        StringBuilder clear = new StringBuilder("select");
        for (int i = 0; i < SETTINGS; i++) {
            // The names are validated identifiers ([a-z_][a-z0-9_.]*), so they are safe as literals.
            local.append(i == 0 ? "" : " || ").append("pg_catalog.set_config('").append(names[i])
                    .append("', ?, true)");
            clear.append(i == 0 ? " " : ", ").append("pg_catalog.set_config('").append(names[i]).append("', '', false)");
        }
        local.append(") is null");
        this.localSql = local.toString();
        this.sessionClear = new BindCall(clear.toString(), new String[0], null, true);
    }

    /**
     * The setting that holds the tenant id.
     *
     * @return for example {@code app.tenant_id}
     */
    public String tenantSetting() {
        return names[0];
    }

    /**
     * All four setting names: tenant, user, roles, claims.
     *
     * @return the names
     */
    public List<String> settingNames() {
        return List.of(names);
    }

    /**
     * The call that sets all four settings transaction-locally to the context's values.
     *
     * @param context the context, or {@code null} for empty settings (no tenant)
     * @param target what the connection records as bound after the call
     * @return the call
     */
    BindCall call(TenantContext context, Object target) {
        return new BindCall(localSql, values(context), target, false);
    }

    /** The call that empties the four settings at session level. */
    BindCall sessionClear() {
        return sessionClear;
    }

    /**
     * Sends a call as its own statement.
     *
     * @param c the connection
     * @param call the call
     * @throws SQLException when the statement fails
     */
    static void bind(Connection c, BindCall call) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(call.sql())) {
            call.setParameters(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // the local form returns no row; the session form one
                }
            }
        }
    }

    private static String[] values(TenantContext context) {
        if (context == null) {
            return new String[] {"", "", "", ""};
        }
        return new String[] {
            context.tenantId().text(),
            context.userId().orElse(""),
            String.join(",", context.roles()),
            context.claims().isEmpty() ? "" : JsonCodec.defaultCodec().encode(context.claims())
        };
    }
}
