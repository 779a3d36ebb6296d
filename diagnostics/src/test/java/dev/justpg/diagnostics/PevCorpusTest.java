package dev.justpg.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every plan of the PEV2 test corpus (copied with its LICENSE under plans/pev2) parses, and
 * matches PEV2's expectation: each key the expectation names has the same value in justpg's
 * JSON output (see {@link PevExpectation} for PEV2's own conventions that are translated).
 */
class PevCorpusTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode ours(String planText) throws Exception {
        Plan plan = PlanParser.defaults().parse(planText);
        return MAPPER.readTree(plan.toJson()).get(0);
    }

    private static List<DynamicTest> expectations(String dir) {
        List<String> files = Corpus.list(dir);
        List<DynamicTest> tests = new ArrayList<>();
        for (String f : files) {
            if (!f.endsWith("-plan")) {
                continue;
            }
            String expect = f.substring(0, f.length() - 4) + "expect";
            assertThat(files).as("every plan has an expectation").contains(expect);
            tests.add(DynamicTest.dynamicTest(dir + "/" + f, () -> {
                JsonNode expected = MAPPER.readTree(Corpus.read(dir + "/" + expect));
                JsonNode actual = ours(Corpus.read(dir + "/" + f));
                assertThat(PevExpectation.mismatches(expected, actual)).as(actual.toPrettyString()).isEmpty();
            }));
        }
        assertThat(tests.size() * 2).as("every file of %s is checked", dir).isEqualTo(files.size());
        return tests;
    }

    @TestFactory
    List<DynamicTest> fromText() {
        return expectations("from-text");
    }

    @TestFactory
    List<DynamicTest> lineWrappedPlans() {
        return expectations("12-line-wrapped-plans");
    }

    /** The root's I/O timings and PEV2's derived I/O figures (its "*" keys) from our metrics. */
    @TestFactory
    List<DynamicTest> ioTimings() {
        List<String> files = Corpus.list("21-io-timings");
        List<DynamicTest> tests = new ArrayList<>();
        for (String f : files) {
            if (!f.endsWith(".plan")) {
                continue;
            }
            String expect = f.replace(".plan", ".expect");
            tests.add(DynamicTest.dynamicTest("21-io-timings/" + f, () -> {
                Plan plan = PlanParser.defaults().parse(Corpus.read("21-io-timings/" + f));
                JsonNode root = MAPPER.readTree(plan.toJson()).get(0).get("Plan");
                NodeMetrics m = plan.metrics().node(plan.root());
                ObjectNode actual = root.deepCopy();
                m.ioReadTimeMs().ifPresent(v -> actual.put("*I/O Read Time (all scopes)", v));
                m.ioWriteTimeMs().ifPresent(v -> actual.put("*I/O Write Time (all scopes)", v));
                m.exclusiveIoReadTimeMs().ifPresent(v -> actual.put("*I/O Read Time (exclusive, all scopes)", v));
                m.exclusiveIoWriteTimeMs().ifPresent(v -> actual.put("*I/O Write Time (exclusive, all scopes)", v));
                actual.put("*I/O Read Time speed (all scopes)", m.readBlocksPerSecond().orElse(0));
                actual.put("*I/O Write Time speed (all scopes)", m.writtenBlocksPerSecond().orElse(0));
                JsonNode expected = MAPPER.readTree(Corpus.read("21-io-timings/" + expect));
                List<String> problems = new ArrayList<>();
                expected.properties().forEach(e -> {
                    JsonNode a = actual.get(e.getKey());
                    double want = e.getValue().asDouble();
                    if (a == null) {
                        problems.add(e.getKey() + " missing");
                    } else if (Math.abs(a.asDouble() - want) > 0.001 + 1e-6 * Math.abs(want)) {
                        problems.add(e.getKey() + ": expected " + want + ", got " + a.asDouble());
                    }
                });
                assertThat(problems).as(actual.toPrettyString()).isEmpty();
            }));
        }
        assertThat(tests.size() * 2).isEqualTo(files.size());
        return tests;
    }

    /** The same plan copied from psql with every border and line style, in TEXT and JSON. */
    @Test
    void psqlFramesAllReadAsTheSamePlan() throws Exception {
        List<String> files = Corpus.list("11-psql-frames");
        int checked = 0;
        for (String f : files) {
            if (f.equals("text-3-dbeaver.plan")) {
                continue;
            }
            Plan plan = PlanParser.defaults().parse(Corpus.read("11-psql-frames/" + f));
            assertThat(plan.format()).as(f).isEqualTo(f.startsWith("json") ? PlanFormat.JSON : PlanFormat.TEXT);
            assertThat(shape(plan)).as(f).isEqualTo(List.of(
                    "Nested Loop Inner 0.0..2017.8 rows=15 actualRows=15.0 loops=1.0",
                    "Seq Scan users/u 0.0..41.4 rows=1 actualRows=1.0 loops=1.0 filter=(username = 'depesz'::text) removed=1231.0",
                    "Seq Scan part_0/p 0.0..1976.25 rows=15 actualRows=15.0 loops=1.0 filter=(added_by = 'depesz'::text) removed=13205.0"));
            assertThat(plan.planningTime()).as(f).isPresent();
            assertThat(plan.executionTime().getAsDouble()).as(f).isBetween(1.0, 3.0);
            checked++;
        }
        assertThat(checked).isEqualTo(files.size() - 1);
    }

    @Test
    void dbeaverCopyWithRightBorder() {
        Plan plan = PlanParser.defaults().parse(Corpus.read("11-psql-frames/text-3-dbeaver.plan"));
        PlanNode delete = plan.root();
        assertThat(delete.nodeType()).isEqualTo("ModifyTable");
        assertThat(delete.operation()).contains("Delete");
        assertThat(delete.schema()).contains("public");
        assertThat(delete.relationName()).contains("toto123456789");
        assertThat(delete.wal()).contains(WalUsage.of(5_000_000, 7015, 327_276_611, 0));
        assertThat(delete.buffers().get().sharedDirtied()).isEqualTo(22124);
        PlanNode scan = delete.children().get(0);
        assertThat(scan.output()).containsExactly("ctid");
        assertThat(plan.planningBuffers().get().sharedHit()).isEqualTo(4);
        assertThat(plan.executionTime()).hasValue(4024.335);
    }

    static List<String> shape(Plan plan) {
        return plan.nodes().stream().map(n -> n.nodeType()
                + (n.joinType().isPresent() ? " " + n.joinType().get() : "")
                + (n.relationName().isPresent() ? " " + n.relationName().get() + "/" + n.alias().orElse("") : "")
                + " " + n.startupCost().orElse(-1) + ".." + n.totalCost().orElse(-1)
                + " rows=" + (long) n.planRows().orElse(-1)
                + " actualRows=" + n.actualRows().orElse(-1) + " loops=" + n.actualLoops().orElse(-1)
                + n.filter().map(x -> " filter=" + x).orElse("")
                + (n.rowsRemovedByFilter().isPresent() ? " removed=" + n.rowsRemovedByFilter().getAsDouble() : ""))
                .collect(Collectors.toList());
    }

    /** Exclusive times never count a CTE's or InitPlan's time twice, and add up to the root's. */
    @TestFactory
    List<DynamicTest> cteExclusiveTime() {
        List<String> files = Corpus.list("cte-exclusive-time");
        List<DynamicTest> tests = new ArrayList<>();
        for (String f : files) {
            tests.add(DynamicTest.dynamicTest("cte-exclusive-time/" + f, () -> {
                Plan plan = PlanParser.defaults().parse(Corpus.read("cte-exclusive-time/" + f));
                PlanMetrics m = plan.metrics();
                double sum = 0;
                for (PlanNode n : plan.nodes()) {
                    NodeMetrics nm = m.node(n);
                    assertThat(nm.exclusiveTimeMs()).as("%s: %s", n, nm.note()).isPresent();
                    assertThat(nm.exclusiveTimeMs().getAsDouble()).as(n.toString()).isGreaterThanOrEqualTo(0);
                    sum += nm.exclusiveTimeMs().getAsDouble();
                }
                double root = m.node(plan.root()).inclusiveTimeMs().getAsDouble();
                assertThat(sum).as("exclusive times add up to the root's time").isCloseTo(root,
                        org.assertj.core.data.Offset.offset(0.01 * root + 0.05));
            }));
        }
        assertThat(tests).hasSize(5);
        return tests;
    }

    @Test
    void cteReadByTwoScansIsNotCountedTwice() {
        Plan plan = PlanParser.defaults().parse(Corpus.read("cte-exclusive-time/02.plan"));
        PlanMetrics m = plan.metrics();
        PlanNode append = plan.root();
        PlanNode cte = append.children().get(0);
        PlanNode scanX = append.children().get(1);
        PlanNode scanX1 = append.children().get(2);
        assertThat(cte.isCte()).isTrue();
        assertThat(m.node(append).exclusiveTimeMs().getAsDouble()).isCloseTo(504.954 - 504.937 - 0.007,
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(m.node(scanX).exclusiveTimeMs().getAsDouble()).isCloseTo(504.937 - 504.880,
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(m.node(scanX).accuracy()).isEqualTo(NodeMetrics.Accuracy.ESTIMATED);
        assertThat(m.node(scanX1).exclusiveTimeMs().getAsDouble()).isCloseTo(0.007,
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(m.node(cte).exclusiveTimeMs().getAsDouble()).isCloseTo(504.880,
                org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void initPlanTimeIsTakenFromTheNodeThatUsesItsParameter() {
        Plan plan = PlanParser.defaults().parse(Corpus.read("cte-exclusive-time/04.plan"));
        PlanMetrics m = plan.metrics();
        PlanNode limit = plan.root();
        PlanNode sort = limit.children().get(1);
        PlanNode scan = sort.children().get(0);
        assertThat(scan.indexCond()).contains("(pond_user = $0)");
        assertThat(m.node(limit).exclusiveTimeMs().getAsDouble()).isCloseTo(0.002, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(m.node(sort).exclusiveTimeMs().getAsDouble()).isCloseTo(0.015, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(m.node(scan).exclusiveTimeMs().getAsDouble()).isCloseTo(0.003, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(Map.of("limit", limit.relationship())).containsEntry("limit", NodeRelationship.ROOT);
    }
}
