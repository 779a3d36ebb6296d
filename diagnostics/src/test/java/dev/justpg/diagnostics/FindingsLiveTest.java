package dev.justpg.diagnostics;

import dev.justpg.core.Severity;
import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.core.Database;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every finding is triggered by a real plan built for it on a real server, and absent from a
 * healthy plan of the same query (after the fix, or with the setting that avoids the problem).
 */
@PostgresTest
class FindingsLiveTest {

    private static Database db;
    private static TestDatabase testDb;

    @BeforeAll
    static void setUp(TestDatabase database) {
        testDb = database;
        database.execute(
                "create table users (id int primary key, email text not null, name text not null,"
                        + " created_at timestamptz not null, doc jsonb not null)",
                "insert into users select g, 'user' || g || '@example.com', md5(g::text), timestamptz '2024-01-01'"
                        + " + g * interval '1 minute', jsonb_build_object('plan', case when g % 100 = 0 then 'gold'"
                        + " else 'free' end) from generate_series(1, 50000) g",
                "create table bm (id int primary key, pad text)",
                "insert into bm select g, repeat('x', 300) from generate_series(1, 100000) g",
                "create table corr (a int, b int, c int)",
                "insert into corr select g % 20, g % 20, g from generate_series(1, 100000) g",
                "create table plans (code int, label text)",
                "insert into plans select g, 'plan ' || g from generate_series(0, 99) g",
                "create table hf (id int primary key, v int) with (autovacuum_enabled = false)",
                "insert into hf select g, g from generate_series(1, 20000) g",
                "create table measurements (day date not null, v int) partition by range (day)",
                "create table measurements_1 partition of measurements for values from ('2024-01-01') to ('2024-01-02')",
                "create table measurements_2 partition of measurements for values from ('2024-01-02') to ('2024-01-03')",
                "create table measurements_3 partition of measurements for values from ('2024-01-03') to ('2024-01-04')",
                "create table measurements_4 partition of measurements for values from ('2024-01-04') to ('2024-01-05')",
                "insert into measurements select date '2024-01-01' + (g % 4), g from generate_series(1, 8000) g",
                "create table parent (id int primary key)",
                "insert into parent select g from generate_series(1, 1000) g",
                "create table child (id int, parent_id int references parent)",
                "insert into child select g, 501 + g % 500 from generate_series(1, 40000) g",
                "create table audited (id int, note text)",
                "create table plain (id int, note text)",
                "create function slow_audit() returns trigger language plpgsql as"
                        + " $$ begin perform pg_sleep(0.001); return new; end $$",
                "create trigger audited_slow before insert on audited for each row execute function slow_audit()",
                "analyze");
        db = Database.of(database.dataSource());
    }

    private static Plan explain(String settings, String sql) throws java.sql.SQLException {
        String json = db.withConnection(c -> {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                if (!settings.isEmpty()) {
                    st.execute(settings);
                }
                try (ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, BUFFERS, SETTINGS, FORMAT JSON) " + sql)) {
                    rs.next();
                    return rs.getString(1);
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        });
        return PlanParser.defaults().parse(json);
    }

    private static List<Finding> findings(Plan plan, FindingType type) {
        return PlanAdvisor.defaults().findings(plan).stream().filter(f -> f.type() == type)
                .collect(Collectors.toList());
    }

    @Test
    void seqScanOnEmailSuggestsBtreeIndexWhichFixesIt() throws Exception {
        Plan before = explain("", "select * from users where email = 'user4242@example.com'");
        List<Finding> f = findings(before, FindingType.SEQ_SCAN_SELECTIVE_FILTER);
        assertThat(f).hasSize(1);
        assertThat(f.get(0).evidence()).containsEntry("rows read", 50000.0).containsEntry("rows returned", 1.0);
        assertThat(f.get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.get(0).index().get().method()).isEqualTo("btree");
        assertThat(f.get(0).sql()).contains("CREATE INDEX CONCURRENTLY ON \"users\" (\"email\")");
        db.execute(f.get(0).sql().get());
        Plan after = explain("", "select * from users where email = 'user4242@example.com'");
        assertThat(after.root().nodeType()).isEqualTo("Index Scan");
        assertThat(findings(after, FindingType.SEQ_SCAN_SELECTIVE_FILTER)).isEmpty();
        db.execute("drop index users_email_idx");
    }

    @Test
    void leadingWildcardLikeSuggestsTrigramGin() throws Exception {
        Plan before = explain("", "select * from users where name like '%abcd%'");
        Finding f = findings(before, FindingType.SEQ_SCAN_SELECTIVE_FILTER).get(0);
        IndexSuggestion index = f.index().get();
        assertThat(index.method()).isEqualTo("gin");
        assertThat(index.keys()).containsExactly("\"name\" gin_trgm_ops");
        assertThat(index.extension()).isEqualTo("pg_trgm");
        db.ensureExtension("pg_trgm");
        db.execute(index.createStatement());
        Plan after = explain("", "select * from users where name like '%abcd%'");
        assertThat(after.nodes()).anyMatch(n -> n.nodeType().equals("Bitmap Index Scan"));
        assertThat(findings(after, FindingType.SEQ_SCAN_SELECTIVE_FILTER)).isEmpty();
        db.execute("drop index users_name_idx");
    }

