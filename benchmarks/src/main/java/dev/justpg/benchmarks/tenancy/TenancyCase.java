package dev.justpg.benchmarks.tenancy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.justpg.benchmarks.BenchContext;
import dev.justpg.benchmarks.BenchmarkCase;
import dev.justpg.core.Database;
import dev.justpg.core.Identifier;
import dev.justpg.core.tenancy.Tenancy;
import dev.justpg.core.tenancy.TenantContext;
import dev.justpg.core.tenancy.TenantId;
import dev.justpg.core.tenancy.TenantIdType;
import dev.justpg.core.tenancy.TenantTable;
import dev.justpg.testkit.ConnectionInfo;
import java.time.Duration;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.postgresql.PGConnection;

/**
 * {@code tenancy}: (1) {@link PointQueries}, tenant-bound versus plain point-query transactions on
 * 1M rows interleaved in small blocks, reported as {@code RATIO tenancy tenant-bound/plain}
 * (throughput), with two by-hand transactions that split the difference (binding, policy, wrapper);
 * (2) the policy forms on 1M rows across 1,000 tenants, the generated fail-closed, wrapped policy
 * versus the naive {@code tenant_id = current_setting('app.tenant_id')::int}: latency of a
 * tenant-scoped {@code count(*)} and the EXPLAIN of each.
 */
public final class TenancyCase implements BenchmarkCase {

    private static final String APP_ROLE = "bench_tenancy_app";
    private static final String NAIVE_POLICY = "tenant_id = current_setting('app.tenant_id')::int";
    private static final Duration WARMUP = Duration.ofSeconds(10);
    private static final Duration ROUND = Duration.ofSeconds(3);
    private static final int ROUNDS = 12;
    private static final int BLOCK = 25;
    private static final int FORM_ROUNDS = 5;
    private static final int FORM_WARMUP = 300;
    private static final int FORM_ITERATIONS = 600;
    private static final int SCAN_ITERATIONS = 4;
    private static final String NO_INDEX = "set local enable_indexscan = off; set local enable_indexonlyscan = off;"
            + " set local enable_bitmapscan = off";

    @Override
    public String name() {
        return "tenancy";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        ConnectionInfo admin = ctx.createDatabase("bench_tenancy");
        String password = UUID.randomUUID().toString(); // 122 random bits (SecureRandom)
        ConnectionInfo app = admin.withUser(APP_ROLE, password);
        Database adminDb = Database.of(admin.dataSource());
        long loadStart = System.nanoTime();
        load(adminDb, password);
        ctx.note("loaded 3 tables x %d rows, %d tenants, in %.1f s", PointQueries.ROWS, PointQueries.TENANTS,
                (System.nanoTime() - loadStart) / 1e9);
        try {
            pointQueries(ctx, app);
            policyForms(ctx, app, adminDb);
        } finally {
            ctx.server().dropDatabase("bench_tenancy");
            Database.of(ctx.server().adminConnectionInfo().dataSource()).execute("drop role if exists " + APP_ROLE);
        }
    }

    /** Three identical tables: items (generated policy), items_naive (naive policy), items_plain (no RLS). */
    private static void load(Database adminDb, String password) throws SQLException {
        adminDb.execute("drop role if exists " + APP_ROLE);
        adminDb.execute("create role " + APP_ROLE + " login");
        adminDb.withConnection(c -> {
            // Hashed on the client (SCRAM): the password never appears in SQL text, logs or messages.
            c.unwrap(PGConnection.class).alterUserPassword(APP_ROLE, password.toCharArray(), "scram-sha-256");
            return null;
        });
        adminDb.execute("create table items(tenant_id int not null, id bigint not null, payload text not null)");
        adminDb.execute("insert into items select g % " + PointQueries.TENANTS + ", g, md5(g::text)"
                + " from generate_series(1, " + PointQueries.ROWS + ") g");
        adminDb.execute("alter table items add primary key (tenant_id, id)");
        adminDb.execute("create table items_naive as select * from items");
        adminDb.execute("alter table items_naive add primary key (tenant_id, id)");
        adminDb.execute("create table items_plain as select * from items");
        adminDb.execute("alter table items_plain add primary key (tenant_id, id)");
        Tenancy.of(adminDb.dataSource(), TenantIdType.LONG).policies(adminDb)
                .apply(TenantTable.of(Identifier.of("items")));
        adminDb.execute("alter table items_naive enable row level security");
        adminDb.execute("alter table items_naive force row level security");
        adminDb.execute("create policy naive on items_naive using (" + NAIVE_POLICY + ")");
        adminDb.execute("grant select on items, items_naive, items_plain to " + APP_ROLE);
        adminDb.execute("vacuum analyze items, items_naive, items_plain");
    }

