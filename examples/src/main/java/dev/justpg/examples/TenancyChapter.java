package dev.justpg.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.justpg.core.Database;
import dev.justpg.core.Identifier;
import dev.justpg.core.JustPgException;
import dev.justpg.core.tenancy.AuditFinding;
import dev.justpg.core.tenancy.AuditReport;
import dev.justpg.core.tenancy.NoTenantException;
import dev.justpg.core.tenancy.PolicyPlan;
import dev.justpg.core.tenancy.Tenancy;
import dev.justpg.core.tenancy.TenantContext;
import dev.justpg.core.tenancy.TenantId;
import dev.justpg.core.tenancy.TenantIdType;
import dev.justpg.core.tenancy.TenantPolicies;
import dev.justpg.core.tenancy.TenantTable;
import dev.justpg.testkit.ConnectionInfo;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGConnection;

/** Tenancy: row-level security policies, two tenants on one pooled connection, no leak, the audit. */
public final class TenancyChapter implements Chapter {

    private static final String APP_ROLE = "tour_tenancy_app";
    private static final String ADMIN_ROLE = "tour_tenancy_admin";

    @Override
    public String title() {
        return "Tenancy: row-level security that is hard to get wrong";
    }

    @Override
    public void run(TourContext ctx) throws Exception {
        Database owner = ctx.db();   // the migration role: owns the tables (here the superuser of the tour)
        String appPassword = createRole(owner, APP_ROLE, "");
        String adminPassword = createRole(owner, ADMIN_ROLE, " BYPASSRLS");
        owner.execute("create table invoices(tenant_id uuid not null, id bigint generated always as identity,"
                + " amount int not null, primary key (tenant_id, id))");
        ctx.say("The application connects as '%s': not a superuser, no BYPASSRLS, owns no table.", APP_ROLE);

        ConnectionInfo appInfo = ctx.connectionInfo().withUser(APP_ROLE, appPassword);
        HikariConfig config = new HikariConfig();
        config.setDataSource(appInfo.dataSource());
        config.setMaximumPoolSize(1);   // one connection, so every tenant shares it
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Tenancy tenancy = Tenancy.builder(pool, TenantIdType.UUID)
                    .adminDataSource(ctx.connectionInfo().withUser(ADMIN_ROLE, adminPassword).dataSource())
                    .build();

            TenantPolicies policies = tenancy.policies(owner);
            PolicyPlan plan = policies.plan(TenantTable.of(Identifier.of("invoices")));
            ctx.say("Dry run, the DDL justpg would apply:");
            plan.sql().lines().forEach(line -> ctx.say("    %s", line));
            policies.apply(plan);
            ctx.say("Applied in one transaction; planning again: %s.",
                    policies.plan(TenantTable.of(Identifier.of("invoices"))).isEmpty() ? "nothing to do" : "MORE DDL?");
            owner.execute("grant select, insert, update, delete on invoices to " + APP_ROLE);
            owner.execute("grant select on invoices to " + ADMIN_ROLE);

            TenantContext acme = TenantContext.of(TenantId.of(UUID.randomUUID()));
            TenantContext globex = TenantContext.of(TenantId.of(UUID.randomUUID()));
            for (int amount : new int[] {100, 250}) {
                tenancy.useTenant(acme, tx -> tx.update("insert into invoices(tenant_id, amount) values (?, ?)",
                        UUID.fromString(acme.tenantId().text()), amount));
            }
            tenancy.useTenant(globex, tx -> tx.update("insert into invoices(tenant_id, amount) values (?, 999)",
                    UUID.fromString(globex.tenantId().text())));
            List<Integer> acmeSees = tenancy.inTenant(acme, tx -> tx.query(
                    "select amount from invoices order by amount", r -> r.getInt(1)));
            List<Integer> globexSees = tenancy.inTenant(globex, tx -> tx.query(
                    "select amount from invoices order by amount", r -> r.getInt(1)));
            ctx.say("Same query, same pooled connection, no WHERE tenant_id: acme sees %s, globex sees %s.",
                    acmeSees, globexSees);

            String refused;
            try {
                tenancy.useTenant(acme, tx -> tx.update("insert into invoices(tenant_id, amount) values (?, 1)",
                        UUID.fromString(globex.tenantId().text())));
                refused = "it was NOT refused";
            } catch (JustPgException e) {
                refused = "PostgreSQL refused it (SQLSTATE " + e.sqlState().orElse("?") + ", WITH CHECK)";
            }
            ctx.say("Acme tried to write an invoice for globex: %s.", refused);

            String[] after = leftOnTheConnection(pool);
            ctx.say("The pooled connection afterwards: app.tenant_id = '%s', invoices visible = %s.", after[0], after[1]);

            String missing;
            try {
                tenancy.database().inTransaction(tx -> tx.queryOne("select count(*) from invoices", r -> r.getLong(1)));
                missing = "it ran (unexpected!)";
            } catch (NoTenantException e) {
                missing = "refused before any SQL was sent";
            }
            ctx.say("A transaction with no tenant in scope: %s.", missing);

            long total = tenancy.crossTenant(tx -> tx.queryOne("select count(*) from invoices", r -> r.getLong(1)));
            ctx.say("Cross-tenant report through the BYPASSRLS role '%s': %d invoices in all.", ADMIN_ROLE, total);

            AuditReport clean = tenancy.audit(owner, APP_ROLE);
            owner.execute("create table notes(tenant_id uuid not null, body text)");
            owner.execute("grant select, insert on notes to " + APP_ROLE);
            AuditReport mistakes = tenancy.audit(owner, APP_ROLE);
            ctx.say("Audit of the set-up: %s. After adding a table 'notes' without policies: %d finding(s):",
                    clean.isClean() ? "no findings" : clean.findings().size() + " finding(s)", mistakes.findings().size());
            for (AuditFinding f : mistakes.findings()) {
                ctx.say("    [%s] %s %s", f.severity(), f.kind(), f.object());
            }

            if (!acmeSees.equals(List.of(100, 250)) || !globexSees.equals(List.of(999)) || !refused.startsWith("Postgre")
                    || !after[0].isEmpty() || !after[1].equals("0") || !missing.startsWith("refused") || total != 3
                    || !clean.isClean() || mistakes.isClean()) {
                throw new IllegalStateException("tenant isolation did not behave as documented");
            }
        }
    }

    /** The setting and the visible rows on the pool's connection, borrowed directly (no tenancy wrapper). */
    private static String[] leftOnTheConnection(HikariDataSource pool) throws Exception {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select coalesce(current_setting('app.tenant_id', true), ''),"
                     + " (select count(*) from invoices)")) {
            rs.next();
            return new String[] {rs.getString(1), Long.toString(rs.getLong(2))};
        }
    }

    /** Creates a login role; the password is hashed on the client and never appears in SQL text. */
    private static String createRole(Database owner, String role, String attributes) throws java.sql.SQLException {
        String password = UUID.randomUUID().toString(); // 122 random bits (SecureRandom)
        owner.execute("create role " + Identifier.quote(role) + " login" + attributes);
        owner.withConnection(c -> {
            c.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), "scram-sha-256");
            return null;
        });
        return password;
    }
}
