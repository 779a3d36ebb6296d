package dev.justpg.benchmarks.health;

import dev.justpg.benchmarks.BenchContext;
import dev.justpg.benchmarks.BenchmarkCase;
import dev.justpg.core.Database;
import dev.justpg.diagnostics.health.HealthCheck;
import dev.justpg.diagnostics.health.HealthReport;
import dev.justpg.testkit.ConnectionInfo;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;

/**
 * {@code health}: a full {@link HealthCheck} run (every check) on a database with 2,000 tables and
 * 6,000 indexes (a primary key and two secondary indexes each, a foreign key on every other table),
 * and on one with 20 tables and 60 indexes. Prints time and round trips of each; the round trips
 * must not grow with the tables. The limit it is set against: a checker that queries per table or
 * per index makes at least one round trip per table (2,000 here).
 */
public final class HealthCase implements BenchmarkCase {

    private static final int RUNS = 5;

    @Override
    public String name() {
        return "health";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int[] small = measure(ctx, 20);
        int[] large = measure(ctx, 2000);
        ctx.ratio("health-roundtrips", "justpg-" + large[0], "tables-2000", large[0] / 2000.0);
        ctx.ratio("health-roundtrips-growth", "justpg-2000-tables", "justpg-20-tables", (double) large[0] / small[0]);
    }

    /** Returns round trips and the median run time in ms. */
    private static int[] measure(BenchContext ctx, int tables) throws Exception {
        ConnectionInfo info = ctx.createDatabase("bench_health_" + tables);
        long t0 = System.nanoTime();
        try (Connection c = info.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("create extension if not exists pg_stat_statements");
            // batches of 100 tables, each its own transaction, to stay within the lock table
            for (int from = 1; from <= tables; from += 100) {
                int to = Math.min(tables, from + 99);
                st.execute("do $$ begin for i in " + from + ".." + to + " loop"
                        + " execute format('create table t%s (id bigint primary key, parent_id bigint, code text not null,"
                        + " created_at timestamptz not null default now(), note text)', i);"
                        + " execute format('create index t%s_code on t%s (code)', i, i);"
                        + " execute format('create index t%s_created on t%s (created_at, code)', i, i);"
                        + " if i % 2 = 0 then execute format('alter table t%s add foreign key (parent_id) references t%s',"
                        + " i, i - 1); end if;"
                        + " execute format('insert into t%s (id, code) select g, ''c'' || g from generate_series(1, 20) g', i);"
                        + " end loop; end $$");
            }
            st.execute("analyze");
        }
        double setupS = (System.nanoTime() - t0) / 1e9;
        String name = "health-" + tables + "-tables";
        ctx.note("%s: schema of %d tables and %d indexes built in %.1f s", name, tables, tables * 3, setupS);
        Database db = Database.of(info.dataSource());
        HealthCheck check = HealthCheck.builder(db).build();
        check.run(); // warm-up: JIT, server catalog caches
        long[] ms = new long[RUNS];
        int roundTrips = 0;
        int findings = 0;
        for (int i = 0; i < RUNS; i++) {
            HealthReport r = check.run();
            ms[i] = r.elapsed().toMillis();
            roundTrips = r.roundTrips();
            findings = r.findings().size();
        }
        Arrays.sort(ms);
        ctx.result(name, "roundtrips", roundTrips, "statements");
        ctx.result(name, "median", ms[RUNS / 2], "ms");
        ctx.result(name, "min", ms[0], "ms");
        ctx.result(name, "findings", findings, "findings");
        return new int[] {roundTrips, (int) ms[RUNS / 2]};
    }
}
