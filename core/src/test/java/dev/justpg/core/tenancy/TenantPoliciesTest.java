package dev.justpg.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.justpg.core.Database;
import dev.justpg.core.Identifier;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import dev.justpg.testkit.TestRole;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated policy DDL: dry run first, idempotent, fail-closed, and the tenant index is used. */
@PostgresTest
class TenantPoliciesTest {

    private static TestDatabase db;
    private static TestRole owner;
    private static TestRole app;
    private static Database ownerDb;

    @BeforeAll
    static void setUp(TestDatabase database) {
        db = database;
        owner = database.createRole("pol_owner");
        app = database.createRole("pol_app");
        database.execute("GRANT USAGE, CREATE ON SCHEMA public TO pol_owner", "GRANT USAGE ON SCHEMA public TO pol_app");
        ownerDb = Database.of(owner.dataSource());
    }

    @Test
    void planIsADryRunApplyMakesTheTableSafeAndASecondPlanIsEmpty() {
        ownerDb.execute("create table notes(id bigserial primary key, tenant_id uuid not null, body text)");
        Tenancy tenancy = Tenancy.of(app.dataSource(), TenantIdType.UUID);
        TenantPolicies policies = tenancy.policies(ownerDb);
        TenantTable notes = TenantTable.of(Identifier.of("notes"));

        PolicyPlan plan = policies.plan(notes);
        assertThat(plan.statements()).containsExactly(
                "ALTER TABLE \"notes\" ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE \"notes\" FORCE ROW LEVEL SECURITY",
                "DROP POLICY IF EXISTS \"tenant_isolation\" ON \"notes\"",
                "CREATE POLICY \"tenant_isolation\" ON \"notes\" AS PERMISSIVE FOR ALL TO PUBLIC\n"
                        + "  USING (\"tenant_id\" = (select nullif(current_setting('app.tenant_id', true), '')::uuid))\n"
                        + "  WITH CHECK (\"tenant_id\" = (select nullif(current_setting('app.tenant_id', true), '')::uuid))",
                plan.statements().get(4),
                "CREATE INDEX IF NOT EXISTS \"notes_tenant_id_idx\" ON \"notes\" (\"tenant_id\")");
        assertThat(plan.statements().get(4)).startsWith("COMMENT ON POLICY \"tenant_isolation\" ON \"notes\" IS"
                + " 'justpg tenancy ");
        assertThat(plan.sql()).endsWith(";");
        assertThat(rowSecurity("notes")).as("the dry run changed nothing").containsExactly(false, false);

        policies.apply(plan);
        assertThat(rowSecurity("notes")).containsExactly(true, true);
        assertThat(policies.plan(notes).isEmpty()).isTrue();
        assertThat(policies.apply(notes).isEmpty()).as("applying again does nothing").isTrue();

        ownerDb.execute("grant select, insert on notes to pol_app");
        ownerDb.execute("grant usage on sequence notes_id_seq to pol_app");
        UUID a = UUID.randomUUID();
        tenancy.useTenant(TenantContext.of(TenantId.of(a)), tx -> tx.update(
                "insert into notes(tenant_id, body) values (?, 'hello')", a));
        long seen = tenancy.inTenant(TenantContext.of(TenantId.of(a)), tx -> tx.queryOne("select count(*) from notes",
                r -> r.getLong(1)));
        long other = tenancy.inTenant(TenantContext.of(TenantId.of(UUID.randomUUID())), tx -> tx.queryOne(
                "select count(*) from notes", r -> r.getLong(1)));
        assertThat(seen).isEqualTo(1);
        assertThat(other).isZero();
    }

    @Test
    void aChangedGuardReplacesOnlyThatPolicyInOneTransaction() {
        ownerDb.execute("create table docs(tenant_id bigint not null, id bigint not null, deleted_at timestamptz,"
                + " primary key (tenant_id, id))");
        TenantPolicies policies = Tenancy.of(app.dataSource(), TenantIdType.LONG).policies(ownerDb);
        TenantTable first = TenantTable.builder(Identifier.of("docs"))
                .restrictiveGuard(RestrictiveGuard.of("not_deleted", "deleted_at is null")).build();
        assertThat(policies.apply(first).statements()).noneMatch(s -> s.startsWith("CREATE INDEX"))
                .as("the primary key is led by tenant_id").isNotEmpty();
        TenantTable changed = TenantTable.builder(Identifier.of("docs"))
                .restrictiveGuard(RestrictiveGuard.of("not_deleted", "deleted_at is null or deleted_at > now()")).build();
        List<String> replan = policies.plan(changed).statements();
        assertThat(replan).hasSize(3).allMatch(s -> s.contains("\"not_deleted\""));
        policies.apply(changed);
        assertThat(policies.plan(changed).isEmpty()).isTrue();
        List<String> kinds = ownerDb.inTransaction(tx -> tx.query("select polname || ':' || polpermissive from pg_policy"
                + " where polrelid = 'docs'::regclass order by 1", r -> r.getString(1)));
        assertThat(kinds).containsExactly("not_deleted:false", "tenant_isolation:true");
    }

