package dev.justpg.core.tenancy.internal;

import dev.justpg.core.tenancy.TenancyException;
import dev.justpg.core.tenancy.TenantContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The binding rules shared by every wrapped connection of one {@code Tenancy}. */
public final class TenantRuntime {

    private static final String ROLE_SQL = "select current_user, r.rolsuper, r.rolbypassrls,"
            + " pg_catalog.current_setting('server_encoding') from pg_roles r where r.rolname = current_user";

    private final Binding binding;
    private final Supplier<TenantContext> scope;
    private final boolean requireTenant;
    private final boolean pipeline;
    private final boolean verifyRole;
    private final boolean textIds;
    private volatile boolean roleVerified;
    /** Statement texts are classified once: {@link SqlText} flags by text, per string syntax. */
    private final Map<String, Integer> flagsStandard = new ConcurrentHashMap<>();
    private final Map<String, Integer> flagsLegacy = new ConcurrentHashMap<>();
    /** The binding and a statement as one text, by statement text (the binding's text never changes). */
    private final Map<String, String> combinedTexts = new ConcurrentHashMap<>();
    /** Each cache is emptied when it reaches this size (applications that build SQL with literals). */
    private static final int CACHE_LIMIT = 2048;

    /**
     * Creates the rules.
     *
     * @param binding how a context is bound
     * @param scope the context in scope on the calling thread, or {@code null}
     * @param requireTenant whether statements in a transaction need a tenant in scope
     * @param pipeline whether the binding may be sent with the first statement of a transaction
     * @param verifyRole whether to refuse a role that bypasses row-level security
     * @param textIds whether tenant ids are text (then the server encoding must be UTF-8)
     */
    public TenantRuntime(Binding binding, Supplier<TenantContext> scope, boolean requireTenant, boolean pipeline,
            boolean verifyRole, boolean textIds) {
        this.binding = binding;
        this.scope = scope;
        this.requireTenant = requireTenant;
        this.pipeline = pipeline;
        this.verifyRole = verifyRole;
        this.textIds = textIds;
    }

    Binding binding() {
        return binding;
    }

    /** The {@link SqlText} flags of a text, computed once per text. */
    int classify(String sql, boolean standardConformingStrings) {
        if (sql == null) {
            return 0;
        }
        Map<String, Integer> cache = standardConformingStrings ? flagsStandard : flagsLegacy;
        Integer flags = cache.get(sql);
        if (flags == null) {
            flags = SqlText.classify(sql, standardConformingStrings);
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(sql, flags);
        }
        return flags;
    }

    /** The binding followed by the statement, as one text sent in one round trip. */
    String combinedText(BindCall call, String sql) {
        if (call.session()) {
            return call.sql() + ";\n" + sql;
        }
        String text = combinedTexts.get(sql);
        if (text == null) {
            text = call.sql() + ";\n" + sql;
            if (combinedTexts.size() >= CACHE_LIMIT) {
                combinedTexts.clear();
            }
            combinedTexts.put(sql, text);
        }
        return text;
    }

    TenantContext current() {
        return scope.get();
    }

    boolean requireTenant() {
        return requireTenant;
    }

    boolean pipeline() {
        return pipeline;
    }

    /**
     * On the first connection, refuses a role for which row-level security does nothing: a
     * superuser or a role with {@code BYPASSRLS}; and, for text tenant ids, a server encoding other
     * than UTF-8 (a conversion from UTF-8 to another encoding may map two characters to one, so two
     * ids could become one tenant).
     *
     * @param c a fresh connection from the application's data source
     * @throws SQLException when the check cannot run
     * @throws TenancyException when the role bypasses row-level security
     */
    public void checkRoleOnce(Connection c) throws SQLException {
        if (!(verifyRole || textIds) || roleVerified) {
            return;
        }
        boolean autoCommit = c.getAutoCommit();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(ROLE_SQL)) {
            if (rs.next()) {
                String role = rs.getString(1);
                String encoding = rs.getString(4);
                if (textIds && !"UTF8".equalsIgnoreCase(encoding)) {
                    throw new TenancyException("the database's server encoding is " + encoding + ", not UTF8: text"
                            + " tenant ids are converted from UTF-8 on the way in, and a conversion may map two"
                            + " different characters to one, so two ids could become the same tenant; use a UTF8"
                            + " database, or UUID or LONG tenant ids");
                }
                if (verifyRole && (rs.getBoolean(2) || rs.getBoolean(3))) {
                    throw new TenancyException("the application connects as role '" + role + "', which is "
                            + (rs.getBoolean(2) ? "a superuser" : "BYPASSRLS")
                            + ": row-level security does not apply to it, so every tenant's rows would be visible;"
                            + " connect as a plain role (NOSUPERUSER NOBYPASSRLS) that does not own the tables, and"
                            + " do cross-tenant work through Tenancy.crossTenant with a separate BYPASSRLS role");
                }
            }
        } finally {
            if (!autoCommit) {
                c.rollback();
            }
        }
        roleVerified = true;
    }
}
