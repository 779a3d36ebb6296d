package dev.justpg.examples.snippets;

import dev.justpg.core.Database;
import dev.justpg.core.Identifier;
import dev.justpg.core.tenancy.AuditReport;
import dev.justpg.core.tenancy.PolicyPlan;
import dev.justpg.core.tenancy.Tenancy;
import dev.justpg.core.tenancy.TenantId;
import dev.justpg.core.tenancy.TenantIdType;
import dev.justpg.core.tenancy.TenantPolicies;
import dev.justpg.core.tenancy.TenantTable;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The README's tenancy quick start, compiled so the README cannot drift from the API, and run
 * against a real server by {@code TenancyQuickStartTest}.
 */
final class TenancyQuickStart {

    private TenancyQuickStart() {
    }

    /** What the quick start saw: acme's amounts and the audit. */
    record Result(List<Integer> amounts, AuditReport report) {
    }

    static Result quickStart(DataSource appPool, DataSource adminPool, DataSource ownerDataSource, UUID acmeId,
            String appRole) {
        Tenancy tenancy = Tenancy.builder(appPool, TenantIdType.UUID)    // app role: no superuser, no BYPASSRLS, owns nothing
                .adminDataSource(adminPool)                              // a BYPASSRLS role, for crossTenant(...)
                .build();
        TenantPolicies policies = tenancy.policies(Database.of(ownerDataSource));   // the tables' owner
        PolicyPlan plan = policies.plan(TenantTable.of(Identifier.of("invoices")));
        System.out.println(plan.sql());                                  // dry run: review the DDL
        policies.apply(plan);                                            // ENABLE + FORCE RLS, fail-closed policy, index
        List<Integer> amounts = tenancy.inTenant(TenantId.of(acmeId), tx ->
                tx.query("select amount from invoices", r -> r.getInt(1)));   // acme's rows only, no WHERE needed
        AuditReport report = tenancy.audit(Database.of(ownerDataSource), appRole);    // typed findings + fix SQL
        return new Result(amounts, report);
    }
}