    /**
     * Throughput of the four transactions of {@link PointQueries}, interleaved in blocks of
     * {@value #BLOCK} (the order rotating from block to block), so a burst of load from elsewhere on
     * the machine hits every side alike; each round sums the time spent in each kind's blocks. The
     * ratio is the median of the per-round ratios tenant-bound / plain.
     */
    private void pointQueries(BenchContext ctx, ConnectionInfo app) {
        try (PointQueries q = new PointQueries(app)) {
            Runnable[] kinds = {q::plain, q::tenantBound, q::bindingByHand, q::rlsByHand};
            String[] labels = {"plain", "tenant_bound", "binding_by_hand", "rls_by_hand"};
            for (long end = System.nanoTime() + WARMUP.toNanos(); System.nanoTime() < end; ) {
                for (Runnable k : kinds) {
                    block(k);
                }
            }
            double[][] perRound = new double[kinds.length][ROUNDS];
            double[] ratios = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                long[] nanos = new long[kinds.length];
                long[] done = new long[kinds.length];
                long end = System.nanoTime() + 2 * ROUND.toNanos();
                for (int b = 0; System.nanoTime() < end; b++) {
                    for (int i = 0; i < kinds.length; i++) {
                        int k = (b + round + i) % kinds.length;
                        nanos[k] += block(kinds[k]);
                        done[k] += BLOCK;
                    }
                }
                for (int k = 0; k < kinds.length; k++) {
                    perRound[k][round] = done[k] / (nanos[k] / 1e9);
                }
                ratios[round] = perRound[1][round] / perRound[0][round];
            }
            ctx.result(name(), "tenant_bound_tx_per_s", Arrays.stream(perRound[1]).average().orElse(0), "ops/s");
            ctx.result(name(), "plain_tx_per_s", Arrays.stream(perRound[0]).average().orElse(0), "ops/s");
            for (int k = 2; k < kinds.length; k++) {
                ctx.result(name(), labels[k] + "_tx_per_s", Arrays.stream(perRound[k]).average().orElse(0), "ops/s");
            }
            for (int k = 1; k < kinds.length; k++) {
                double[] share = new double[ROUNDS];
                for (int round = 0; round < ROUNDS; round++) {
                    share[round] = perRound[k][round] / perRound[0][round];
                }
                ctx.note("%s %s/plain per round: %s (median %.3f)", name(), labels[k], Arrays.toString(Arrays.stream(share)
                        .map(r -> Math.round(r * 1000) / 1000.0).toArray()), median(share));
            }
            ctx.ratio(name(), "tenant-bound", "plain", median(ratios));
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return (sorted[(sorted.length - 1) / 2] + sorted[sorted.length / 2]) / 2;
    }

    /** Runs {@value #BLOCK} transactions of one kind; returns the nanoseconds they took. */
    private static long block(Runnable transaction) {
        long start = System.nanoTime();
        for (int i = 0; i < BLOCK; i++) {
            transaction.run();
        }
        return System.nanoTime() - start;
    }

