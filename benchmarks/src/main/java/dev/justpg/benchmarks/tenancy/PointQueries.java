package dev.justpg.benchmarks.tenancy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.justpg.core.Database;
import dev.justpg.core.tenancy.Tenancy;
import dev.justpg.core.tenancy.TenantContext;
import dev.justpg.core.tenancy.TenantId;
import dev.justpg.core.tenancy.TenantIdType;
import dev.justpg.testkit.ConnectionInfo;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The two transactions compared, as the application role on a pool of one connection: an indexed
 * point query on a 1M-row table. {@link #tenantBound} runs it through {@link Tenancy#inTenant} on
 * the row-level-security table (the policy supplies the tenant); {@link #plain} runs the same
 * transaction through {@link Database#inTransaction} on an identical table without row-level
 * security, naming the tenant in the WHERE clause.
 */
final class PointQueries implements AutoCloseable {

    /** Rows in each table. */
    static final int ROWS = 1_000_000;
    /** Tenants the rows are spread over ({@code tenant_id = id % TENANTS}). */
    static final int TENANTS = 1_000;

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
                tx -> tx.queryOne("select payload from items where id = ?", r -> r.getString(1), id));
    }

    /** The plain transaction: the same point query on the table without RLS. */
    String plain() {
        long id = ThreadLocalRandom.current().nextLong(1, ROWS + 1);
        return plainDb.inTransaction(tx -> tx.queryOne("select payload from items_plain where tenant_id = ? and id = ?",
                r -> r.getString(1), (int) (id % TENANTS), id));
    }

    @Override
    public void close() {
        pool.close();
    }
}
