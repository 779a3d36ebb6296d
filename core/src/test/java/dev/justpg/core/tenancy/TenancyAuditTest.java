package dev.justpg.core.tenancy;

import dev.justpg.core.Severity;
import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.core.Database;
import dev.justpg.core.Identifier;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit: silent on the set-up the README recommends, and one test per misconfiguration it
 * must find. Where the fix SQL can run as is, the test runs it and audits again.
 */
@PostgresTest
class TenancyAuditTest {

    /** 54 bytes: legal, but {@code <name>_tenant_id_idx} would be 70. */
    private static final String LONG_NAME = "t" + "x".repeat(53);

    private static TenantSchema schema;
    private static Tenancy tenancy;
    private static Database superuser;

    @BeforeAll
    static void setUp(TestDatabase database) {
        schema = TenantSchema.create(database, "audit");
        tenancy = schema.tenancy(schema.app.dataSource());
        superuser = Database.of(database.dataSource());
    }

    @AfterEach
    void removePlantedObjects() {
        schema.database.execute("drop table if exists planted cascade", "drop table if exists " + LONG_NAME + " cascade",
                "drop view if exists planted_view",
                "drop materialized view if exists planted_mv", "drop function if exists planted_fn()",
                "drop index if exists orders_ref_key_planted", "drop policy if exists open_all on orders",
                "revoke truncate on orders from " + schema.app.name());
    }

    private static AuditReport audit() {
        return audit(schema.app.name());
    }

    private static AuditReport audit(String role) {
        return tenancy.audit(superuser, role);
    }

    @Test
    void aCorrectSetUpHasNoFindings() {
        AuditReport report = audit();
        assertThat(report.findings()).isEmpty();
        assertThat(report.isClean()).isTrue();
    }

    @Test
    void findsASuperuserApplicationRole() {
        assertFinding(audit(schema.database.connectionInfo().user()), FindingKind.APP_ROLE_SUPERUSER, Severity.CRITICAL,
                "\"" + schema.database.connectionInfo().user() + "\"");
    }

    @Test
    void findsABypassRlsApplicationRole() {
        assertFinding(audit(schema.admin.name()), FindingKind.APP_ROLE_BYPASSRLS, Severity.CRITICAL,
                "\"" + schema.admin.name() + "\"");
    }

    @Test
    void findsAnApplicationRoleThatOwnsTenantTablesDirectlyOrThroughMembership() {
        AuditReport report = audit(schema.owner.name());
        assertFinding(report, FindingKind.APP_ROLE_OWNS_TABLE, Severity.HIGH, "\"public\".\"orders\"");
        assertThat(report.findings(FindingKind.APP_ROLE_OWNS_TABLE)).hasSize(2);
        schema.database.execute("GRANT " + schema.owner.name() + " TO " + schema.app.name());
        try {
            assertFinding(audit(), FindingKind.APP_ROLE_OWNS_TABLE, Severity.HIGH, "\"public\".\"customers\"");
        } finally {
            schema.database.execute("REVOKE " + schema.owner.name() + " FROM " + schema.app.name());
        }
        assertThat(audit().isClean()).isTrue();
    }

    @Test
    void findsTruncateGrantedToTheApplication() throws Exception {
        asOwner("grant truncate on orders to " + schema.app.name());
        AuditFinding f = assertFinding(audit(), FindingKind.APP_ROLE_CAN_TRUNCATE, Severity.HIGH, "\"public\".\"orders\"");
        assertFixedBy(f);
    }

    @Test
    void findsATenantTableWithoutRowLevelSecurity() {
        asOwner("create table planted(tenant_id bigint not null, v text)",
                "create index on planted(tenant_id)");
        AuditReport report = audit();
        AuditFinding f = assertFinding(report, FindingKind.TABLE_WITHOUT_RLS, Severity.CRITICAL, "\"public\".\"planted\"");
        assertThat(f.fixSql()).contains("ENABLE ROW LEVEL SECURITY").contains("FORCE ROW LEVEL SECURITY");
        assertThat(report.findings(FindingKind.TABLE_WITHOUT_FORCE)).as("reported once, with RLS").isEmpty();
    }

    @Test
    void findsRowLevelSecurityThatIsNotForced() throws Exception {
        asOwner("create table planted(tenant_id bigint not null, v text)");
        tenancy.policies(schema.ownerDb).apply(TenantTable.of(Identifier.of("planted")));
        asOwner("alter table planted no force row level security");
        assertFixedBy(assertFinding(audit(), FindingKind.TABLE_WITHOUT_FORCE, Severity.HIGH, "\"public\".\"planted\""));
    }

