package dev.justpg.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Details of each format the corpus does not cover, and the errors. */
class PlanParserTest {

    private static Plan parse(String s) {
        return PlanParser.defaults().parse(s);
    }

    @Test
    void textWithWorkersTriggersSettingsJitAndPlanningSection() {
        String text = String.join("\n",
                "Gather Merge  (cost=1000.44..2000.00 rows=100 width=8) (actual time=1.0..9.0 rows=300 loops=1)",
                "  Output: id",
                "  Workers Planned: 2",
                "  Workers Launched: 2",
                "  ->  Sort  (cost=0.43..1.00 rows=50 width=8) (actual time=0.5..2.0 rows=100 loops=3)",
                "        Output: id",
                "        Sort Key: t.id DESC NULLS LAST",
                "        Sort Method: external merge  Disk: 1024kB",
                "        Worker 0:  actual time=0.4..1.9 rows=90 loops=1",
                "          Sort Method: quicksort  Memory: 25kB",
                "          Buffers: shared hit=7",
                "        Worker 1:  Sort Method: external merge  Disk: 2048kB",
                "        ->  Parallel Seq Scan on public.t  (cost=0.00..0.50 rows=50 width=8) (actual time=0.01..0.2 rows=100 loops=3)",
                "              Output: id",
                "              Filter: ((v)::text ~~ '%x%'::text)",
                "              Rows Removed by Filter: 3",
                "              Mystery Label: kept as is",
                "Settings: work_mem = '64kB', search_path = 'a, b'",
                "Planning:",
                "  Buffers: shared hit=4 read=1",
                "Planning Time: 0.100 ms",
                "Trigger for constraint t_fk on t: time=12.500 calls=40",
                "JIT:",
                "  Functions: 3",
                "  Options: Inlining false, Optimization false, Expressions true, Deforming true",
                "  Timing: Generation 0.340 ms, Inlining 0.000 ms, Optimization 0.168 ms, Emission 1.907 ms, Total 2.414 ms",
                "Execution Time: 9.500 ms");
        Plan plan = parse(text);
        PlanNode sort = plan.node(1);
        assertThat(sort.sortKey()).containsExactly("t.id DESC NULLS LAST");
        assertThat(sort.sortSpaceUsedKb()).hasValue(1024);
        assertThat(sort.workers()).hasSize(2);
        assertThat(sort.workers().get(0).actualLoops()).hasValue(1);
        assertThat(sort.workers().get(0).sortMethod()).contains("quicksort");
        assertThat(sort.workers().get(0).buffers().get().sharedHit()).isEqualTo(7);
        assertThat(sort.workers().get(1).property("Sort Space Used")).contains(2048.0);
        PlanNode scan = plan.node(2);
        assertThat(scan.parallelAware()).isTrue();
        assertThat(scan.schema()).contains("public");
        assertThat(scan.relationName()).contains("t");
        assertThat(scan.alias()).contains("t");
        assertThat(scan.extras()).containsEntry("Mystery Label", "kept as is");
        assertThat(plan.settings()).isEqualTo(Map.of("work_mem", "64kB", "search_path", "a, b"));
        assertThat(plan.planningBuffers().get().sharedRead()).isEqualTo(1);
        assertThat(plan.triggers()).singleElement().satisfies(t -> {
            assertThat(t.constraintName()).contains("t_fk");
            assertThat(t.relation()).contains("t");
            assertThat(t.calls()).isEqualTo(40);
            assertThat(t.isForeignKeyCheck()).isTrue();
        });
        assertThat(plan.jit().get().totalMs()).isEqualTo(2.414);
        assertThat(plan.jit().get().functions()).isEqualTo(3);
        assertThat(plan.executionTime()).hasValue(9.5);
        NodeMetrics m = plan.metrics().node(scan);
        assertThat(m.parallelProcesses()).isEqualTo(3);
        assertThat(m.inclusiveTimeMs().getAsDouble()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(m.totalRows()).hasValue(300);
        assertThat(m.accuracy()).isEqualTo(NodeMetrics.Accuracy.ESTIMATED);
    }

    @Test
    void pgAdminCsvQuotesAndTabs() {
        Plan plan = parse("\"QUERY PLAN\"\n\"Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\"\n"
                + "\"  Filter: (name = 'say \"\"hi\"\"'::text)\"\n");
        assertThat(plan.root().filter()).contains("(name = 'say \"hi\"'::text)");
        Plan tabs = parse("Limit  (cost=0.00..0.01 rows=1 width=4)\n\t->  Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)"
                + "\n\t\t\tFilter: (a > 1)\n");
        assertThat(tabs.node(1).filter()).contains("(a > 1)");
        assertThat(tabs.node(1).relationship()).isEqualTo(NodeRelationship.OUTER);
    }

    @Test
    void yamlAndXmlKeepUnknownKeysVerbatim() {
        Plan yaml = parse("- Plan: \n    Node Type: \"Foreign Scan\"\n    Operation: \"Select\"\n"
                + "    Relation Name: \"remote\"\n    Alias: \"remote\"\n    Remote SQL: \"SELECT 1\"\n"
                + "    Startup Cost: 100.00\n    Total Cost: 150.00\n    Plan Rows: 10\n    Plan Width: 4\n"
                + "  Planning Time: 0.5\n");
        assertThat(yaml.format()).isEqualTo(PlanFormat.YAML);
        assertThat(yaml.root().extras()).containsEntry("Remote SQL", "SELECT 1");
        assertThat(yaml.root().totalCost()).hasValue(150);
        Plan xml = parse("<explain xmlns=\"http://www.postgresql.org/2009/explain\"><Query><Plan>"
                + "<Node-Type>Sort</Node-Type><Sort-Key><Item>a</Item><Item>b DESC</Item></Sort-Key>"
                + "<I-O-Read-Time>1.5</I-O-Read-Time><Future-Key>x</Future-Key></Plan>"
                + "<Planning-Time>0.25</Planning-Time></Query></explain>");
        assertThat(xml.root().sortKey()).containsExactly("a", "b DESC");
        assertThat(xml.root().ioTimings().get().sharedLocalRead()).isEqualTo(1.5);
        assertThat(xml.root().extras()).containsEntry("Future Key", "x");
        assertThat(xml.planningTime()).hasValue(0.25);
    }

    @Test
    void errorsPointAtLineAndColumn() {
        assertThatThrownBy(() -> parse("Limit  (cost=0.00..0.01 rows=1 width=4)\n  ->  Seq Scan on t  (cost=0.00..1"))
                .isInstanceOfSatisfying(PlanParseException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(22);
                });
        assertThatThrownBy(() -> parse("[\n  {\n    \"Plan\": {\n      \"Node Type\": \"Seq Scan\",\n      \"Plans\": 3"))
                .isInstanceOfSatisfying(PlanParseException.class, e -> {
                    assertThat(e.line()).isEqualTo(5);
                    assertThat(e.getMessage()).contains("\"Plans\" must be an array");
                });
        assertThatThrownBy(() -> parse("   \n  ")).isInstanceOf(PlanParseException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> parse("[{\"Plan\": {\"Node Type\": \"Sort\", \"Startup Cost\": \"cheap\"}}]"))
                .isInstanceOf(PlanParseException.class).hasMessageContaining("\"Startup Cost\" must be a number");
        assertThatThrownBy(() -> PlanParser.builder().maxInputChars(10).build().parse("Result  (cost=0.00..0.01 rows=1 width=0)"))
                .isInstanceOf(PlanParseException.class).hasMessageContaining("maxInputChars");
        assertThatThrownBy(() -> PlanParser.builder().maxInputChars(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxInputChars");
    }

    @Test
    void xmlExternalEntitiesAreNotResolved() throws Exception {
        Path secret = Files.createTempFile("justpg-secret", ".txt");
        Files.writeString(secret, "TOP-SECRET");
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE explain [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<explain><Query><Plan><Node-Type>&x;</Node-Type></Plan></Query></explain>";
        try {
            Plan p = parse(xml);
            assertThat(p.root().nodeType()).doesNotContain("TOP-SECRET");
        } catch (PlanParseException e) {
            assertThat(e.getMessage()).doesNotContain("TOP-SECRET");
        } finally {
            Files.delete(secret);
        }
    }

    @Test
    void textToJsonRoundTrip() {
        Plan text = parse(Corpus.read("from-text/14-plan"));
        Plan back = parse(text.toJson());
        assertThat(FormatConsistencyTest.canonical(back, true)).isEqualTo(FormatConsistencyTest.canonical(text, true));
        assertThat(back.executionTime()).isEqualTo(text.executionTime());
        assertThat(List.of(back.format(), text.format())).containsExactly(PlanFormat.JSON, PlanFormat.TEXT);
    }
}
