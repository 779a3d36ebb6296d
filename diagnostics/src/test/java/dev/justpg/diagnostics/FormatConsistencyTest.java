package dev.justpg.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.core.Database;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The same EXPLAIN on a real server in TEXT, JSON, YAML and XML parses to the same tree. Without
 * ANALYZE every figure is identical; with ANALYZE the structure is (times differ between runs).
 * TEXT leaves out buffer counters that are all zero, so buffers compare as "touched any block".
 */
@PostgresTest
class FormatConsistencyTest {

    private static final String PARALLEL = "SET LOCAL parallel_setup_cost = 0; SET LOCAL parallel_tuple_cost = 0;"
            + " SET LOCAL min_parallel_table_scan_size = 0; SET LOCAL max_parallel_workers_per_gather = 2";

    /** A query and the settings it runs with. */
    private record Case(String name, String settings, String sql) {
    }

    private static final List<Case> CASES = List.of(
            new Case("primary key lookup", "", "select * from customers where id = 42"),
            new Case("seq scan with filter", "", "select * from customers where name = 'c42'"),
            new Case("count", "", "select count(*) from orders"),
            new Case("hash join", "", "select c.name, o.amount from customers c join orders o on o.customer_id = c.id"
                    + " where c.country = 'FR'"),
            new Case("nested loop with index", "", "select * from orders o join customers c on c.id = o.customer_id"
                    + " where o.id < 100"),
            new Case("merge join", "SET LOCAL enable_hashjoin = off; SET LOCAL enable_nestloop = off",
                    "select * from customers c join orders o on o.customer_id = c.id where c.id < 500"),
            new Case("left join", "", "select c.id, o.id from customers c left join orders o on o.customer_id = c.id"
                    + " and o.amount > 900"),
            new Case("semi join", "", "select * from customers c where exists (select 1 from orders o"
                    + " where o.customer_id = c.id and o.status = 'open')"),
            new Case("anti join", "", "select * from customers c where not exists (select 1 from orders o"
                    + " where o.customer_id = c.id)"),
            new Case("hash aggregate", "", "select status, count(*), avg(amount) from orders group by status"),
            new Case("sorted aggregate", "SET LOCAL enable_hashagg = off",
                    "select customer_id, sum(amount) from orders group by customer_id having sum(amount) > 100"),
            new Case("window", "", "select id, row_number() over (partition by customer_id order by created_at)"
                    + " from orders where customer_id < 20"),
            new Case("materialized cte", "", "with x as materialized (select * from customers where country = 'DE')"
                    + " select * from x a join x b on a.id = b.id + 1"),
            new Case("recursive cte", "", "with recursive r(n) as (select 1 union all select n + 1 from r"
                    + " where n < 100) select sum(n) from r"),
            new Case("correlated subplan", "", "select c.id, (select count(*) from orders o where o.customer_id = c.id)"
                    + " from customers c where c.id < 50"),
            new Case("initplan", "", "select * from orders where amount > (select avg(amount) * 1.9 from orders)"),
            new Case("parallel seq scan", PARALLEL, "select count(*) from orders where amount > 10"),
            new Case("parallel hash join", PARALLEL, "select count(*) from orders o join customers c"
                    + " on c.id = o.customer_id where c.country <> 'XX'"),
            new Case("gather merge", PARALLEL, "select * from orders where amount > 990 order by amount"),
            new Case("partition pruned", "", "select * from events where day = date '2024-01-02'"),
            new Case("partitions not pruned", "", "select * from events where day::text like '2024-01-0%'"),
            new Case("sort spilling", "SET LOCAL work_mem = '64kB'", "select * from orders order by amount, id"),
            new Case("bitmap scan", "", "select * from orders where customer_id in (1, 2, 3)"),
            new Case("bitmap or", "", "select * from orders where customer_id = 1 or created_at < timestamptz"
                    + " '2024-01-01 00:10:00+00'"),
            new Case("index only scan", "", "select customer_id from orders where customer_id < 100"),
            new Case("backward index scan", "", "select * from orders order by created_at desc limit 10"),
            new Case("union all", "", "select id from customers union all select customer_id from orders"
                    + " where id < 10"),
            new Case("intersect", "", "select id from customers intersect select customer_id from orders"),
            new Case("values scan", "", "select * from (values (1, 'a'), (2, 'b')) v(x, y) where x > 1"),
            new Case("function scan", "", "select * from generate_series(1, 10) g where g % 2 = 0"),
            new Case("update", "", "update orders set amount = amount + 1 where id < 10"),
            new Case("delete", "", "delete from orders where id < 0"),
            new Case("insert select", "", "insert into customers select g + 100000, 'n', 'FR', now()"
                    + " from generate_series(1, 10) g"),
            new Case("distinct", "", "select distinct country from customers"),
            new Case("incremental sort", "", "select * from orders where customer_id < 100 order by customer_id,"
                    + " amount limit 50"),
            new Case("memoize", "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off",
                    "select * from orders o join customers c on c.id = o.customer_id where o.id < 3000"),
            new Case("tablesample", "", "select * from orders tablesample bernoulli (1) repeatable (7)"),
            new Case("jsonb containment", "", "select * from orders where doc @> '{\"k\": 3}'"),
            new Case("lateral", "", "select c.id, t.x from customers c, lateral (select max(amount) x from orders o"
                    + " where o.customer_id = c.id) t where c.id < 10"));

