package dev.justpg.core.tenancy.internal;

import dev.justpg.core.json.JsonCodec;
import dev.justpg.core.tenancy.TenantContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * How a {@link TenantContext} is bound: one constant, fully parameterised statement that sets the
 * four settings transaction-locally ({@code set_config(name, value, true)}). Keys without a value
 * are bound as the empty string, which the generated policies treat as "no tenant".
 */
public final class Binding {

    /** The binding statement: setting names and values are all bind parameters. */
    public static final String SQL = "select set_config(?, ?, true), set_config(?, ?, true),"
            + " set_config(?, ?, true), set_config(?, ?, true)";

    /** How many bind parameters {@link #SQL} has. */
    public static final int PARAMETERS = 8;

    private final String[] names;

    /**
     * Creates the binding for the settings {@code prefix.tenant_id}, {@code .user_id},
     * {@code .roles} and {@code .claims}.
     *
     * @param prefix the validated setting prefix
     */
    public Binding(String prefix) {
        this.names = new String[] {prefix + ".tenant_id", prefix + ".user_id", prefix + ".roles", prefix + ".claims"};
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
     * Sets the binding parameters on a statement whose first {@link #PARAMETERS} placeholders are
     * those of {@link #SQL}.
     *
     * @param ps the statement
     * @param context the context, or {@code null} to clear every setting
     * @throws SQLException when a value cannot be set
     */
    public void setParameters(PreparedStatement ps, TenantContext context) throws SQLException {
        String[] values = values(context);
        for (int i = 0; i < names.length; i++) {
            ps.setString(2 * i + 1, names[i]);
            ps.setString(2 * i + 2, values[i]);
        }
    }

    /**
     * Binds the context in the connection's current transaction, as its own statement.
     *
     * @param c the connection, with autocommit off
     * @param context the context, or {@code null} to clear every setting
     * @throws SQLException when the statement fails
     */
    public void bind(Connection c, TenantContext context) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            setParameters(ps, context);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
    }

    private static String[] values(TenantContext context) {
        if (context == null) {
            return new String[] {"", "", "", ""};
        }
        Map<String, String> claims = context.claims();
        return new String[] {
            context.tenantId().text(),
            context.userId().orElse(""),
            String.join(",", context.roles()),
            claims.isEmpty() ? "" : JsonCodec.defaultCodec().encode(claims)
        };
    }
}
