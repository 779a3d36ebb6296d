package dev.justpg.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.core.Database;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.RoleAttribute;
import dev.justpg.testkit.TestDatabase;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Runs the README's tenancy quick start against a real server, with the three roles it describes. */
@PostgresTest
class TenancyQuickStartTest {

    @Test
    void theQuickStartIsolatesTenantsAndAuditsClean(TestDatabase database) {
        DataSource ownerDataSource = database.createRole("qs_owner").dataSource();
        String appRole = "qs_app";
        DataSource appPool = database.createRole(appRole).dataSource();
        DataSource adminPool = database.createRole("qs_admin", RoleAttribute.BYPASSRLS).dataSource();
        database.execute("GRANT CREATE, USAGE ON SCHEMA public TO qs_owner",
                "GRANT USAGE ON SCHEMA public TO qs_app, qs_admin");
        Database owner = Database.of(ownerDataSource);
        owner.execute("create table invoices(tenant_id uuid not null, id bigint generated always as identity,"
                + " amount int not null, primary key (tenant_id, id))");
        owner.execute("grant select, insert, update, delete on invoices to qs_app");
        owner.execute("grant select on invoices to qs_admin");
        UUID acmeId = UUID.randomUUID();
        database.execute("insert into invoices(tenant_id, amount) values ('" + acmeId + "', 100),"
                + " ('" + UUID.randomUUID() + "', 999)");

        TenancyQuickStart.Result result = TenancyQuickStart.quickStart(appPool, adminPool, ownerDataSource, acmeId,
                appRole);

        assertThat(result.amounts()).containsExactly(100);
        assertThat(result.report().findings()).isEmpty();
    }
}