    private static Database db;

    @BeforeAll
    static void setUp(TestDatabase database) {
        database.execute(
                "create table customers (id int primary key, name text, country text, created_at timestamptz)",
                "insert into customers select g, 'c' || g, (array['FR','DE','US','JP'])[1 + g % 4],"
                        + " timestamptz '2024-01-01' + g * interval '1 minute' from generate_series(1, 5000) g",
                "create table orders (id bigint primary key, customer_id int references customers, amount numeric,"
                        + " status text, created_at timestamptz, doc jsonb)",
                "insert into orders select g, 1 + g % 4000, (g * 7919) % 1000, (array['open','paid','void'])[1 + g % 3],"
                        + " timestamptz '2024-01-01' + g * interval '1 second', jsonb_build_object('k', g % 10)"
                        + " from generate_series(1, 60000) g",
                "create index on orders (customer_id)", "create index on orders (created_at)",
                "create table events (id bigint, day date, payload text) partition by range (day)",
                "create table events_1 partition of events for values from ('2024-01-01') to ('2024-01-02')",
                "create table events_2 partition of events for values from ('2024-01-02') to ('2024-01-03')",
                "create table events_3 partition of events for values from ('2024-01-03') to ('2024-01-04')",
                "insert into events select g, date '2024-01-01' + (g % 3), 'p' from generate_series(1, 3000) g",
                "vacuum analyze customers", "vacuum analyze orders", "vacuum analyze events");
        db = Database.of(database.dataSource());
    }

