package dev.justpg.core.tenancy;

import static dev.justpg.core.tenancy.TenantSchema.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.justpg.core.Database;
import dev.justpg.core.JustPgException;
import dev.justpg.core.Propagation;
import dev.justpg.core.TxOptions;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nested tenancy calls under transaction joining: the same tenant joins, another tenant (or a
 * transaction with no tenant) is refused before anything runs, on pools of one and four.
 */
@PostgresTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TenancyJoinTest {

    private static final String TENANTS = "select coalesce(string_agg(distinct tenant_id::text, ','), '') from orders";

    private static TenantSchema schema;

    @BeforeAll
    static void setUp(TestDatabase database) {
        schema = TenantSchema.create(database, "join");
    }

    @BeforeEach
    void removeAddedOrders() {
        schema.database.execute("delete from orders where ref like 'J-%'");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void aNestedCallForTheSameTenantJoins(int poolSize) {
        try (HikariDataSource pool = pool(poolSize)) {
            Tenancy tenancy = schema.tenancy(pool);
            List<Object> seen = tenancy.inTenant(tenant(1), outer -> {
                outer.update("insert into orders(tenant_id, customer_id, ref, total) values (1, 1, 'J-1', 1)");
                return tenancy.inTenant(tenant(1), inner -> List.of(inner.connection() == outer.connection(),
                        inner.queryOne(TENANTS, r -> r.getString(1))));
            });
            assertThat(seen).containsExactly(true, "1");
            assertThat(addedOrders()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void aNestedCallForAnotherTenantIsRefusedAndTheOuterGoesOn(int poolSize) {
        try (HikariDataSource pool = pool(poolSize)) {
            Tenancy tenancy = schema.tenancy(pool);
            AtomicInteger innerRuns = new AtomicInteger();
            String outerSees = tenancy.inTenant(tenant(1), outer -> {
                assertThatThrownBy(() -> tenancy.inTenant(tenant(2), inner -> innerRuns.incrementAndGet()))
                        .isInstanceOf(TenancyException.class)
                        .hasMessageContaining("tenant bigint:2")
                        .hasMessageContaining("never joins another tenant's transaction")
                        .hasMessageContaining("REQUIRES_NEW");
                // Nothing ran and the scope is tenant 1 again: the outer transaction still sees only its rows.
                assertThat(tenancy.current()).contains(tenant(1));
                outer.update("insert into orders(tenant_id, customer_id, ref, total) values (1, 1, 'J-1', 1)");
                return outer.queryOne(TENANTS, r -> r.getString(1));
            });
            assertThat(innerRuns).hasValue(0);
            assertThat(outerSees).isEqualTo("1");
            assertThat(addedOrders()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void anotherUserOfTheSameTenantIsRefusedToo(int poolSize) {
        try (HikariDataSource pool = pool(poolSize)) {
            Tenancy tenancy = schema.tenancy(pool);
            TenantContext alice = TenantContext.builder(TenantId.of(1L)).userId("alice").build();
            TenantContext bob = TenantContext.builder(TenantId.of(1L)).userId("bob").build();
            tenancy.useTenant(alice, outer -> assertThatThrownBy(() -> tenancy.inTenant(bob, inner -> 1))
                    .isInstanceOf(TenancyException.class).hasMessageContaining("another user"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void aTenantCallInsideATransactionWithNoTenantIsRefused(int poolSize) {
        try (HikariDataSource pool = pool(poolSize)) {
            Tenancy tenancy = Tenancy.builder(pool, TenantIdType.LONG).requireTenant(false).build();
            String outerSees = tenancy.database().inTransaction(outer -> {
                assertThatThrownBy(() -> tenancy.inTenant(tenant(1), inner -> 1))
                        .isInstanceOf(TenancyException.class).hasMessageContaining("no tenant");
                return outer.queryOne(TENANTS, r -> r.getString(1));
            });
            assertThat(outerSees).as("no tenant in scope: the policies show no rows").isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void requiresNewRunsAnotherTenantOnItsOwnConnectionOrFailsClearlyOnAPoolOfOne(int poolSize) {
        try (HikariDataSource pool = pool(poolSize)) {
            Tenancy tenancy = schema.tenancy(pool);
            TxOptions own = TxOptions.DEFAULT.withPropagation(Propagation.REQUIRES_NEW);
            IllegalStateException outerFails = new IllegalStateException("the outer transaction rolls back");
            assertThatThrownBy(() -> tenancy.useTenant(tenant(1), outer -> {
                outer.update("insert into orders(tenant_id, customer_id, ref, total) values (1, 1, 'J-1', 1)");
                if (poolSize == 1) {
                    assertThatThrownBy(() -> tenancy.inTenant(tenant(2), own, inner -> 1))
                            .isInstanceOf(JustPgException.class)
                            .hasMessageContaining("already holds a connection from this DataSource");
                } else {
                    String innerSees = tenancy.inTenant(tenant(2), own, inner -> {
                        assertThat(inner.connection()).isNotSameAs(outer.connection());
                        inner.update("insert into orders(tenant_id, customer_id, ref, total) values (2, 1, 'J-2', 1)");
                        return inner.queryOne(TENANTS, r -> r.getString(1));
                    });
                    assertThat(innerSees).isEqualTo("2");
                }
                String outerSees = outer.queryOne(TENANTS, r -> r.getString(1));
                assertThat(outerSees).isEqualTo("1");
                throw outerFails;
            })).isSameAs(outerFails);
            // The outer tenant-1 row was rolled back; tenant 2's own transaction committed on a pool of four.
            assertThat(addedOrders()).isEqualTo(poolSize == 1 ? 0 : 1);
        }
    }

    /** A pool of the application role that gives up waiting for a connection after one second. */
    private static HikariDataSource pool(int size) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(schema.app.dataSource());
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(1000);
        return new HikariDataSource(config);
    }

    /** Rows this test added, counted by the BYPASSRLS admin role: every tenant's. */
    private static long addedOrders() {
        return Database.builder(schema.admin.dataSource()).quiet().build().inTransaction(tx ->
                tx.queryOne("select count(*) from orders where ref like 'J-%'", r -> r.getLong(1)));
    }
}