    @Test
    void findsATenantTableWithoutAPolicy() throws Exception {
        asOwner("create table planted(tenant_id bigint not null, v text)",
                "alter table planted enable row level security", "alter table planted force row level security",
                "create index on planted(tenant_id)");
        assertFixedBy(assertFinding(audit(), FindingKind.TABLE_WITHOUT_POLICY, Severity.HIGH, "\"public\".\"planted\""));
    }

    @Test
    void findsAPermissivePolicyThatIgnoresTheTenant() {
        asOwner("create policy open_all on orders for select using (true)");
        assertFinding(audit(), FindingKind.POLICY_NOT_TENANT_SCOPED, Severity.CRITICAL,
                "\"open_all\" ON \"public\".\"orders\"");
    }

    @Test
    void findsAPolicyThatDoesNotFailClosed() throws Exception {
        plantPolicy("tenant_id = current_setting('app.tenant_id')::bigint");
        AuditReport report = audit();
        assertFixedBy(assertFinding(report, FindingKind.POLICY_NOT_FAIL_CLOSED, Severity.HIGH,
                "\"tenant_isolation\" ON \"public\".\"planted\""));
    }

    @Test
    void findsAPolicyWhoseSettingIsNotWrappedInASelect() throws Exception {
        plantPolicy("tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint");
        AuditReport report = audit();
        assertThat(report.findings(FindingKind.POLICY_NOT_FAIL_CLOSED)).as("it does fail closed").isEmpty();
        assertFixedBy(assertFinding(report, FindingKind.POLICY_NOT_WRAPPED, Severity.MEDIUM,
                "\"tenant_isolation\" ON \"public\".\"planted\""));
    }

    @Test
    void findsAUniqueIndexWithoutTheTenantColumn() throws Exception {
        asOwner("create unique index orders_ref_key_planted on orders(ref)");
        AuditFinding f = assertFinding(audit(), FindingKind.UNIQUE_WITHOUT_TENANT, Severity.MEDIUM,
                "\"orders_ref_key_planted\" ON \"public\".\"orders\"");
        assertThat(f.fixSql()).contains("(\"tenant_id\", \"ref\")");
        assertFixedBy(f);
    }

    @Test
    void findsAViewWithoutSecurityInvoker() throws Exception {
        asOwner("create view planted_view as select ref from orders",
                "grant select on planted_view to " + schema.app.name());
        assertFixedBy(assertFinding(audit(), FindingKind.VIEW_WITHOUT_SECURITY_INVOKER, Severity.HIGH,
                "\"public\".\"planted_view\""));
    }

    @Test
    void findsAMaterializedViewTheApplicationCanRead() throws Exception {
        asOwner("create materialized view planted_mv as select ref from orders",
                "grant select on planted_mv to " + schema.app.name());
        assertFixedBy(assertFinding(audit(), FindingKind.MATERIALIZED_VIEW_OVER_TENANT_TABLE, Severity.HIGH,
                "\"public\".\"planted_mv\""));
    }

    @Test
    void findsASecurityDefinerFunctionWithoutSearchPath() throws Exception {
        asOwner("create function planted_fn() returns bigint language sql security definer"
                + " as 'select count(*) from orders'");
        assertFixedBy(assertFinding(audit(), FindingKind.SECURITY_DEFINER_WITHOUT_SEARCH_PATH, Severity.HIGH,
                "planted_fn()"));
    }

    @Test
    void findsATenantTableWithoutATenantIndex() throws Exception {
        asOwner("create table planted(id bigint primary key, tenant_id bigint not null)");
        tenancy.policies(schema.ownerDb).apply(TenantTable.builder(Identifier.of("planted")).createIndex(false).build());
        AuditReport report = audit();
        assertThat(report.findings()).extracting(AuditFinding::kind)
                .containsExactlyInAnyOrder(FindingKind.TABLE_WITHOUT_TENANT_INDEX, FindingKind.UNIQUE_WITHOUT_TENANT);
        assertFixedBy(assertFinding(report, FindingKind.TABLE_WITHOUT_TENANT_INDEX, Severity.MEDIUM,
                "\"public\".\"planted\""));
    }

