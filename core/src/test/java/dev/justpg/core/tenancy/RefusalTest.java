package dev.justpg.core.tenancy;

import static dev.justpg.core.tenancy.TenantSchema.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.justpg.core.Database;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.RoleAttribute;
import dev.justpg.testkit.TestDatabase;
import dev.justpg.testkit.TestRole;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What justpg refuses, before any SQL runs, and what PostgreSQL does when someone goes around
 * justpg: the policies fail closed (zero rows, no cast error).
 */
@SuppressWarnings("try") // scopes are opened for their effect on the thread
@PostgresTest
class RefusalTest {

    private static final String COUNT_ORDERS = "select count(*) from orders";
    private static final String NEXTVAL = "select nextval('orders_id_seq')";

    private static TenantSchema schema;
    private static Tenancy tenancy;

    @BeforeAll
    static void setUp(TestDatabase database) {
        schema = TenantSchema.create(database, "refuse");
        tenancy = schema.tenancy(schema.app.dataSource());
    }

    @Test
    void noTenantInScopeIsRefusedBeforeTheStatementIsSent() throws Exception {
        long before = sequenceValue();
        try (Connection c = tenancy.dataSource().getConnection()) {
            c.setAutoCommit(false);
            // nextval is not subject to row-level security: had the statement been sent, the sequence would move.
            assertThatThrownBy(() -> {
                try (Statement st = c.createStatement()) {
                    st.executeQuery(NEXTVAL);
                }
            }).isInstanceOf(NoTenantException.class).hasMessageContaining("no tenant in scope");
            assertThatThrownBy(() -> c.prepareStatement(NEXTVAL).executeQuery())
                    .isInstanceOf(NoTenantException.class);
            // Nothing was sent: the transaction is not aborted and still usable.
            try (TenantScope scope = tenancy.enter(tenant(1))) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(COUNT_ORDERS)) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(3);
                }
            }
            c.rollback();
        }
        assertThat(sequenceValue()).as("the refused statements never reached the server").isEqualTo(before);
    }

    private static long sequenceValue() {
        return Database.of(schema.database.dataSource()).inTransaction(tx -> tx.queryOne(
                "select last_value from orders_id_seq", r -> r.getLong(1)));
    }

    @Test
    void autocommitWithATenantInScopeIsRefused() throws Exception {
        try (TenantScope scope = tenancy.enter(tenant(1)); Connection c = tenancy.dataSource().getConnection()) {
            assertThat(c.getAutoCommit()).isTrue();
            assertThatThrownBy(() -> {
                try (PreparedStatement ps = c.prepareStatement(COUNT_ORDERS)) {
                    ps.executeQuery();
                }
            }).isInstanceOf(TenancyException.class).hasMessageContaining("autocommit");
        }
    }

    @Test
    void aTenantIdOfTheWrongTypeIsRefused() {
        assertThatThrownBy(() -> tenancy.inTenant(TenantContext.of(TenantId.of(UUID.randomUUID())),
                tx -> tx.queryOne(COUNT_ORDERS, r -> r.getLong(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("UUID").hasMessageContaining("LONG");
        assertThat(tenancy.current()).isEmpty();
    }

    @Test
    void rawQueriesWithoutATenantSeeZeroRowsAndNeverACastError() throws Exception {
        try (Connection c = schema.app.dataSource().getConnection(); Statement st = c.createStatement()) {
            // Never set on this session: current_setting(..., true) is NULL.
            assertThat(count(st)).isZero();
            // Set and gone again (what a pooled connection looks like): the setting is '' now.
            c.setAutoCommit(false);
            st.execute("select set_config('app.tenant_id', '1', true)");
            assertThat(count(st)).isEqualTo(3);
            c.commit();
            try (ResultSet rs = st.executeQuery("select current_setting('app.tenant_id', true)")) {
                rs.next();
                assertThat(rs.getString(1)).isEmpty();
            }
            assertThat(count(st)).isZero();
            c.rollback();
            c.setAutoCommit(true);
            // An explicitly empty tenant is no tenant either.
            st.execute("select set_config('app.tenant_id', '', false)");
            assertThat(count(st)).isZero();
        }
    }

    @Test
    void workThatThrowsLeavesNoScopeBehind() {
        assertThatThrownBy(() -> tenancy.inTenant(tenant(1), tx -> {
            assertThat(tenancy.current()).contains(tenant(1));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(tenancy.current()).isEmpty();
        assertThatThrownBy(() -> tenancy.database().inTransaction(tx -> tx.queryOne(COUNT_ORDERS, r -> r.getLong(1))))
                .isInstanceOf(NoTenantException.class);
    }

    @Test
    void withoutRequireTenantWorkRunsButSeesNoTenantRows() {
        Tenancy lenient = Tenancy.builder(schema.app.dataSource(), TenantIdType.LONG).requireTenant(false).build();
        long seen = lenient.database().inTransaction(tx -> tx.queryOne(COUNT_ORDERS, r -> r.getLong(1)));
        assertThat(seen).isZero();
        // A scope that ends inside a transaction clears the settings for the statements after it.
        List<Long> counts = lenient.database().inTransaction(tx -> {
            long inScope;
            try (TenantScope scope = lenient.enter(tenant(2))) {
                inScope = tx.queryOne(COUNT_ORDERS, r -> r.getLong(1));
            }
            return List.of(inScope, tx.queryOne(COUNT_ORDERS, r -> r.getLong(1)));
        });
        assertThat(counts).containsExactly(3L, 0L);
    }

    @Test
    void aSuperuserOrBypassRlsApplicationRoleIsRefused(TestDatabase database) {
        TestRole bypass = database.createRole("refuse_bypass", RoleAttribute.BYPASSRLS);
        Tenancy wrong = Tenancy.of(bypass.dataSource(), TenantIdType.LONG);
        assertThatThrownBy(() -> wrong.inTenant(tenant(1), tx -> tx.queryOne("select 1", r -> r.getInt(1))))
                .isInstanceOf(TenancyException.class).hasMessageContaining("BYPASSRLS");
        Tenancy superuser = Tenancy.of(database.dataSource(), TenantIdType.LONG);
        assertThatThrownBy(() -> superuser.inTenant(tenant(1), tx -> tx.queryOne("select 1", r -> r.getInt(1))))
                .isInstanceOf(TenancyException.class).hasMessageContaining("superuser");
    }

    @Test
    void crossTenantWorkNeedsABypassRlsRole() {
        Tenancy noAdmin = Tenancy.of(schema.app.dataSource(), TenantIdType.LONG);
        assertThatThrownBy(() -> noAdmin.crossTenant(tx -> 1)).isInstanceOf(TenancyException.class)
                .hasMessageContaining("adminDataSource");
        Tenancy plainAdmin = Tenancy.builder(schema.app.dataSource(), TenantIdType.LONG)
                .adminDataSource(schema.owner.dataSource()).build();
        assertThatThrownBy(() -> plainAdmin.crossTenant(tx -> 1)).isInstanceOf(TenancyException.class)
                .hasMessageContaining("does not have BYPASSRLS");
        long ownerSees = Database.of(schema.owner.dataSource()).inTransaction(tx -> tx.queryOne(COUNT_ORDERS,
                r -> r.getLong(1)));
        assertThat(ownerSees).as("the owner is subject to the forced policies").isZero();
    }

    private static long count(Statement st) throws Exception {
        try (ResultSet rs = st.executeQuery(COUNT_ORDERS)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
