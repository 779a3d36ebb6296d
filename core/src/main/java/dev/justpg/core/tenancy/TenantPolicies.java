package dev.justpg.core.tenancy;

import dev.justpg.core.Database;
import dev.justpg.core.Identifier;
import dev.justpg.core.JustPgException;
import dev.justpg.core.tenancy.internal.PolicyDdl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates and applies, idempotently, the DDL that makes tables tenant-safe: {@code ENABLE} and
 * {@code FORCE ROW LEVEL SECURITY}, one permissive fail-closed tenant policy for all commands
 * ({@code USING} and {@code WITH CHECK}), optional restrictive guards, and an index led by the
 * tenant column. Get one from {@link Tenancy#policies(Database)}.
 *
 * <pre>{@code
 * TenantPolicies policies = tenancy.policies(ownerDb);
 * PolicyPlan plan = policies.plan(TenantTable.of(Identifier.of("orders")));
 * System.out.println(plan.sql());   // dry run: review it
 * policies.apply(plan);             // one transaction
 * }</pre>
 *
 * <p>The plan is computed from the catalogs: what is already in place is left out, so planning
 * again after applying gives an empty plan. Policies justpg created carry a comment with a hash
 * of their expression; a policy with the same name and another expression is replaced
 * ({@code DROP POLICY IF EXISTS} and {@code CREATE POLICY} in the same transaction, so no
 * statement ever sees the table without its policy).
 */
public final class TenantPolicies {

    private static final Logger LOG = LoggerFactory.getLogger(TenantPolicies.class);

    private static final String TABLE_SQL = "select c.relrowsecurity, c.relforcerowsecurity,"
            + " format_type(a.atttypid, a.atttypmod),"
            + " exists(select 1 from pg_index i where i.indrelid = c.oid and i.indkey[0] = a.attnum"
            + "        and i.indpred is null and i.indisvalid),"
            + " c.relkind::text"
            + " from pg_class c left join pg_attribute a on a.attrelid = c.oid and a.attname = ?"
            + "   and a.attnum > 0 and not a.attisdropped"
            + " where c.oid = to_regclass(?)";
    private static final String POLICIES_SQL = "select p.polname::text, coalesce(obj_description(p.oid, 'pg_policy'), '')"
            + " from pg_policy p where p.polrelid = to_regclass(?)";

    private final Database owner;
    private final String setting;
    private final TenantIdType type;

    TenantPolicies(Database owner, String setting, TenantIdType type) {
        this.owner = java.util.Objects.requireNonNull(owner, "owner database must not be null");
        this.setting = setting;
        this.type = type;
    }

    /**
     * The tenant predicate the policy uses for this table (both {@code USING} and
     * {@code WITH CHECK}), for example
     * {@code "tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::bigint)}.
     *
     * @param table the table
     * @return the predicate
     * @throws IllegalArgumentException when the table or column does not exist or has the wrong type
     */
    public String predicate(TenantTable table) {
        return PolicyDdl.predicate(table.tenantColumn(), setting, castType(table, readTable(table)));
    }

    /**
     * Computes the DDL still needed for the table (a dry run: nothing is changed).
     *
     * @param table the table
     * @return the plan, empty when the table is already set up
     * @throws IllegalArgumentException when the table or column does not exist or has the wrong type
     */
    public PolicyPlan plan(TenantTable table) {
        TableState state = readTable(table);
        String predicate = PolicyDdl.predicate(table.tenantColumn(), setting, castType(table, state));
        Map<String, String> comments = owner.inReadOnlyTransaction(tx -> {
            Map<String, String> m = new HashMap<>();
            tx.query(POLICIES_SQL, r -> m.put(r.getString(1), r.getString(2)), table.table().quoted());
            return m;
        });
        List<String> ddl = new ArrayList<>();
        if (!state.rowSecurity) {
            ddl.add(PolicyDdl.rowSecurity(table.table(), false));
        }
        if (!state.forced) {
            ddl.add(PolicyDdl.rowSecurity(table.table(), true));
        }
        addPolicy(ddl, comments, table, table.policyName(), true, predicate);
        for (RestrictiveGuard guard : table.guards()) {
            addPolicy(ddl, comments, table, Identifier.of(guard.name()), false, guard.expression());
        }
        if (table.createIndex() && !state.tenantIndex) {
            ddl.add(PolicyDdl.tenantIndex(table.table(), table.indexName(), table.tenantColumn(), false));
        }
        return PolicyPlan.of(table.table(), ddl);
    }

    /**
     * Plans and applies the DDL for the table in one transaction, logging it at INFO.
     *
     * @param table the table
     * @return the plan that was applied (empty when nothing was needed)
     * @throws TenancyException when a statement fails (usually: not run as the table's owner)
     */
    public PolicyPlan apply(TenantTable table) {
        PolicyPlan plan = plan(table);
        apply(plan);
        return plan;
    }

    /**
     * Applies a plan in one transaction: all of it or nothing.
     *
     * @param plan the plan, usually from {@link #plan(TenantTable)}
     * @throws TenancyException when a statement fails (usually: not run as the table's owner)
     */
    public void apply(PolicyPlan plan) {
        if (plan.isEmpty()) {
            LOG.info("tenancy: {} is already tenant-safe", plan.table());
            return;
        }
        LOG.info("tenancy: applying to {}:\n{}", plan.table(), plan.sql());
        try {
            owner.useTransaction(tx -> {
                for (String statement : plan.statements()) {
                    tx.update(statement);
                }
            });
        } catch (JustPgException e) {
            throw new TenancyException("could not make " + plan.table() + " tenant-safe, nothing was changed: "
                    + e.getMessage() + "; apply the plan as the role that owns the table", e);
        }
    }

    private static void addPolicy(List<String> ddl, Map<String, String> comments, TenantTable table, Identifier name,
            boolean permissive, String expression) {
        String existing = comments.get(name.name());
        if (!PolicyDdl.marker(permissive, expression).equals(existing)) {
            ddl.addAll(PolicyDdl.policy(table.table(), name, permissive, expression));
        }
    }

    private String castType(TenantTable table, TableState state) {
        return PolicyDdl.castType(type, state.columnType, table.table() + "." + table.tenantColumn());
    }

    private TableState readTable(TenantTable table) {
        TableState state = owner.inReadOnlyTransaction(tx -> tx.queryFirst(TABLE_SQL,
                r -> new TableState(r.getBoolean(1), r.getBoolean(2), r.getString(3), r.getBoolean(4), r.getString(5)),
                table.tenantColumn().name(), table.table().quoted())).orElse(null);
        if (state == null) {
            throw new IllegalArgumentException("table " + table.table() + " does not exist (or is not on the"
                    + " search path of the owner connection); create it first or qualify its schema");
        }
        if (!state.kind.equals("r") && !state.kind.equals("p")) {
            throw new IllegalArgumentException(table.table() + " is not a table (relkind " + state.kind
                    + "); row-level security applies to tables only");
        }
        if (state.columnType == null) {
            throw new IllegalArgumentException("table " + table.table() + " has no column " + table.tenantColumn()
                    + "; add it or set TenantTable.builder(...).tenantColumn(...)");
        }
        return state;
    }

    private static final class TableState {
        final boolean rowSecurity;
        final boolean forced;
        final String columnType;
        final boolean tenantIndex;
        final String kind;

        TableState(boolean rowSecurity, boolean forced, String columnType, boolean tenantIndex, String kind) {
            this.rowSecurity = rowSecurity;
            this.forced = forced;
            this.columnType = columnType;
            this.tenantIndex = tenantIndex;
            this.kind = kind;
        }
    }
}
