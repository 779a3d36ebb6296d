package dev.justpg.benchmarks.tenancy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.justpg.benchmarks.BenchContext;
import dev.justpg.core.Database;
import dev.justpg.core.tenancy.Tenancy;
import dev.justpg.core.tenancy.TenantContext;
import dev.justpg.core.tenancy.TenantId;
import dev.justpg.core.tenancy.TenantIdType;
import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH: an indexed point query on a 1M-row table in one transaction, as the application role on a
 * pool of one connection. {@link #tenantBound} runs it through {@link Tenancy#inTenant} on the
 * row-level-security table (the policy supplies the tenant); {@link #plain} runs the same
 * transaction through {@link Database#inTransaction} on an identical table without row-level
 * security, naming the tenant in the WHERE clause.
 */
@State(Scope.Benchmark)
public class TenancyBenchmark {

    /** Rows in each table. */
    public static final int ROWS = 1_000_000;
    /** Tenants the rows are spread over ({@code tenant_id = id % TENANTS}). */
    public static final int TENANTS = 1_000;

    private HikariDataSource pool;
    private Tenancy tenancy;
    private Database plainDb;
    private TenantContext[] contexts;

    /** Opens the pool and makes one context per tenant (contexts are reused, as an application would). */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setDataSource(BenchContext.connectionFromFile().dataSource());
        config.setMaximumPoolSize(1);
        pool = new HikariDataSource(config);
        tenancy = Tenancy.of(pool, TenantIdType.LONG);
        plainDb = Database.of(pool);
        contexts = new TenantContext[TENANTS];
        for (int t = 0; t < TENANTS; t++) {
            contexts[t] = TenantContext.of(TenantId.of(t));
        }
    }

    /** Closes the pool. */
    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    /**
     * The tenant-bound transaction: binding plus point query on the RLS table.
     *
     * @return the payload
     */
    @Benchmark
    public String tenantBound() {
        long id = ThreadLocalRandom.current().nextLong(1, ROWS + 1);
        return tenancy.inTenant(contexts[(int) (id % TENANTS)],
                tx -> tx.queryOne("select payload from items where id = ?", r -> r.getString(1), id));
    }

    /**
     * The plain transaction: the same point query on the table without RLS.
     *
     * @return the payload
     */
    @Benchmark
    public String plain() {
        long id = ThreadLocalRandom.current().nextLong(1, ROWS + 1);
        return plainDb.inTransaction(tx -> tx.queryOne("select payload from items_plain where tenant_id = ? and id = ?",
                r -> r.getString(1), (int) (id % TENANTS), id));
    }
}
