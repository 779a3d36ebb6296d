package dev.justpg.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The live corpus ({@code plans/live}, captured by {@link LiveCorpusGenerator} from PostgreSQL
 * 15 and 18 in four formats) gives the findings written in {@code expected-findings.txt} in
 * every format and version, no more: nodes that a Limit, a semi or anti join, an EXISTS subplan
 * or a merge join stopped early are not misestimates, real misestimates are; and the own times
 * of every plan add up to its total.
 */
class LiveCorpusTest {

    private static final List<String> VERSIONS = List.of("pg15", "pg18");
    private static final List<String> FORMATS = List.of("txt", "json", "yaml", "xml");

    static String read(String path) {
        try (InputStream in = LiveCorpusTest.class.getResourceAsStream("/plans/live/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource plans/live/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Query name to its expected findings, each {@code TYPE@node [sql]}. */
    static Map<String, TreeSet<String>> expected() {
        Map<String, TreeSet<String>> out = new LinkedHashMap<>();
        for (String line : read("expected-findings.txt").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(": ");
            String name = line.substring(0, colon);
            TreeSet<String> findings = out.computeIfAbsent(name, k -> new TreeSet<>());
            String rest = line.substring(colon + 2).strip();
            if (!rest.equals("none")) {
                findings.add(rest);
            }
        }
        return out;
    }

    static TreeSet<String> findings(Plan plan) {
        TreeSet<String> out = new TreeSet<>();
        for (Finding f : PlanAdvisor.defaults().findings(plan)) {
            out.add(f.type() + "@" + plan.node(f.nodeId().orElse(0)).describe()
                    + f.sql().map(s -> " [" + s + "]").orElse(""));
        }
        return out;
    }

    @TestFactory
    List<DynamicTest> everyPlanGivesTheExpectedFindingsAndNoOthers() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, TreeSet<String>> e : expected().entrySet()) {
            for (String version : VERSIONS) {
                for (String format : FORMATS) {
                    String path = version + "/" + e.getKey() + "." + format;
                    tests.add(DynamicTest.dynamicTest(path, () -> {
                        Plan plan = PlanParser.defaults().parse(read(path));
                        assertThat(findings(plan)).as(path).isEqualTo(e.getValue());
                    }));
                }
            }
        }
        assertThat(tests).hasSize(LiveCorpusQueries.QUERIES.size() * VERSIONS.size() * FORMATS.size());
        return tests;
    }

    @TestFactory
    List<DynamicTest> ownTimesAddUpToTheTotal() {
        List<DynamicTest> tests = new ArrayList<>();
        List<String> paths = new ArrayList<>(List.of("pg15/cte-under-gather-shutdown.txt"));
        for (LiveCorpusQueries.Query q : LiveCorpusQueries.QUERIES) {
            for (String version : VERSIONS) {
                for (String format : FORMATS) {
                    paths.add(version + "/" + q.name() + "." + format);
                }
            }
        }
        for (String path : paths) {
            tests.add(DynamicTest.dynamicTest(path, () -> {
                Plan plan = PlanParser.defaults().parse(read(path));
                PlanMetrics m = plan.metrics();
                double sum = m.nodes().stream().mapToDouble(n -> n.exclusiveTimeMs().orElse(0)).sum();
                assertThat(sum / m.totalTimeMs().getAsDouble()).as(path).isBetween(0.98, 1.02);
            }));
        }
        return tests;
    }

    @Test
    void materializedCteWhoseGatherShutsDownAfterTheLastRowIsCountedOnce() {
        Plan plan = PlanParser.defaults().parse(read("pg15/cte-under-gather-shutdown.txt"));
        PlanMetrics m = plan.metrics();
        PlanNode cteScan = plan.nodes().stream().filter(n -> n.nodeType().equals("CTE Scan")).findFirst().get();
        assertThat(m.node(cteScan).exclusiveTimeMs()).hasValue(0);
        // the Gather's 11 ms of shutdown after the last row was read belong to the CTE, not to the Merge Join
        assertThat(m.node(plan.root()).exclusiveTimeMs().getAsDouble()).isBetween(0.1, 0.5);
        double sum = m.nodes().stream().mapToDouble(n -> n.exclusiveTimeMs().orElse(0)).sum();
        assertThat(sum).isCloseTo(92.223, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void postgres18LinesAreRead() {
        for (String format : FORMATS) {
            Plan plan = PlanParser.defaults().parse(read("pg18/window-and-material." + format));
            PlanNode window = plan.root();
            assertThat(window.property("Window")).as(format).contains("w1 AS (PARTITION BY u.id ORDER BY c.c)");
            assertThat(window.property("Storage")).as(format).contains("Memory");
            assertThat(window.property("Maximum Storage")).as(format).contains(17.0);
            assertThat(window.buffers().get().sharedHit()).as(format).isEqualTo(547);
            PlanNode material = plan.nodes().stream().filter(n -> n.nodeType().equals("Materialize")).findFirst().get();
            assertThat(material.property("Maximum Storage")).as(format).contains(26.0);
            assertThat(material.actualRows()).as(format).hasValue(299.0);
            PlanNode cteScan = PlanParser.defaults().parse(read("pg18/cte-under-gather." + format)).nodes().stream()
                    .filter(n -> n.nodeType().equals("CTE Scan")).findFirst().get();
            assertThat(cteScan.property("Storage")).as(format).contains("Memory");
        }
        Plan index = PlanParser.defaults().parse(read("pg18/limit-index-order.txt"));
        assertThat(index.node(1).property("Index Searches")).contains(1.0);
        assertThat(index.node(1).actualRows()).hasValue(5.0);
        for (String format : FORMATS) {
            Plan p = PlanParser.defaults().parse(read("pg18/limit-index-order." + format));
            assertThat(p.node(1).property("Index Searches")).as(format).contains(1.0);
        }
    }
}
