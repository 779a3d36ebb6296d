package dev.justpg.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.core.Database;
import dev.justpg.core.Identifier;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.RoleAttribute;
import dev.justpg.testkit.TestDatabase;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The quick start of the README (docs/tenancy.md), verbatim between the markers, run for real. */
@PostgresTest
class QuickStartTest {

    @Test
    void theQuickStartRunsAsDocumented(TestDatabase database) {
        DataSource ownerDataSource = database.createRole("qs_owner").dataSource();
        String appRole = "qs_app";
        DataSource appPool = database.createRole(appRole).dataSource();
        DataSource adminPool = database.createRole("qs_admin", RoleAttribute.BYPASSRLS).dataSource();
        database.execute("GRANT CREATE, USAGE ON SCHEMA public TO qs_owner",
                "GRANT USAGE ON SCHEMA public TO qs_app, qs_admin");
        Database.of(ownerDataSource).execute("create table invoices(tenant_id uuid not null,"
                + " id bigint generated always as identity, amount int not null, primary key (tenant_id, id))");
        Database.of(ownerDataSource).execute("grant select, insert, update, delete on invoices to qs_app");
        Database.of(ownerDataSource).execute("grant select on invoices to qs_admin");
        UUID acmeId = UUID.randomUUID();
        database.execute("insert into invoices(tenant_id, amount) values ('" + acmeId + "', 100),"
                + " ('" + UUID.randomUUID() + "', 999)");

        // --- quick start ---
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
        // --- end ---

        assertThat(amounts).containsExactly(100);
        assertThat(report.findings()).isEmpty();
        long all = tenancy.crossTenant(tx -> tx.queryOne("select count(*) from invoices", r -> r.getLong(1)));
        assertThat(all).isEqualTo(2);
    }
}