    @Test
    void findsANoInheritMembershipInTheTableOwner() {
        schema.database.execute("alter role " + schema.app.name() + " noinherit",
                "grant " + schema.owner.name() + " to " + schema.app.name());
        try {
            assertFinding(audit(), FindingKind.APP_ROLE_OWNS_TABLE, Severity.HIGH, "\"public\".\"orders\"");
        } finally {
            schema.database.execute("revoke " + schema.owner.name() + " from " + schema.app.name(),
                    "alter role " + schema.app.name() + " inherit");
        }
        assertThat(audit().isClean()).isTrue();
    }

    @Test
    void findsMembershipInABypassRlsRole() {
        schema.database.execute("grant " + schema.admin.name() + " to " + schema.app.name());
        try {
            AuditFinding f = assertFinding(audit(), FindingKind.APP_ROLE_MEMBER_OF_BYPASS_ROLE, Severity.CRITICAL,
                    "\"" + schema.app.name() + "\"");
            assertThat(f.message()).contains("SET ROLE");
        } finally {
            schema.database.execute("revoke " + schema.admin.name() + " from " + schema.app.name());
        }
        assertThat(audit().isClean()).isTrue();
    }

    @Test
    void findsAUniqueIndexWithTheTenantColumnOnlyInInclude() {
        asOwner("create unique index orders_ref_key_planted on orders(ref) include (tenant_id)");
        assertFinding(audit(), FindingKind.UNIQUE_WITHOUT_TENANT, Severity.MEDIUM,
                "\"orders_ref_key_planted\" ON \"public\".\"orders\"");
    }

    @Test
    void findsAnExclusionConstraintWithoutTheTenantColumn() {
        plantPolicy("tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::bigint)");
        asOwner("alter table planted add column during int4range",
                "alter table planted add constraint planted_no_overlap exclude using gist (during with &&)");
        AuditFinding f = assertFinding(audit(), FindingKind.EXCLUSION_WITHOUT_TENANT, Severity.MEDIUM,
                "\"planted_no_overlap\" ON \"public\".\"planted\"");
        assertThat(f.fixSql()).contains("(\"tenant_id\" WITH =, during WITH &&)");
    }

    @Test
    void findsAForeignKeyThatDoesNotIncludeTheTenantColumn() {
        plantPolicy("tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::bigint)");
        asOwner("alter table planted add column id bigint, add column parent_id bigint",
                "alter table planted add constraint planted_id unique (id)",
                "alter table planted add constraint planted_parent foreign key (parent_id) references planted (id)");
        assertFinding(audit(), FindingKind.FOREIGN_KEY_WITHOUT_TENANT, Severity.HIGH,
                "\"planted_parent\" ON \"public\".\"planted\"");
        asOwner("alter table planted drop constraint planted_parent, drop constraint planted_id",
                "alter table planted add constraint planted_id unique (tenant_id, id)",
                "alter table planted add constraint planted_parent foreign key (tenant_id, parent_id)"
                        + " references planted (tenant_id, id)");
        assertThat(audit().isClean()).as(audit().toString()).isTrue();
    }

    @Test
    void findsAFailOpenPolicy() {
        plantPolicy("tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::bigint)"
                + " or current_setting('app.tenant_id', true) is null");
        assertFinding(audit(), FindingKind.POLICY_FAILS_OPEN, Severity.CRITICAL,
                "\"tenant_isolation\" ON \"public\".\"planted\"");
        schema.database.execute("drop table planted");
        plantPolicy("tenant_id = coalesce((select nullif(current_setting('app.tenant_id', true), '')::bigint),"
                + " tenant_id)");
        assertFinding(audit(), FindingKind.POLICY_FAILS_OPEN, Severity.CRITICAL,
                "\"tenant_isolation\" ON \"public\".\"planted\"");
    }

    @Test
    void findsARoleDefaultOfTheTenantSetting() throws Exception {
        String db = schema.database.name();
        schema.database.execute("alter role " + schema.app.name() + " in database " + db + " set app.tenant_id = '2'");
        try {
            AuditFinding f = assertFinding(audit(), FindingKind.TENANT_SETTING_DEFAULT, Severity.CRITICAL,
                    "ROLE \"" + schema.app.name() + "\" IN DATABASE \"" + db + "\" app.tenant_id");
            superuser.execute(f.fixSql());
        } finally {
            schema.database.execute("alter role " + schema.app.name() + " in database " + db + " reset app.tenant_id");
        }
        assertThat(audit().isClean()).isTrue();
    }

