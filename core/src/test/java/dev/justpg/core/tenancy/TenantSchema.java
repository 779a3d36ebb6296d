package dev.justpg.core.tenancy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.justpg.core.Database;
import dev.justpg.core.Identifier;
import dev.justpg.testkit.RoleAttribute;
import dev.justpg.testkit.TestDatabase;
import dev.justpg.testkit.TestRole;
import javax.sql.DataSource;

/**
 * The set-up every tenancy test shares, done the way the README recommends: an owner role that
 * creates the tables and applies the policies, an application role with DML only (not a
 * superuser, no BYPASSRLS, owns nothing), and an admin role with BYPASSRLS for cross-tenant work.
 * Two tenants, 1 and 2, each with three orders.
 */
final class TenantSchema {

    final TestDatabase database;
    final TestRole owner;
    final TestRole app;
    final TestRole admin;
    final Database ownerDb;

    private TenantSchema(TestDatabase database, String prefix) {
        this.database = database;
        this.owner = database.createRole(prefix + "_owner");
        this.app = database.createRole(prefix + "_app");
        this.admin = database.createRole(prefix + "_admin", RoleAttribute.BYPASSRLS);
        database.execute("GRANT USAGE, CREATE ON SCHEMA public TO " + owner.name(),
                "GRANT USAGE ON SCHEMA public TO " + app.name() + ", " + admin.name());
        this.ownerDb = Database.of(owner.dataSource());
    }

    /** Creates the three roles only; the caller creates its own tables as {@link #ownerDb}. */
    static TenantSchema rolesOnly(TestDatabase database, String prefix) {
        return new TenantSchema(database, prefix);
    }

    /**
     * Creates the roles and the standard tables: {@code customers} and {@code orders} (bigint
     * tenant ids), made tenant-safe by {@link TenantPolicies}, plus a security-invoker view.
     */
    static TenantSchema create(TestDatabase database, String prefix) {
        TenantSchema s = new TenantSchema(database, prefix);
        s.ownerDb.execute("create table customers(tenant_id bigint not null, id bigint not null, name text not null,"
                + " primary key (tenant_id, id))");
        s.ownerDb.execute("create table orders(tenant_id bigint not null, id bigserial, customer_id bigint not null,"
                + " ref text not null, total int not null, primary key (tenant_id, id),"
                + " unique (tenant_id, ref))");
        Tenancy setup = Tenancy.of(s.app.dataSource(), TenantIdType.LONG);
        TenantPolicies policies = setup.policies(s.ownerDb);
        policies.apply(TenantTable.of(Identifier.of("customers")));
        policies.apply(TenantTable.of(Identifier.of("orders")));
        s.ownerDb.execute("create view order_totals with (security_invoker = true) as"
                + " select c.tenant_id, c.name, sum(o.total) as total from customers c"
                + " join orders o on o.tenant_id = c.tenant_id and o.customer_id = c.id group by 1, 2");
        s.grantApp();
        database.execute("insert into customers values (1, 1, 'ada'), (1, 2, 'bob'), (2, 1, 'cyd'), (2, 2, 'dee')",
                "insert into orders(tenant_id, customer_id, ref, total) values"
                        + " (1, 1, 'A-1', 10), (1, 1, 'A-2', 20), (1, 2, 'A-3', 30),"
                        + " (2, 1, 'B-1', 100), (2, 2, 'B-2', 200), (2, 2, 'B-3', 300)");
        return s;
    }

    /** Grants the application role DML (no TRUNCATE) and the admin role SELECT on every table. */
    void grantApp() {
        ownerDb.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + app.name());
        ownerDb.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO " + app.name());
        ownerDb.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + admin.name());
    }

    /** The tenancy for the application role on the given data source, with the admin role for cross-tenant work. */
    Tenancy tenancy(DataSource appDataSource) {
        return Tenancy.builder(appDataSource, TenantIdType.LONG).adminDataSource(admin.dataSource()).build();
    }

    /** A HikariCP pool of the application role. */
    HikariDataSource appPool(int size) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(app.dataSource());
        config.setMaximumPoolSize(size);
        config.setPoolName("tenancy-test-" + app.name());
        return new HikariDataSource(config);
    }

    static TenantContext tenant(long id) {
        return TenantContext.of(TenantId.of(id));
    }
}
