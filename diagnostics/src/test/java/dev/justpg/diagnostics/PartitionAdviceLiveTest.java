package dev.justpg.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.core.Database;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An index for a filter on partitions is suggested on the partitioned table, found from the plan
 * or, when the query aliases the table, from the catalog; the suggested statement runs and the
 * partitions then use the index.
 */
@PostgresTest
class PartitionAdviceLiveTest {

    private static Database db;
    private static Explainer explainer;

    @BeforeAll
    static void setUp(TestDatabase database) {
        database.execute(
                "create table readings (day date not null, v int not null) partition by range (day)",
                "create table readings_2024_01 partition of readings for values from ('2024-01-01') to ('2024-02-01')",
                "create table readings_2024_02 partition of readings for values from ('2024-02-01') to ('2024-03-01')",
                "create table readings_2024_03 partition of readings for values from ('2024-03-01') to ('2024-04-01')",
                "insert into readings select date '2024-01-01' + (g % 90), g from generate_series(1, 60000) g",
                "create table plain_readings (day date not null, v int not null)",
                "insert into plain_readings select date '2024-01-01' + (g % 90), g from generate_series(1, 60000) g",
                "analyze");
        db = Database.of(database.dataSource());
        explainer = Explainer.builder(db).build();
    }

    private static List<Finding> scans(PlanAdvisor advisor, Plan plan) {
        return advisor.findings(plan).stream().filter(f -> f.type() == FindingType.SEQ_SCAN_SELECTIVE_FILTER)
                .collect(Collectors.toList());
    }

    @Test
    void fromThePlanTheIndexGoesOnThePartitionedTableAndServesEveryPartition() {
        Plan plan = explainer.explain("select * from readings where v = ?", 4242);
        List<Finding> f = scans(PlanAdvisor.defaults(), plan);
        assertThat(f).hasSize(1);
        IndexSuggestion index = f.get(0).index().get();
        assertThat(index.partitioned()).isTrue();
        assertThat(index.table()).isEqualTo("\"readings\"");
        assertThat(f.get(0).sql()).contains("CREATE INDEX ON \"readings\" (\"v\")");
        assertThat(index.reason()).contains("partitions the plan reads for readings");
        assertThat(f.get(0).title()).contains("3 partitions of \"readings\"");
        assertThat(f.get(0).evidence()).containsEntry("rows read", 60000.0);
        db.execute(f.get(0).sql().get());
        Plan after = explainer.explain("select * from readings where v = ?", 4242);
        assertThat(after.nodes().stream().filter(n -> n.indexName().isPresent()).map(PlanNode::indexName))
                .hasSize(3);
        assertThat(after.nodes()).noneMatch(n -> n.nodeType().equals("Seq Scan"));
        assertThat(scans(PlanAdvisor.defaults(), after)).isEmpty();
        db.execute("drop index readings_v_idx");
    }

    @Test
    void anAliasHidesTheParentFromThePlanAndTheCatalogTellsIt() {
        Plan plan = explainer.explain("select * from readings r where r.v = ?", 4242);
        List<Finding> planOnly = scans(PlanAdvisor.defaults(), plan);
        assertThat(planOnly).hasSize(3).allMatch(f -> !f.index().get().partitioned())
                .allMatch(f -> f.action().contains("looks like one of the partitions of the table the query calls r"));
        List<Finding> withCatalog = scans(PlanAdvisor.builder().database(db).build(), plan);
        assertThat(withCatalog).hasSize(1);
        assertThat(withCatalog.get(0).sql()).contains("CREATE INDEX ON \"public\".\"readings\" (\"v\")");
        assertThat(withCatalog.get(0).index().get().reason()).contains("(from the catalog)");
    }

    @Test
    void aTableThatIsNotAPartitionKeepsItsOwnIndex() {
        Plan plan = explainer.explain("select * from plain_readings p where p.v = ?", 4242);
        List<Finding> f = scans(PlanAdvisor.builder().database(db).build(), plan);
        assertThat(f).hasSize(1);
        assertThat(f.get(0).sql()).contains("CREATE INDEX CONCURRENTLY ON \"plain_readings\" (\"v\")");
        assertThat(f.get(0).index().get().partitioned()).isFalse();
    }
}
