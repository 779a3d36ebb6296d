package dev.justpg.core.tenancy;

import static dev.justpg.core.tenancy.TenantSchema.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A pooled connection handed from tenant to tenant never shows a row of the wrong tenant, and
 * carries no tenant once the transaction is over: the binding is transaction-local.
 */
@SuppressWarnings("try") // scopes are opened for their effect on the thread
@PostgresTest
class PoolReuseTest {

    private static final String SETTING_AND_TENANTS = "select coalesce(current_setting('app.tenant_id', true), ''),"
            + " coalesce(string_agg(distinct tenant_id::text, ','), '') from orders";

    private static final String SETTING_TENANTS_AND_BACKEND = "select coalesce(current_setting('app.tenant_id',"
            + " true), ''), coalesce(string_agg(distinct tenant_id::text, ','), ''), pg_backend_pid()::text from orders";

    private static TenantSchema schema;

    @BeforeAll
    static void setUp(TestDatabase database) {
        schema = TenantSchema.create(database, "pool");
    }

    @Test
    void oneConnectionAlternatingTenantsTenThousandTimesNeverLeaks() throws Exception {
        try (HikariDataSource pool = schema.appPool(1)) {
            Tenancy tenancy = schema.tenancy(pool);
            String backend = null;
            for (int i = 0; i < 10_000; i++) {
                long tenant = i % 2 + 1;
                String[] seen = tenancy.inTenant(tenant(tenant), tx -> tx.queryOne(SETTING_TENANTS_AND_BACKEND, r -> new String[] {r.getString(1), r.getString(2), r.getString(3)}));
                assertThat(seen[0]).isEqualTo(Long.toString(tenant));
                assertThat(seen[1]).isEqualTo(Long.toString(tenant));
                if (backend == null) {
                    backend = seen[2];
                }
                assertThat(seen[2]).as("the pool has one connection").isEqualTo(backend);
                if (i % 500 == 0) {
                    assertNoTenantOnThePooledConnection(pool);
                }
            }
            assertNoTenantOnThePooledConnection(pool);
        }
    }

    @Test
    void eightThreadsWithRandomTenantsOnASmallPoolNeverLeak() throws Exception {
        try (HikariDataSource pool = schema.appPool(3)) {
            Tenancy tenancy = schema.tenancy(pool);
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    results.add(threads.submit(() -> {
                        int checked = 0;
                        for (int i = 0; i < 600; i++) {
                            long tenant = ThreadLocalRandom.current().nextLong(1, 3);
                            String[] seen = tenancy.inTenant(tenant(tenant), tx -> tx.queryOne(SETTING_AND_TENANTS,
                                    r -> new String[] {r.getString(1), r.getString(2)}));
                            assertThat(seen).containsExactly(Long.toString(tenant), Long.toString(tenant));
                            assertThat(tenancy.current()).isEmpty();
                            checked++;
                        }
                        return checked;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : results) {
                    total += f.get(5, TimeUnit.MINUTES);
                }
                assertThat(total).isEqualTo(8 * 600);
            } finally {
                threads.shutdownNow();
            }
            for (int i = 0; i < 3; i++) {
                assertNoTenantOnThePooledConnection(pool);
            }
        }
    }

    @Test
    void aConnectionUsedThroughTheWrapperAndReturnedCarriesNoTenant() throws Exception {
        try (HikariDataSource pool = schema.appPool(1)) {
            Tenancy tenancy = schema.tenancy(pool);
            try (TenantScope scope = tenancy.enter(tenant(2))) {
                try (Connection c = tenancy.dataSource().getConnection()) {
                    c.setAutoCommit(false);
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                            "select current_setting('app.tenant_id', true)")) {
                        rs.next();
                        assertThat(rs.getString(1)).isEqualTo("2");
                    }
                    // Returned to the pool without commit or rollback.
                }
            }
            assertNoTenantOnThePooledConnection(pool);
        }
    }

    /** Borrows the pool's connection directly (no wrapper) and checks the setting is empty and no row shows. */
    private static void assertNoTenantOnThePooledConnection(HikariDataSource pool) throws Exception {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(SETTING_AND_TENANTS)) {
            rs.next();
            assertThat(rs.getString(1)).as("tenant setting after the transaction").isEmpty();
            assertThat(rs.getString(2)).as("rows visible without a tenant").isEmpty();
        }
    }
}