    private void policyForms(BenchContext ctx, ConnectionInfo app, Database adminDb) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(app.dataSource());
        config.setMaximumPoolSize(1);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Tenancy tenancy = Tenancy.of(pool, TenantIdType.LONG);
            String generatedPolicy = Tenancy.of(app.dataSource(), TenantIdType.LONG).policies(adminDb)
                    .predicate(TenantTable.of(Identifier.of("items")));
            ctx.note("generated policy: %s", generatedPolicy);
            ctx.note("naive policy:     %s", NAIVE_POLICY);
            String form = name() + "-policy-forms";
            boolean generatedUsesIndex = explain(ctx, tenancy, "items", "generated", false);
            boolean naiveUsesIndex = explain(ctx, tenancy, "items_naive", "naive", false);
            explain(ctx, tenancy, "items", "generated-seqscan", true);
            explain(ctx, tenancy, "items_naive", "naive-seqscan", true);
            long[] generated = new long[FORM_ROUNDS * FORM_ITERATIONS];
            long[] naive = new long[FORM_ROUNDS * FORM_ITERATIONS];
            for (int round = 0; round < FORM_ROUNDS; round++) {
                countLatencies(tenancy, "items", FORM_WARMUP, null, 0, false);
                countLatencies(tenancy, "items", FORM_ITERATIONS, generated, round * FORM_ITERATIONS, false);
                countLatencies(tenancy, "items_naive", FORM_WARMUP, null, 0, false);
                countLatencies(tenancy, "items_naive", FORM_ITERATIONS, naive, round * FORM_ITERATIONS, false);
            }
            report(ctx, form, "generated", generated);
            report(ctx, form, "naive", naive);
            long[] generatedScan = new long[FORM_ROUNDS * SCAN_ITERATIONS];
            long[] naiveScan = new long[FORM_ROUNDS * SCAN_ITERATIONS];
            for (int round = 0; round < FORM_ROUNDS; round++) {
                countLatencies(tenancy, "items", SCAN_ITERATIONS, generatedScan, round * SCAN_ITERATIONS, true);
                countLatencies(tenancy, "items_naive", SCAN_ITERATIONS, naiveScan, round * SCAN_ITERATIONS, true);
            }
            report(ctx, form, "generated_seqscan", generatedScan);
            report(ctx, form, "naive_seqscan", naiveScan);
            ctx.note("%s: generated form uses the tenant index: %s; naive form: %s", form,
                    generatedUsesIndex ? "yes" : "NO", naiveUsesIndex ? "yes" : "no");
            ctx.ratio(form, "generated", "naive", mean(naive) / mean(generated));
            ctx.note("%s ratio is naive mean latency / generated mean latency (above 1: the generated form is faster)",
                    form);
            ctx.ratio(form + "-seqscan", "generated", "naive", mean(naiveScan) / mean(generatedScan));
            ctx.note("%s-seqscan: the same count with index scans disabled (a policy evaluated as a filter on every"
                    + " row): naive mean latency / generated mean latency", form);
        }
    }

    /** Prints the plan of a tenant-scoped count; returns whether it reads the tenant index. */
    private static boolean explain(BenchContext ctx, Tenancy tenancy, String table, String label, boolean seqScan) {
        List<String> plan = tenancy.inTenant(TenantContext.of(TenantId.of(42)), tx -> {
            if (seqScan) {
                tx.update(NO_INDEX);
            }
            return tx.query("explain (costs off) select count(*) from " + Identifier.of(table).quoted(),
                    r -> r.getString(1));
        });
        for (String line : plan) {
            ctx.note("EXPLAIN %s | %s", label, line);
        }
        return plan.stream().anyMatch(l -> l.contains("Index") && l.contains(table + "_pkey"));
    }

    private static void countLatencies(Tenancy tenancy, String table, int n, long[] into, int offset,
            boolean seqScan) {
        // Its own statement text when index scans are off: a cached plan would not notice the settings.
        String sql = "select count(*) from " + Identifier.of(table).quoted() + (seqScan ? " /* no index */" : "");
        for (int i = 0; i < n; i++) {
            TenantContext tenant = TenantContext.of(TenantId.of(ThreadLocalRandom.current().nextInt(
                    PointQueries.TENANTS)));
            long start = System.nanoTime();
            long count = tenancy.inTenant(tenant, tx -> {
                if (seqScan) {
                    tx.update(NO_INDEX);
                }
                return tx.queryOne(sql, r -> r.getLong(1));
            });
            long elapsed = System.nanoTime() - start;
            if (count != PointQueries.ROWS / PointQueries.TENANTS) {
                throw new IllegalStateException("tenant " + tenant.tenantId() + " saw " + count + " rows in " + table);
            }
            if (into != null) {
                into[offset + i] = elapsed;
            }
        }
    }

    private void report(BenchContext ctx, String form, String label, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        ctx.result(form, label + "_count_mean", mean(nanos) / 1000.0, "us");
        ctx.result(form, label + "_count_p50", sorted[sorted.length / 2] / 1000.0, "us");
        ctx.result(form, label + "_count_p99", sorted[(int) (sorted.length * 0.99)] / 1000.0, "us");
    }

    private static double mean(long[] nanos) {
        return Arrays.stream(nanos).average().orElse(Double.NaN);
    }
}