    @Test
    void findsASecurityDefinerFunctionOwnedByARoleThatBypassesRls() {
        // Pinned search_path, so the older check is silent; but it runs as the superuser.
        schema.database.execute("create function planted_fn() returns bigint language sql security definer"
                + " set search_path = pg_catalog, public as 'select count(*) from orders'");
        AuditFinding f = assertFinding(audit(), FindingKind.SECURITY_DEFINER_BYPASSES_RLS, Severity.CRITICAL,
                "planted_fn()");
        assertThat(audit().findings(FindingKind.SECURITY_DEFINER_WITHOUT_SEARCH_PATH)).isEmpty();
        schema.database.execute(f.fixSql().substring(f.fixSql().indexOf("REVOKE")));
        assertThat(audit().isClean()).isTrue();
    }

    @Test
    void aTableNameOf54BytesGetsALegalIndexNameAndTheAuditRuns() throws Exception {
        asOwner("create table " + LONG_NAME + "(tenant_id bigint not null, v text)");
        tenancy.policies(schema.ownerDb).apply(TenantTable.builder(Identifier.of(LONG_NAME)).createIndex(false).build());
        schema.grantApp();
        AuditFinding f = assertFinding(audit(), FindingKind.TABLE_WITHOUT_TENANT_INDEX, Severity.MEDIUM,
                "\"public\".\"" + LONG_NAME + "\"");
        assertFixedBy(f);
        assertThat(audit().isClean()).isTrue();
        schema.database.execute("drop table " + LONG_NAME);
        asOwner("create table " + LONG_NAME + "(tenant_id bigint not null, v text)");
        tenancy.policies(schema.ownerDb).apply(TenantTable.of(Identifier.of(LONG_NAME)));
        schema.grantApp();
        assertThat(audit().isClean()).isTrue();
    }

    @Test
    void generatedIndexNamesStayWithin63BytesAndApart() {
        java.util.Random random = new java.util.Random(42);
        java.util.Map<String, String> tableOfIndex = new java.util.HashMap<>();
        String alphabet = "abcxyz_0123456789\u00e9\u00df\u4e2d\uD83D\uDE00";
        for (int i = 0; i < 2000; i++) {
            StringBuilder table = new StringBuilder();
            int len = 1 + random.nextInt(63);
            while (table.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < len) {
                int at = random.nextInt(alphabet.length() - 1);
                if (Character.isHighSurrogate(alphabet.charAt(at))) {
                    table.append(alphabet, at, at + 2);
                } else if (!Character.isLowSurrogate(alphabet.charAt(at))) {
                    table.append(alphabet.charAt(at));
                }
            }
            String name = table.toString();
            if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 63) {
                continue;
            }
            Identifier index = dev.justpg.core.tenancy.internal.PolicyDdl.indexName(name, "tenant_id");
            assertThat(index.name().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
            assertThat(index.name()).endsWith("_idx");
            String earlier = tableOfIndex.putIfAbsent(index.name(), name);
            assertThat(earlier).as("distinct tables, distinct index names: %s", name).isIn(null, name);
        }
    }

    private static void asOwner(String... statements) {
        for (String sql : statements) {
            schema.ownerDb.execute(sql);
        }
    }

    private static void plantPolicy(String expression) {
        asOwner("create table planted(tenant_id bigint not null, v text)",
                "create index on planted(tenant_id)", "alter table planted enable row level security",
                "alter table planted force row level security",
                "create policy tenant_isolation on planted using (" + expression + ")");
    }

    private static AuditFinding assertFinding(AuditReport report, FindingKind kind, Severity severity, String object) {
        List<AuditFinding> found = report.findings(kind);
        assertThat(found).as(report.toString()).extracting(AuditFinding::object).contains(object);
        AuditFinding f = found.stream().filter(x -> x.object().equals(object)).findFirst().orElseThrow();
        assertThat(f.severity()).isEqualTo(severity);
        assertThat(f.message()).isNotBlank();
        assertThat(f.fixSql()).isNotBlank();
        return f;
    }

    /** Runs the finding's fix as the owner and checks the next audit no longer reports it. */
    private static void assertFixedBy(AuditFinding finding) throws java.sql.SQLException {
        schema.ownerDb.withConnection(c -> {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute(finding.fixSql());
            }
            return null;
        });
        assertThat(audit().findings(finding.kind())).as("after running: " + finding.fixSql())
                .extracting(AuditFinding::object).doesNotContain(finding.object());
    }
}
