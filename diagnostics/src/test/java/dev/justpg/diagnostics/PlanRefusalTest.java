package dev.justpg.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What is not a plan is refused with a message that says what it is; odd line terminators, cut
 * psql frames and the depth limit behave the same in every format.
 */
class PlanRefusalTest {

    private static final String PLAN = String.join("\n",
            "Limit  (cost=0.00..0.35 rows=10 width=4) (actual time=0.010..0.020 rows=10 loops=1)",
            "  ->  Seq Scan on t  (cost=0.00..35.50 rows=1000 width=4) (actual time=0.009..0.015 rows=10 loops=1)",
            "        Filter: (a > 1)",
            "        Rows Removed by Filter: 2",
            "Planning Time: 0.100 ms",
            "Execution Time: 0.200 ms");

    private static PlanParseException refused(String input) {
        PlanParseException e = catchThrowableOfType(PlanParseException.class,
                () -> PlanParser.defaults().parse(input));
        assertThat(e).as("refused: %s", input).isNotNull();
        return e;
    }

    private static Plan parse(String input) {
        return PlanParser.defaults().parse(input);
    }

    @Test
    void nonPlansSayWhatTheyLookLike() {
        assertThat(refused("hello world").getMessage())
                .isEqualTo("line 1, column 1: no plan node found: the first line \"hello world\" is not a plan node;"
                        + " expected EXPLAIN output, whose first line is a plan node such as"
                        + " \"Seq Scan on users  (cost=0.00..35.50 rows=2550 width=4)\"");
        PlanParseException error = refused("ERROR:  relation \"users\" does not exist\n"
                + "LINE 1: explain select * from users;\n                              ^\n");
        assertThat(error.getMessage()).contains("this is an error message from psql or PostgreSQL (\"ERROR:  relation"
                + " \"users\" does not exist\"), not a plan: fix the error, run EXPLAIN again and pass its output");
        assertThat(refused("psql:q.sql:3: ERROR:  syntax error at or near \"selec\"").getMessage())
                .contains("error message from psql");
        assertThat(refused("SELECT 1").getMessage()).isEqualTo("line 1, column 1: this looks like SQL (\"SELECT 1\"),"
                + " not a plan: run EXPLAIN (ANALYZE, BUFFERS) on it and pass the output");
        assertThat(refused("  with x as (select 1)\n  select * from x;").getMessage())
                .startsWith("line 1, column 3: this looks like SQL");
        assertThat(refused("EXPLAIN ANALYZE SELECT * FROM users").getMessage())
                .contains("this is an EXPLAIN statement (\"EXPLAIN ANALYZE SELECT * FROM users\"), not its output");
        assertThat(refused("").getMessage()).contains("the input is empty");
        assertThat(refused(" \n\t\n").getMessage()).contains("the input is empty");
        Random r = new Random(3);
        byte[] bytes = new byte[600];
        r.nextBytes(bytes);
        String binary = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).replace('[', 'x')
                .replace('{', 'x').replace('<', 'x').replace('-', 'x');
        assertThat(refused(binary).getMessage()).contains("looks like binary data");
    }

    @Test
    void realPlansAreNotRefused() {
        assertThat(parse("Result").root().nodeType()).isEqualTo("Result");
        assertThat(parse("Seq Scan on t").root().relationName()).contains("t");
        assertThat(parse("Sort\n  Sort Key: a\n  ->  Seq Scan on t").nodes()).hasSize(2);
        // a node type from an extension at the root, recognised by its figures or its children
        assertThat(parse("Columnar Scan on t  (cost=0.00..1.00 rows=1 width=4)").root().nodeType())
                .startsWith("Columnar Scan");
        assertThat(parse("Vector Agg\n  ->  Seq Scan on t").nodes()).hasSize(2);
        // auto_explain in a server log: the lines before the plan are skipped, the query text kept
        Plan logged = parse("2024-05-01 10:00:00 UTC [123] LOG:  duration: 0.045 ms  plan:\n"
                + "\tQuery Text: select * from t where a = 1\n"
                + "\tSeq Scan on t  (cost=0.00..41.88 rows=13 width=8) (actual time=0.010..0.011 rows=0 loops=1)\n"
                + "\t  Filter: (a = 1)\n");
        assertThat(logged.root().filter()).contains("(a = 1)");
        assertThat(logged.extras()).containsEntry("Query Text", "select * from t where a = 1");
        assertThat(refused("hello\nSeq Scan on t").getMessage()).contains("the first line \"hello\"");
    }

    @Test
    void oddLineTerminatorsAndControlCharactersParse() {
        for (String nl : List.of("\n", "\r\n", "\r", "\u0085", "\u2028", "\u2029")) {
            Plan p = parse(PLAN.replace("\n", nl) + nl);
            assertThat(p.nodes()).as("terminator U+%04X", (int) nl.charAt(0)).hasSize(2);
            assertThat(p.executionTime()).hasValue(0.2);
            assertThat(p.node(1).filter()).contains("(a > 1)");
        }
        assertThat(parse(PLAN + "\u0085").executionTime()).hasValue(0.2);
        assertThat(parse("\uFEFF" + PLAN).nodes()).hasSize(2);
        assertThat(parse(PLAN + "\u0000\u001b").nodes()).hasSize(2);
        assertThat(parse(PLAN.replace("Filter", "Fil\u0001ter")).nodes()).hasSize(2);
    }

    @Test
    void psqlFramesWithoutHeaderOrCutAtTheEnd() {
        String box = String.join("\n",
                "┌────────────────────────────────────────────────────────┐",
                "│                       QUERY PLAN                       │",
                "├────────────────────────────────────────────────────────┤",
                "│ Sort  (cost=1.00..2.00 rows=10 width=4)                │",
                "│   Sort Key: a                                          │",
                "│   ->  Seq Scan on t  (cost=0.00..1.00 rows=10 width=4) │",
                "│         Filter: (a > 1)                                │",
                "└────────────────────────────────────────────────────────┘",
                "(4 rows)", "");
        assertThat(parse(box).nodes()).hasSize(2);
        String noHeader = box.substring(0, box.indexOf('\n') + 1) + box.substring(box.indexOf("│ Sort"));
        assertThat(parse(noHeader).nodes()).hasSize(2);
        assertThat(parse(box.substring(box.indexOf("│ Sort"))).nodes()).hasSize(2);
        Plan cut = parse(box.substring(0, box.indexOf("(a > 1)") + 6));
        assertThat(cut.node(1).filter()).contains("(a > 1");
        PlanParseException e = refused(box.substring(0, box.indexOf("rows=10 width=4) │")));
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.column()).isEqualTo(box.split("\n")[5].indexOf("(cost") + 1);
        assertThat(e.getMessage()).contains("was the input cut off?");
        String ascii = String.join("\n",
                "+--------------------------------------------------------+",
                "|                       QUERY PLAN                       |",
                "+--------------------------------------------------------+",
                "| Sort  (cost=1.00..2.00 rows=10 width=4)                |",
                "|   ->  Seq Scan on t  (cost=0.00..1.00 rows=10 width=4) |",
                "+--------------------------------------------------------+");
        assertThat(parse(ascii).nodes()).hasSize(2);
        assertThat(parse(ascii.substring(ascii.indexOf("| Sort"))).nodes()).hasSize(2);
        String aligned = "                 QUERY PLAN\n---------------------------------------------\n"
                + " Sort  (cost=1.00..2.00 rows=10 width=4)\n   ->  Seq Scan on t  (cost=0.00..1.00 rows=10 width=4)\n"
                + "(2 rows)\n";
        assertThat(parse(aligned.substring(aligned.indexOf(" Sort"))).nodes()).hasSize(2);
        PlanParseException cutAligned = refused(aligned.substring(0, aligned.indexOf("rows=10 width=4)\n   ->")));
        assertThat(cutAligned.line()).isEqualTo(3);
    }

    @Test
    void everyCorpusFrameParsesWithoutItsHeaderAndACutOnePointsAtItsLastLine() {
        int withoutHeader = 0;
        for (String f : Corpus.list("11-psql-frames")) {
            String s = Corpus.read("11-psql-frames/" + f);
            int nodes = parse(s).nodes().size();
            String[] lines = s.split("\n", -1);
            int header = -1;
            for (int i = 0; i < Math.min(6, lines.length); i++) {
                if (lines[i].contains("QUERY PLAN")) {
                    header = i;
                    break;
                }
            }
            if (header >= 0 && header + 1 < lines.length && lines[header + 1].matches(".*[-─═━]{3,}.*")) {
                List<String> rest = new java.util.ArrayList<>(List.of(lines).subList(header + 2, lines.length));
                if (header > 0) {
                    rest.add(0, lines[0]);
                }
                assertThat(parse(String.join("\n", rest)).nodes()).as(f).hasSize(nodes);
                withoutHeader++;
            }
            String cut = s.substring(0, s.length() * 2 / 3);
            try {
                assertThat(parse(cut).nodes()).as(f).isNotEmpty();
            } catch (PlanParseException e) {
                assertThat(e.line()).as(f + ": " + e.getMessage()).isEqualTo(cut.split("\n", -1).length);
            }
        }
        assertThat(withoutHeader).isGreaterThan(20);
    }

    @Test
    void oneDepthLimitForEveryReaderAndTheWriter() {
        int max = PlanParser.MAX_PLAN_DEPTH;
        assertThat(max).isEqualTo(500);
        for (int levels : new int[] {max, max + 1}) {
            for (String input : List.of(DeepPlans.text(levels), DeepPlans.json(levels), DeepPlans.yaml(levels),
                    DeepPlans.xml(levels), "QUERY PLAN\n----------\n" + DeepPlans.json(levels))) {
                if (levels <= max) {
                    Plan p = parse(input);
                    assertThat(p.nodes()).hasSize(levels);
                    assertThat(parse(p.toJson()).nodes()).hasSize(levels);
                } else {
                    assertThat(refused(input).getMessage())
                            .contains("the plan is nested deeper than 500 levels, the most PlanParser reads");
                }
            }
        }
    }
}