    @Test
    void jsonbContainmentSuggestsGinAndTimeRangeSuggestsBrin() throws Exception {
        Plan json = explain("", "select * from users where doc @> '{\"plan\": \"gold\"}'");
        assertThat(findings(json, FindingType.SEQ_SCAN_SELECTIVE_FILTER).get(0).index().get().keys())
                .containsExactly("\"doc\" jsonb_path_ops");
        Plan time = explain("", "select * from users where created_at >= timestamptz '2024-02-04 00:00:00+00'");
        IndexSuggestion brin = findings(time, FindingType.SEQ_SCAN_SELECTIVE_FILTER).get(0).index().get();
        assertThat(brin.method()).isEqualTo("brin");
        assertThat(brin.createStatement()).isEqualTo("CREATE INDEX CONCURRENTLY ON \"users\" USING brin (\"created_at\")");
        Plan healthy = explain("", "select * from users where id = 42");
        assertThat(PlanAdvisor.defaults().findings(healthy)).isEmpty();
    }

    @Test
    void correlatedColumnsMisestimateSuggestsExtendedStatistics() throws Exception {
        Plan before = explain("", "select * from corr where a = 1 and b = 1");
        List<Finding> f = findings(before, FindingType.ROW_MISESTIMATE);
        assertThat(f).hasSize(1);
        assertThat(f.get(0).evidence().get("factor")).isGreaterThanOrEqualTo(10);
        assertThat(f.get(0).sql().get()).startsWith("CREATE STATISTICS \"corr_a_b_stats\" (dependencies, ndistinct, mcv)"
                + " ON \"a\", \"b\" FROM \"corr\"");
        for (String stmt : f.get(0).sql().get().split("; ")) {
            db.execute(stmt);
        }
        Plan after = explain("", "select * from corr where a = 1 and b = 1");
        assertThat(findings(after, FindingType.ROW_MISESTIMATE)).isEmpty();
    }

    @Test
    void nestedLoopOverManyRows() throws Exception {
        String sql = "select * from users u join plans p on p.code = u.id % 100 where u.id <= 5000";
        Plan bad = explain("SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off", sql);
        List<Finding> f = findings(bad, FindingType.NESTED_LOOP_MANY_LOOPS);
        assertThat(f).hasSize(1);
        assertThat(f.get(0).evidence().get("inner loops")).isEqualTo(5000.0);
        Plan healthy = explain("", sql);
        assertThat(findings(healthy, FindingType.NESTED_LOOP_MANY_LOOPS)).isEmpty();
    }

    @Test
    void sortHashAndAggregateSpillToDiskWithTinyWorkMem() throws Exception {
        String small = "SET LOCAL work_mem = '64kB'";
        String large = "SET LOCAL work_mem = '256MB'";
        String sort = "select * from users order by name";
        assertThat(findings(explain(small, sort), FindingType.SORT_SPILL)).singleElement()
                .satisfies(f -> assertThat(f.sql().get()).startsWith("SET LOCAL work_mem = '"));
        assertThat(findings(explain(large, sort), FindingType.SORT_SPILL)).isEmpty();
        String join = "select count(*) from users u join users u2 on u2.name = u.name";
        assertThat(findings(explain(small, join), FindingType.HASH_SPILL)).hasSize(1);
        assertThat(findings(explain(large, join), FindingType.HASH_SPILL)).isEmpty();
        String agg = "select name, count(*) from users group by name";
        assertThat(findings(explain(small + "; SET LOCAL enable_sort = off", agg), FindingType.HASH_AGGREGATE_SPILL))
                .hasSize(1);
        assertThat(findings(explain(large + "; SET LOCAL enable_sort = off", agg), FindingType.HASH_AGGREGATE_SPILL))
                .isEmpty();
    }

    @Test
    void lossyBitmapWithTinyWorkMem() throws Exception {
        String force = "SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off; ";
        String sql = "select count(pad) from bm where id between 1 and 90000";
        Plan lossy = explain(force + "SET LOCAL work_mem = '64kB'", sql);
        assertThat(findings(lossy, FindingType.LOSSY_BITMAP)).hasSize(1);
        Plan exact = explain(force + "SET LOCAL work_mem = '64MB'", sql);
        assertThat(findings(exact, FindingType.LOSSY_BITMAP)).isEmpty();
    }

