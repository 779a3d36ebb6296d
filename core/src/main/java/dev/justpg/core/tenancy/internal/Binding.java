package dev.justpg.core.tenancy.internal;

import dev.justpg.core.json.JsonCodec;
import dev.justpg.core.tenancy.TenantContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * How a {@link TenantContext} is bound: one fully parameterised statement that sets the
 * settings transaction-locally with {@code set_config(name, value, true)}. Only settings that
 * have a value, or had one earlier in the same transaction (they are reset to the empty string),
 * are sent, so a tenant-only context costs one {@code set_config} call. The empty string is what
 * the generated policies treat as "no tenant".
 */
public final class Binding {

    private static final int SETTINGS = 4;
    private static final String[] SQL = new String[SETTINGS + 1];

    static {
        for (int n = 1; n <= SETTINGS; n++) {
            SQL[n] = "select set_config(?, ?, true)" + ", set_config(?, ?, true)".repeat(n - 1);
        }
    }

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
     * The call that moves the settings from what {@code previousMask} says is set to the context.
     *
     * @param context the context, or {@code null} to clear every setting
     * @param previousMask the settings that hold a value in this transaction (0 at its start)
     * @param target what the connection records as bound after the call
     * @return the call, or {@code null} when nothing needs to be sent
     */
    BindCall call(TenantContext context, int previousMask, Object target) {
        String[] values = values(context);
        int mask = 0;
        for (int i = 0; i < SETTINGS; i++) {
            if (!values[i].isEmpty()) {
                mask |= 1 << i;
            }
        }
        int send = mask | previousMask;
        if (send == 0) {
            return null;
        }
        String[] parameters = new String[2 * Integer.bitCount(send)];
        int p = 0;
        for (int i = 0; i < SETTINGS; i++) {
            if ((send & (1 << i)) != 0) {
                parameters[p++] = names[i];
                parameters[p++] = values[i];
            }
        }
        return new BindCall(SQL[Integer.bitCount(send)], parameters, mask, target);
    }

    /**
     * Sends a call as its own statement in the connection's current transaction.
     *
     * @param c the connection, with autocommit off
     * @param call the call
     * @throws SQLException when the statement fails
     */
    static void bind(Connection c, BindCall call) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(call.sql())) {
            call.setParameters(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
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
