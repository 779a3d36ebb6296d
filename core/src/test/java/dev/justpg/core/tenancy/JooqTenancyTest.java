package dev.justpg.core.tenancy;

import static dev.justpg.core.tenancy.TenantSchema.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

import com.zaxxer.hikari.HikariDataSource;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.util.List;
import org.assertj.core.api.ThrowableAssert;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** jOOQ's {@code DSL.using(dataSource)} over {@link Tenancy#dataSource()}: each jOOQ transaction is bound to the scope's tenant. */
@SuppressWarnings("try") // scopes are opened for their effect on the thread
@PostgresTest
class JooqTenancyTest {

    private static final Field<String> REF = field("ref", String.class);
    private static final Field<Long> TENANT = field("tenant_id", Long.class);

    private static TenantSchema schema;
    private static HikariDataSource pool;
    private static Tenancy tenancy;
    private static DSLContext jooq;

    @BeforeAll
    static void setUp(TestDatabase database) {
        schema = TenantSchema.create(database, "jooq");
        pool = schema.appPool(2);
        tenancy = schema.tenancy(pool);
        jooq = DSL.using(tenancy.dataSource(), SQLDialect.POSTGRES);
    }

    @AfterAll
    static void tearDown() {
        pool.close();
    }

    @Test
    void jooqTransactionsSeeAndWriteOnlyTheScopesTenant() {
        for (long tenant : new long[] {1, 2, 1}) {
            try (TenantScope scope = tenancy.enter(tenant(tenant))) {
                List<String> refs = jooq.transactionResult(cfg -> DSL.using(cfg).select(REF).from(table("orders"))
                        .orderBy(REF).fetch(REF));
                assertThat(refs).hasSize(3).allMatch(r -> r.startsWith(tenant == 1 ? "A-" : "B-"));
            }
        }
        try (TenantScope scope = tenancy.enter(tenant(1))) {
            assertThatThrownBy(() -> jooq.transaction(cfg -> DSL.using(cfg).insertInto(table("orders"))
                    .columns(TENANT, field("customer_id", Long.class), REF, field("total", Integer.class))
                    .values(2L, 1L, "jooq-sneaky", 1).execute()))
                    .hasMessageContaining("row-level security");
        }
        long sneaky = tenancy.crossTenant(tx -> tx.queryOne("select count(*) from orders where ref = 'jooq-sneaky'",
                r -> r.getLong(1)));
        assertThat(sneaky).isZero();
    }

    @Test
    void jooqOutsideATransactionOrWithoutATenantIsRefused() {
        try (TenantScope scope = tenancy.enter(tenant(1))) {
            assertRefused(() -> jooq.fetchCount(table("orders")), TenancyException.class, "autocommit");
        }
        assertRefused(() -> jooq.transactionResult(cfg -> DSL.using(cfg).fetchCount(table("orders"))),
                NoTenantException.class, "no tenant in scope");
    }

    private static void assertRefused(ThrowableAssert.ThrowingCallable call, Class<? extends Throwable> type,
            String message) {
        assertThatThrownBy(call).satisfies(e -> {
            Throwable t = e;
            while (t != null && !type.isInstance(t)) {
                t = t.getCause();
            }
            assertThat(t).as("a %s in the cause chain of %s", type.getSimpleName(), e).isNotNull();
            assertThat(t.getMessage()).contains(message);
        });
    }
}