    @Test
    void heapFetchesUntilVacuum() throws Exception {
        String force = "SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off";
        String sql = "select id from hf where id < 15000";
        Plan before = explain(force, sql);
        assertThat(before.root().nodeType()).isEqualTo("Index Only Scan");
        Finding f = findings(before, FindingType.HEAP_FETCHES).get(0);
        assertThat(f.sql()).contains("VACUUM (ANALYZE) \"hf\"");
        db.execute(f.sql().get());
        assertThat(findings(explain(force, sql), FindingType.HEAP_FETCHES)).isEmpty();
    }

    @Test
    void partitionsNotPrunedWhenTheKeyIsWrapped() throws Exception {
        Plan bad = explain("", "select * from measurements where day::text = '2024-01-02'");
        Finding f = findings(bad, FindingType.PARTITIONS_NOT_PRUNED).get(0);
        assertThat(f.evidence()).containsEntry("partitions scanned", 4.0).containsEntry("partitions with no rows", 3.0);
        Plan pruned = explain("", "select * from measurements where day = date '2024-01-02'");
        assertThat(findings(pruned, FindingType.PARTITIONS_NOT_PRUNED)).isEmpty();
    }

    @Test
    void parallelWorkersPlannedButNotLaunched() throws Exception {
        String parallel = "SET LOCAL parallel_setup_cost = 0; SET LOCAL parallel_tuple_cost = 0;"
                + " SET LOCAL min_parallel_table_scan_size = 0; SET LOCAL max_parallel_workers_per_gather = 2";
        String sql = "select count(*) from users where name like '%a%'";
        Plan starved = explain(parallel + "; SET LOCAL max_parallel_workers = 0", sql);
        Finding f = findings(starved, FindingType.WORKERS_NOT_LAUNCHED).get(0);
        assertThat(f.evidence()).containsEntry("workers planned", 2.0).containsEntry("workers launched", 0.0);
        Plan fed = explain(parallel + "; SET LOCAL max_parallel_workers = 8", sql);
        assertThat(fed.nodes()).anyMatch(n -> n.workersLaunched().orElse(0) == 2);
        assertThat(findings(fed, FindingType.WORKERS_NOT_LAUNCHED)).isEmpty();
    }

    @Test
    void foreignKeyCheckWithoutIndexOnTheReferencingColumn() throws Exception {
        String sql = "delete from parent where id <= 100";
        Plan slow = explain("", sql);
        Finding f = findings(slow, FindingType.SLOW_FOREIGN_KEY_CHECK).get(0);
        assertThat(f.title()).contains("child_parent_id_fkey");
        String column = db.withConnection(c -> dev.justpg.core.internal.Jdbc.query(c, f.sql().get(),
                r -> r.getString(1) + "." + r.getString(2))).get(0);
        assertThat(column).isEqualTo("child.parent_id");
        db.execute("create index on child (parent_id)");
        assertThat(findings(explain("", sql), FindingType.SLOW_FOREIGN_KEY_CHECK)).isEmpty();
        db.execute("drop index child_parent_id_idx");
    }

    @Test
    void slowRowTrigger() throws Exception {
        Plan slow = explain("", "insert into audited select g, 'x' from generate_series(1, 40) g");
        Finding f = findings(slow, FindingType.SLOW_TRIGGER).get(0);
        assertThat(f.title()).contains("audited_slow");
        Plan plain = explain("", "insert into plain select g, 'x' from generate_series(1, 40) g");
        assertThat(findings(plain, FindingType.SLOW_TRIGGER)).isEmpty();
    }

    /**
     * The embedded server is built without LLVM, so JIT never runs on it: this rule is checked
     * on real PostgreSQL output from the corpus (a 2.6 ms query that spent 2.4 ms compiling),
     * and on a live JIT plan when the server has JIT.
     */
    @Test
    void jitDominatingAShortQuery() throws Exception {
        Plan jit = PlanParser.defaults().parse(Corpus.read("12-line-wrapped-plans/09-plan"));
        Finding f = findings(jit, FindingType.JIT_DOMINATES).get(0);
        assertThat(f.evidence()).containsEntry("jit ms", 2.414).containsEntry("execution ms", 2.625);
        assertThat(f.sql()).contains("SET LOCAL jit = off");
        Plan noJit = PlanParser.defaults().parse(Corpus.read("from-text/27-plan"));
        assertThat(findings(noJit, FindingType.JIT_DOMINATES)).isEmpty();
        boolean jitAvailable = db.withConnection(c -> dev.justpg.core.internal.Jdbc.query(c,
                "select pg_jit_available()", r -> r.getBoolean(1))).get(0);
        if (jitAvailable) {
            Plan live = explain("SET LOCAL jit_above_cost = 0; SET LOCAL jit_inline_above_cost = 0;"
                    + " SET LOCAL jit_optimize_above_cost = 0", "select sum(id) from users where id < 10");
            assertThat(findings(live, FindingType.JIT_DOMINATES)).isNotEmpty();
        }
        assertThat(Optional.of(testDb)).isPresent();
    }
}
