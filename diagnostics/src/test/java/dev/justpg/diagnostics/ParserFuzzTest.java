package dev.justpg.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random, truncated and mangled input never hangs and fails only with a
 * {@link PlanParseException} that points at a line and column. Seeds are the corpus plans in
 * every format (TEXT, JSON from psql frames, plus YAML and XML written here).
 */
class ParserFuzzTest {

    private static final Duration PER_INPUT = Duration.ofSeconds(5);
    private static final String CHARS =
            "()[]{}<>:;,.=-+'\"\\|│─↵ \t\n->0123456789abcxyzABCXYZ$#\r\u0085\u2028\u2029\u0000\u0001\u001b\uFEFF\uFFFD";

    private static List<String> seeds() {
        List<String> seeds = new ArrayList<>();
        for (String dir : List.of("from-text", "12-line-wrapped-plans", "11-psql-frames", "cte-exclusive-time")) {
            for (String f : Corpus.list(dir)) {
                if (!f.endsWith("expect")) {
                    seeds.add(Corpus.read(dir + "/" + f));
                }
            }
        }
        for (String format : List.of("txt", "json", "yaml", "xml")) {
            seeds.add(LiveCorpusTest.read("pg18/window-and-material." + format));
        }
        seeds.add("- Plan: \n    Node Type: \"Seq Scan\"\n    Relation Name: \"t\"\n    Startup Cost: 0.00\n"
                + "    Total Cost: 1.00\n    Plans: \n      - Node Type: \"Hash\"\n  Planning Time: 0.1\n");
        seeds.add("<explain xmlns=\"http://www.postgresql.org/2009/explain\">\n  <Query>\n    <Plan>\n"
                + "      <Node-Type>Seq Scan</Node-Type>\n      <Startup-Cost>0.00</Startup-Cost>\n"
                + "      <Plans>\n        <Plan>\n          <Node-Type>Hash</Node-Type>\n        </Plan>\n"
                + "      </Plans>\n    </Plan>\n    <Planning-Time>0.1</Planning-Time>\n  </Query>\n</explain>\n");
        return seeds;
    }

    private static String mutate(String s, Random r) {
        StringBuilder sb = new StringBuilder(s);
        int edits = 1 + r.nextInt(8);
        for (int i = 0; i < edits && sb.length() > 0; i++) {
            int at = r.nextInt(sb.length());
            switch (r.nextInt(5)) {
                case 0:
                    sb.setLength(at);
                    break;
                case 1:
                    sb.deleteCharAt(at);
                    break;
                case 2:
                    sb.insert(at, CHARS.charAt(r.nextInt(CHARS.length())));
                    break;
                case 3:
                    sb.replace(at, Math.min(sb.length(), at + r.nextInt(20)), "");
                    break;
                default:
                    int from = r.nextInt(sb.length());
                    int len = Math.min(40, sb.length() - from);
                    sb.insert(at, sb.substring(from, from + len));
                    break;
            }
        }
        return sb.toString();
    }

    private static void check(String input) {
        assertTimeoutPreemptively(PER_INPUT, () -> {
            try {
                Plan p = PlanParser.defaults().parse(input);
                assertThat(p.nodes()).isNotEmpty();
                p.metrics();
                PlanAdvisor.defaults().findings(p);
                PlanReport.of(p).html();
                p.toJson();
            } catch (PlanParseException e) {
                assertThat(e.line()).isPositive();
                assertThat(e.column()).isPositive();
                assertThat(e.getMessage()).startsWith("line " + e.line() + ", column " + e.column() + ": ");
            }
        }, () -> "input did not finish in time:\n" + input);
    }

    @Test
    void mutatedCorpusPlans() {
        Random r = new Random(20240101L);
        List<String> seeds = seeds();
        for (int i = 0; i < 1500; i++) {
            check(mutate(seeds.get(r.nextInt(seeds.size())), r));
        }
    }

    @Test
    void everyTruncationOfAPlanInEachFormat() {
        for (String seed : List.of(Corpus.read("from-text/14-plan"),
                Corpus.read("11-psql-frames/json-2-aligned-unicode-single-double-single.plan"), seeds().get(seeds().size() - 1),
                seeds().get(seeds().size() - 2))) {
            for (int cut = 0; cut <= seed.length(); cut += Math.max(1, seed.length() / 150)) {
                check(seed.substring(0, cut));
            }
        }
    }

    @Test
    void oddLineTerminatorsAndControlCharactersInEveryFormat() {
        Random r = new Random(11);
        String[] odd = {"\r", "\u0085", "\u2028", "\u2029", "\u0000", "\u000b", "\u001b", "\uFEFF", "\r\r\n"};
        for (String seed : seeds()) {
            for (String o : odd) {
                check(seed.replace("\n", o));
                check(seed + o);
                check(o + seed);
                StringBuilder sb = new StringBuilder(seed);
                for (int i = 0; i < 5 && sb.length() > 0; i++) {
                    sb.insert(r.nextInt(sb.length()), o);
                }
                check(sb.toString());
            }
        }
    }

    @Test
    void randomText() {
        Random r = new Random(7);
        for (int i = 0; i < 300; i++) {
            StringBuilder sb = new StringBuilder();
            int len = r.nextInt(400);
            for (int j = 0; j < len; j++) {
                sb.append(r.nextInt(10) == 0 ? (char) (32 + r.nextInt(0x2500)) : CHARS.charAt(r.nextInt(CHARS.length())));
            }
            check(sb.toString());
        }
    }

    @Test
    void hugeLinesAndDeepNestingStayBounded() {
        check("Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n  Buffers: " + "a".repeat(200_000) + "\n"
                + "  Filter: " + " ".repeat(200_000) + "x\n" + "Trigger " + " on ".repeat(50_000) + "\n");
        check("Result" + " ".repeat(300_000) + "(cost");
        StringBuilder deep = new StringBuilder("Result  (cost=0.00..0.01 rows=1 width=4)\n");
        for (int i = 1; i < 2 * PlanParser.MAX_PLAN_DEPTH; i++) {
            deep.append(" ".repeat(2 + 6 * (i - 1))).append("->  Result  (cost=0.00..0.01 rows=1 width=4)\n");
        }
        check(deep.toString());
        check("[".repeat(5000));
        check("<explain>" + "<a>".repeat(5000));
    }
}
