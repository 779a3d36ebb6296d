package dev.justpg.benchmarks.tenancy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.justpg.core.Database;
import dev.justpg.core.tenancy.Tenancy;
import dev.justpg.core.tenancy.TenantContext;
import dev.justpg.core.tenancy.TenantId;
import dev.justpg.core.tenancy.TenantIdType;
import dev.justpg.testkit.ConnectionInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The transactions compared, as the application role on a pool of one connection: an indexed
 * point query on a 1M-row table. {@link #tenantBound} runs it through {@link Tenancy#inTenant} on
 * the row-level-security table (the policy supplies the tenant); {@link #plain} runs the same
 * transaction through {@link Database#inTransaction} on an identical table without row-level
 * security, naming the tenant in the WHERE clause.
 *
 * <p>Two more transactions split the difference between them, by hand on the same pool without
 * justpg's wrapper: {@link #bindingByHand} is {@link #plain} with justpg's binding statement sent
 * in the same round trip (the server's cost of the binding), and {@link #rlsByHand} is the same on
 * the row-level-security table without the WHERE on the tenant (adds the policy's cost). What
 * {@link #tenantBound} costs beyond {@link #rlsByHand} is the wrapper (proxies, SQL
 * classification, bookkeeping).
 */
final class PointQueries implements AutoCloseable {

    /** Rows in each table. */
    static final int ROWS = 1_000_000;
    /** Tenants the rows are spread over ({@code tenant_id = id % TENANTS}). */
    static final int TENANTS = 1_000;

    /** justpg's binding statement, as the wrapper sends it (all four settings, transaction-local). */
    private static final String BINDING = "select where (pg_catalog.set_config('app.tenant_id', ?, true)"
            + " || pg_catalog.set_config('app.user_id', ?, true) || pg_catalog.set_config('app.roles', ?, true)"
            + " || pg_catalog.set_config('app.claims', ?, true)) is null";
    private static final String PLAIN_SQL = "select payload from items_plain where tenant_id = ? and id = ?";
    private static final String RLS_SQL = "select payload from items where id = ?";

    private final HikariDataSource pool;
    private final Tenancy tenancy;
    private final Database plainDb;
    private final TenantContext[] contexts = new TenantContext[TENANTS];

    PointQueries(ConnectionInfo app) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(app.dataSource());
        config.setMaximumPoolSize(1);
        pool = new HikariDataSource(config);
        tenancy = Tenancy.of(pool, TenantIdType.LONG);
        plainDb = Database.of(pool);
        for (int t = 0; t < TENANTS; t++) {
            contexts[t] = TenantContext.of(TenantId.of(t));   // made once, as an application would
        }
    }

    /** The tenant-bound transaction: binding plus point query on the RLS table. */
    String tenantBound() {
        long id = ThreadLocalRandom.current().nextLong(1, ROWS + 1);
        return tenancy.inTenant(contexts[(int) (id % TENANTS)],
                tx -> tx.queryOne(RLS_SQL, r -> r.getString(1), id));
    }

    /** The plain transaction: the same point query on the table without RLS. */
    String plain() {
        long id = ThreadLocalRandom.current().nextLong(1, ROWS + 1);
        return plainDb.inTransaction(tx -> tx.queryOne(PLAIN_SQL, r -> r.getString(1), (int) (id % TENANTS), id));
    }

    /** {@link #plain} plus the binding statement in the same round trip, by hand: no RLS, no wrapper. */
    String bindingByHand() {
        long id = ThreadLocalRandom.current().nextLong(1, ROWS + 1);
        int tenant = (int) (id % TENANTS);
        try {
            return plainDb.inTransaction(tx -> combined(tx.connection(), BINDING + ";\n" + PLAIN_SQL, tenant, true, id));
        } catch (SQLException e) {
            throw new IllegalStateException("the by-hand transaction failed", e);
        }
    }

    /** The binding and the RLS point query in one round trip, by hand: RLS, no wrapper. */
    String rlsByHand() {
        long id = ThreadLocalRandom.current().nextLong(1, ROWS + 1);
        int tenant = (int) (id % TENANTS);
        try {
            return plainDb.inTransaction(tx -> combined(tx.connection(), BINDING + ";\n" + RLS_SQL, tenant, false, id));
        } catch (SQLException e) {
            throw new IllegalStateException("the by-hand transaction failed", e);
        }
    }

    private static String combined(Connection c, String sql, int tenant, boolean whereTenant, long id)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, Integer.toString(tenant));
            ps.setString(2, "");
            ps.setString(3, "");
            ps.setString(4, "");
            int p = 5;
            if (whereTenant) {
                ps.setInt(p++, tenant);
            }
            ps.setLong(p, id);
            ps.execute();
            if (!ps.getMoreResults()) {
                throw new IllegalStateException("the point query returned no result set");
            }
            try (ResultSet rs = ps.getResultSet()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no row for id " + id);
                }
                return rs.getString(1);
            }
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