    @Test
    void theGeneratedPolicyUsesTheTenantIndex() {
        ownerDb.execute("create table events(id bigint generated always as identity primary key,"
                + " tenant_id integer not null, payload text)");
        ownerDb.execute("insert into events(tenant_id, payload) select g % 500, 'x' from generate_series(1, 50000) g");
        TenantPolicies policies = Tenancy.of(app.dataSource(), TenantIdType.LONG).policies(ownerDb);
        assertThat(policies.predicate(TenantTable.of(Identifier.of("events"))))
                .isEqualTo("\"tenant_id\" = (select nullif(current_setting('app.tenant_id', true), '')::integer)");
        policies.apply(TenantTable.of(Identifier.of("events")));
        ownerDb.execute("analyze events");
        ownerDb.execute("grant select on events to pol_app");
        Tenancy tenancy = Tenancy.of(app.dataSource(), TenantIdType.LONG);
        List<String> plan = tenancy.inTenant(TenantContext.of(TenantId.of(7)), tx -> tx.query(
                "explain select count(*) from events", r -> r.getString(1)));
        assertThat(String.join("\n", plan)).contains("events_tenant_id_idx").contains("InitPlan");
    }

    @Test
    void badTablesColumnsAndTypesAreRefusedBeforeAnyChange() {
        ownerDb.execute("create table typed(tenant_id text not null, code varchar(10))");
        TenantPolicies longs = Tenancy.of(app.dataSource(), TenantIdType.LONG).policies(ownerDb);
        assertThatThrownBy(() -> longs.plan(TenantTable.of(Identifier.of("missing"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> longs.plan(TenantTable.builder(Identifier.of("typed")).tenantColumn("nope").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no column");
        assertThatThrownBy(() -> longs.plan(TenantTable.of(Identifier.of("typed"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type text");
        TenantPolicies texts = Tenancy.of(app.dataSource(), TenantIdType.TEXT).policies(ownerDb);
        assertThat(texts.predicate(TenantTable.builder(Identifier.of("typed")).tenantColumn("code").build()))
                .as("varchar columns compare with text, never a truncating varchar(n) cast").endsWith("::text)");
        assertThat(rowSecurity("typed")).containsExactly(false, false);
    }

    @Test
    void applyingAsARoleThatDoesNotOwnTheTableChangesNothing() {
        ownerDb.execute("create table owned(tenant_id bigint not null)");
        TenantPolicies asApp = Tenancy.of(app.dataSource(), TenantIdType.LONG).policies(Database.of(app.dataSource()));
        assertThatThrownBy(() -> asApp.apply(TenantTable.of(Identifier.of("owned"))))
                .isInstanceOf(TenancyException.class).hasMessageContaining("owns the table");
        assertThat(rowSecurity("owned")).containsExactly(false, false);
    }

    @Test
    void withoutATenantTheNaiveFormFailsWhereTheGeneratedFormMatchesNoRow() throws Exception {
        ownerDb.execute("create table naive(tenant_id int not null, v text)");
        ownerDb.execute("create table safe(tenant_id int not null, v text)");
        ownerDb.execute("alter table naive enable row level security");
        ownerDb.execute("create policy naive on naive using (tenant_id = current_setting('app.tenant_id')::int)");
        Tenancy.of(app.dataSource(), TenantIdType.LONG).policies(ownerDb).apply(TenantTable.of(Identifier.of("safe")));
        db.execute("insert into naive values (1, 'x')", "insert into safe values (1, 'x')",
                "grant select on naive, safe to pol_app");
        try (java.sql.Connection c = app.dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeQuery("select count(*) from naive"))
                    .hasMessageContaining("unrecognized configuration parameter");
            assertThat(count(st, "safe")).isZero();
            c.setAutoCommit(false);
            st.execute("select set_config('app.tenant_id', '1', true)");
            assertThat(count(st, "naive")).isEqualTo(1);
            c.commit();
            // The setting now exists on this session with the value '' (what a pooled connection looks like).
            assertThatThrownBy(() -> st.executeQuery("select count(*) from naive"))
                    .hasMessageContaining("invalid input syntax for type integer");
            c.rollback();
            assertThat(count(st, "safe")).isZero();
        }
    }

    private static long count(java.sql.Statement st, String table) throws java.sql.SQLException {
        try (java.sql.ResultSet rs = st.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Boolean> rowSecurity(String table) {
        return ownerDb.inTransaction(tx -> tx.queryOne("select relrowsecurity, relforcerowsecurity from pg_class"
                + " where oid = ?::regclass", r -> List.of(r.getBoolean(1), r.getBoolean(2)), table));
    }
}