    @TestFactory
    List<DynamicTest> sameTreeInEveryFormat() {
        assertThat(CASES).hasSizeGreaterThanOrEqualTo(30);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < CASES.size(); i++) {
            Case c = CASES.get(i);
            boolean verbose = i % 2 == 1;
            tests.add(DynamicTest.dynamicTest(c.name + " (estimates" + (verbose ? ", verbose" : "") + ")", () -> {
                Map<PlanFormat, Plan> plans = explainAll(c, verbose ? "VERBOSE, SETTINGS" : "SETTINGS");
                Plan json = plans.get(PlanFormat.JSON);
                assertThat(json.analyzed()).isFalse();
                for (Map.Entry<PlanFormat, Plan> e : plans.entrySet()) {
                    assertThat(canonical(e.getValue(), true)).as("%s vs JSON", e.getKey())
                            .isEqualTo(canonical(json, true));
                    assertThat(e.getValue().settings()).as("%s settings", e.getKey()).isEqualTo(json.settings());
                }
                assertThat(extrasKeys(plans.get(PlanFormat.YAML))).isEqualTo(extrasKeys(json));
                assertThat(extrasKeys(plans.get(PlanFormat.XML))).isEqualTo(extrasKeys(json));
                Plan roundTrip = PlanParser.defaults().parse(plans.get(PlanFormat.TEXT).toJson());
                assertThat(canonical(roundTrip, true)).isEqualTo(canonical(json, true));
            }));
            tests.add(DynamicTest.dynamicTest(c.name + " (analyze)", () -> {
                Map<PlanFormat, Plan> plans = explainAll(c, "ANALYZE, BUFFERS" + (verbose ? ", VERBOSE" : ""));
                Plan json = plans.get(PlanFormat.JSON);
                assertThat(json.analyzed()).isTrue();
                for (Map.Entry<PlanFormat, Plan> e : plans.entrySet()) {
                    assertThat(canonical(e.getValue(), false)).as("%s vs JSON", e.getKey())
                            .isEqualTo(canonical(json, false));
                    assertThat(e.getValue().executionTime()).isPresent();
                    for (PlanNode n : e.getValue().nodes()) {
                        assertThat(n.hasActuals()).as("%s %s", e.getKey(), n).isTrue();
                    }
                }
            }));
        }
        return tests;
    }

    private static Map<PlanFormat, Plan> explainAll(Case c, String options) throws java.sql.SQLException {
        Map<PlanFormat, Plan> out = new LinkedHashMap<>();
        for (PlanFormat f : PlanFormat.values()) {
            String text = db.withConnection(conn -> {
                conn.setAutoCommit(false);
                try (Statement st = conn.createStatement()) {
                    if (!c.settings.isEmpty()) {
                        st.execute(c.settings);
                    }
                    StringBuilder sb = new StringBuilder();
                    try (ResultSet rs = st.executeQuery("EXPLAIN (" + options + ", FORMAT " + f + ") " + c.sql)) {
                        while (rs.next()) {
                            sb.append(rs.getString(1)).append('\n');
                        }
                    }
                    return sb.toString();
                } finally {
                    conn.rollback();
                    conn.setAutoCommit(true);
                }
            });
            Plan p = PlanParser.defaults().parse(text);
            assertThat(p.format()).isEqualTo(f);
            out.put(f, p);
        }
        return out;
    }

    private static List<String> extrasKeys(Plan plan) {
        return plan.nodes().stream().map(n -> n.id() + ":" + n.extras().keySet()).collect(Collectors.toList());
    }

    /** Everything the formats must agree on, one line per node. */
    static List<String> canonical(Plan plan, boolean numbers) {
        List<String> out = new ArrayList<>();
        for (PlanNode n : plan.nodes()) {
            StringBuilder sb = new StringBuilder();
            sb.append(n.depth()).append(' ').append(n.describe()).append(" | ").append(n.nodeType())
                    .append(" rel=").append(n.relationship()).append(' ').append(n.subplanName().orElse(""))
                    .append(" strategy=").append(n.strategy().orElse("")).append(" mode=").append(n.partialMode().orElse(""))
                    .append(" op=").append(n.operation().orElse("")).append(" join=").append(n.joinType().orElse(""))
                    .append(" dir=").append(n.scanDirection().orElse("")).append(" schema=").append(n.schema().orElse(""))
                    .append(" alias=").append(n.alias().orElse("")).append(" parallel=").append(n.parallelAware())
                    .append(" async=").append(n.asyncCapable()).append(" filter=").append(n.filter().orElse(""))
                    .append(" jf=").append(n.joinFilter().orElse("")).append(" ic=").append(n.indexCond().orElse(""))
                    .append(" rc=").append(n.recheckCond().orElse("")).append(" hc=").append(n.hashCond().orElse(""))
                    .append(" mc=").append(n.mergeCond().orElse("")).append(" otf=").append(n.oneTimeFilter().orElse(""))
                    .append(" sort=").append(n.sortKey()).append(" presorted=").append(n.presortedKey())
                    .append(" group=").append(n.groupKey()).append(" out=").append(n.output())
                    .append(" workers=").append(n.workersPlanned()).append(" cte=").append(n.cteName().orElse(""))
                    .append(" fn=").append(n.functionName().orElse("")).append(" idx=").append(n.indexName().orElse(""))
                    .append(" key=").append(n.cacheKey().orElse(""));
            if (!numbers) {
                // which workers report for a parallel node varies from run to run, so workers are not compared
                sb.append(" neverExecuted=").append(n.neverExecuted())
                        .append(" sortMethod=").append(n.sortMethod().orElse(""))
                        .append(" sortSpace=").append(n.sortSpaceType().orElse(""))
                        .append(" touchedBuffers=").append(n.buffers().map(b -> !b.equals(Buffers.ZERO)).orElse(false));
            }
            if (numbers) {
                sb.append(String.format(Locale.ROOT, " cost=%.2f..%.2f rows=%.0f width=%.0f",
                        n.startupCost().orElse(-1), n.totalCost().orElse(-1), n.planRows().orElse(-1),
                        n.planWidth().orElse(-1)));
            }
            out.add(sb.toString());
        }
        return out;
    }
}
