package dev.justpg.benchmarks.diagnostics;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.justpg.benchmarks.BenchContext;
import dev.justpg.benchmarks.BenchmarkCase;
import dev.justpg.diagnostics.Plan;
import dev.justpg.diagnostics.PlanParser;
import dev.justpg.testkit.ConnectionInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code plan-json-parse}: a real EXPLAIN (ANALYZE, BUFFERS, VERBOSE) of a join over a table with
 * 400 partitions (about 400 nodes, 0.7 MB of JSON), taken from the server in JSON and TEXT; parse throughput of
 * justpg against a raw Jackson tree of the same bytes, TEXT throughput, and memory per node.
 */
public final class PlanParseCase implements BenchmarkCase {

    private static final int PARTITIONS = 400;

    @Override
    public String name() {
        return "plan-json-parse";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        ConnectionInfo info = ctx.createDatabase("bench_plan_parse");
        String json;
        String text;
        try (Connection c = info.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("create table m (id int, day int, v text) partition by range (day)");
            for (int i = 0; i < PARTITIONS; i++) {
                st.execute("create table m_" + i + " partition of m for values from (" + i + ") to (" + (i + 1) + ")");
            }
            st.execute("insert into m select g, g % " + PARTITIONS + ", md5(g::text) from generate_series(1, 80000) g");
            st.execute("create table k (id int primary key, label text)");
            st.execute("insert into k select g, 'k' || g from generate_series(1, 1000) g");
            st.execute("analyze");
            String query = "select m.*, k.label, (select count(*) from k k2 where k2.id = m.id % 7)"
                    + " from m join k on k.id = m.id % 1000 where m.v like '%a%' order by m.v";
            json = explain(st, "ANALYZE, BUFFERS, VERBOSE, FORMAT JSON", query);
            text = explain(st, "ANALYZE, BUFFERS, VERBOSE, FORMAT TEXT", query);
        }
        Path dir = Files.createTempDirectory("justpg-plan-bench");
        Path jsonFile = Files.writeString(dir.resolve("plan.json"), json);
        Path textFile = Files.writeString(dir.resolve("plan.txt"), text);
        Plan plan = PlanParser.defaults().parse(json);
        int nodes = plan.nodes().size();
        double jsonMb = json.getBytes(StandardCharsets.UTF_8).length / 1e6;
        double textMb = text.getBytes(StandardCharsets.UTF_8).length / 1e6;
        ctx.note("plan: %d nodes, JSON %.3f MB, TEXT %.3f MB", nodes, jsonMb, textMb);

        Options options = new OptionsBuilder()
                .include(PlanParseBenchmark.class.getName())
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(2))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(3))
                .threads(1)
                .timeUnit(TimeUnit.SECONDS)
                .mode(org.openjdk.jmh.annotations.Mode.Throughput)
                .jvmArgsAppend("-D" + PlanParseBenchmark.JSON_PROPERTY + "=" + jsonFile,
                        "-D" + PlanParseBenchmark.TEXT_PROPERTY + "=" + textFile, "-Xmx1g")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        double ours = score(results, "justpgJson") * jsonMb;
        double jackson = score(results, "jacksonTree") * jsonMb;
        double textRate = score(results, "justpgText") * textMb;
        ctx.result(name(), "justpg_json_mb_per_s", ours, "MB/s");
        ctx.result(name(), "jackson_tree_mb_per_s", jackson, "MB/s");
        ctx.result(name(), "justpg_text_mb_per_s", textRate, "MB/s");
        ctx.result(name(), "justpg_text_nodes_per_s", score(results, "justpgText") * nodes, "nodes/s");
        ctx.ratio(name(), "justpg", "jackson tree", ours / jackson);
        ctx.result(name(), "justpg_bytes_per_node", retainedPerCopy(() -> PlanParser.defaults().parse(json)) / nodes,
                "bytes");
        ObjectMapper mapper = new ObjectMapper();
        ctx.result(name(), "jackson_tree_bytes_per_node", retainedPerCopy(() -> mapper.readTree(json)) / nodes,
                "bytes");
        Files.delete(jsonFile);
        Files.delete(textFile);
        Files.delete(dir);
    }

    private static String explain(Statement st, String options, String query) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (ResultSet rs = st.executeQuery("EXPLAIN (" + options + ") " + query)) {
            while (rs.next()) {
                sb.append(rs.getString(1)).append('\n');
            }
        }
        return sb.toString();
    }

    private static double score(Collection<RunResult> results, String method) {
        for (RunResult r : results) {
            if (r.getParams().getBenchmark().endsWith("." + method)) {
                return r.getPrimaryResult().getScore();
            }
        }
        throw new IllegalStateException("no JMH result for " + method);
    }

    /** Heap kept alive by one parsed copy: 20 copies held at once, measured after GC. */
    private static double retainedPerCopy(ThrowingSupplier parse) throws Exception {
        int copies = 20;
        long before = usedAfterGc();
        List<Object> keep = new ArrayList<>(copies);
        for (int i = 0; i < copies; i++) {
            keep.add(parse.get());
        }
        long after = usedAfterGc();
        if (keep.size() != copies) {
            throw new IllegalStateException("lost a copy");
        }
        return (after - before) / (double) copies;
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /** A parse that may throw. */
    private interface ThrowingSupplier {
        Object get() throws Exception;
    }
}
