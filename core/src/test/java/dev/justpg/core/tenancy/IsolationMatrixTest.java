package dev.justpg.core.tenancy;

import static dev.justpg.core.tenancy.TenantSchema.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.justpg.core.JustPgException;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * The isolation matrix: every kind of access, as the application role, for two tenants. Each
 * test checks the other tenant's rows are never visible and never writable.
 */
@PostgresTest
class IsolationMatrixTest {

    private static TenantSchema schema;
    private static Tenancy tenancy;

    @BeforeAll
    static void setUp(TestDatabase database) {
        schema = TenantSchema.create(database, "iso");
        tenancy = schema.tenancy(schema.app.dataSource());
    }

    @BeforeEach
    void resetOrders() {
        schema.database.execute("delete from orders where ref not in ('A-1', 'A-2', 'A-3', 'B-1', 'B-2', 'B-3')",
                "update orders set total = case ref when 'A-1' then 10 when 'A-2' then 20 when 'A-3' then 30"
                        + " when 'B-1' then 100 when 'B-2' then 200 else 300 end");
    }

    @Test
    void selectSeesOnlyTheTenantsRows() {
        assertThat(refs(1)).containsExactly("A-1", "A-2", "A-3");
        assertThat(refs(2)).containsExactly("B-1", "B-2", "B-3");
        // Even a WHERE clause naming the other tenant finds nothing.
        List<String> other = tenancy.inTenant(tenant(1), tx -> tx.query("select ref from orders where tenant_id = 2",
                r -> r.getString(1)));
        assertThat(other).isEmpty();
    }

    @Test
    void insertForTheOwnTenantWorksAndForAnotherIsRejectedByWithCheck() {
        tenancy.useTenant(tenant(1), tx -> tx.update(
                "insert into orders(tenant_id, customer_id, ref, total) values (1, 1, 'A-new', 5)"));
        assertThat(refs(1)).contains("A-new");
        assertThatThrownBy(() -> tenancy.useTenant(tenant(1), tx -> tx.update(
                "insert into orders(tenant_id, customer_id, ref, total) values (2, 1, 'B-sneaky', 5)")))
                .isInstanceOf(JustPgException.class)
                .hasMessageContaining("row-level security")
                .satisfies(e -> assertThat(((JustPgException) e).sqlState()).hasValue("42501"));
        assertThat(refs(2)).doesNotContain("B-sneaky");
    }

    @Test
    void updateTouchesOnlyTheTenantsRowsAndCannotMoveARowToAnotherTenant() {
        int updated = tenancy.inTenant(tenant(1), tx -> tx.update("update orders set total = total + 1"));
        assertThat(updated).isEqualTo(3);
        assertThat(totals(2)).containsExactly(100, 200, 300);
        assertThatThrownBy(() -> tenancy.useTenant(tenant(1), tx -> tx.update(
                "update orders set tenant_id = 2 where ref = 'A-1'")))
                .isInstanceOf(JustPgException.class)
                .satisfies(e -> assertThat(((JustPgException) e).sqlState()).hasValue("42501"));
        assertThat(refs(1)).contains("A-1");
    }

    @Test
    void deleteRemovesOnlyTheTenantsRows() {
        int deleted = tenancy.inTenant(tenant(2), tx -> tx.update("delete from orders where total > 0"));
        assertThat(deleted).isEqualTo(3);
        assertThat(refs(1)).containsExactly("A-1", "A-2", "A-3");
        schema.database.execute("insert into orders(tenant_id, customer_id, ref, total) values"
                + " (2, 1, 'B-1', 100), (2, 2, 'B-2', 200), (2, 2, 'B-3', 300)");
    }

    @Test
    void copyToExportsOnlyTheTenantsRowsAndCopyFromIsRefusedByPostgres() {
        String exported = tenancy.inTenant(tenant(1), tx -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                tx.connection().unwrap(PGConnection.class).getCopyAPI()
                        .copyOut("COPY orders (ref) TO STDOUT", out);
            } catch (SQLException | java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return out.toString(StandardCharsets.UTF_8);
        });
        assertThat(exported.lines()).containsExactly("A-1", "A-2", "A-3");
        assertThatThrownBy(() -> tenancy.useTenant(tenant(1), tx -> {
            tx.connection().unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY orders (tenant_id, customer_id, ref, total) FROM STDIN", new StringReader("2\t1\tx\t1\n"));
        })).isInstanceOf(SQLException.class).hasMessageContaining("row-level security");
    }

    @Test
    void joinsAndSecurityInvokerViewsSeeOnlyTheTenantsRows() {
        List<String> joined = tenancy.inTenant(tenant(2), tx -> tx.query(
                "select c.name || ':' || o.ref from customers c join orders o on o.customer_id = c.id"
                        + " order by o.ref", r -> r.getString(1)));
        assertThat(joined).containsExactly("cyd:B-1", "dee:B-2", "dee:B-3");
        List<String> view = tenancy.inTenant(tenant(1), tx -> tx.query(
                "select name || '=' || total from order_totals order by name", r -> r.getString(1)));
        assertThat(view).containsExactly("ada=30", "bob=30");
    }

    @Test
    void crossTenantWorkRunsThroughTheBypassRlsRole() {
        long all = tenancy.crossTenant(tx -> tx.queryOne("select count(*) from orders", r -> r.getLong(1)));
        assertThat(all).isEqualTo(6);
    }

    private static List<String> refs(long tenant) {
        return tenancy.inTenant(tenant(tenant), tx -> tx.query("select ref from orders order by ref", r -> r.getString(1)));
    }

    private static List<Integer> totals(long tenant) {
        return tenancy.inTenant(tenant(tenant), tx -> tx.query("select total from orders order by ref", r -> r.getInt(1)));
    }
}
