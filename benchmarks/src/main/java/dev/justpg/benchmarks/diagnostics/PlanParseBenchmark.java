package dev.justpg.benchmarks.diagnostics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.justpg.diagnostics.Plan;
import dev.justpg.diagnostics.PlanParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: parsing the same large EXPLAIN output with justpg (JSON and TEXT) and building a raw
 * Jackson tree of the JSON bytes, the limit for any JSON-based parser.
 */
@State(Scope.Benchmark)
public class PlanParseBenchmark {

    /** System property holding the JSON plan's path. */
    public static final String JSON_PROPERTY = "justpg.bench.plan.json";
    /** System property holding the TEXT plan's path. */
    public static final String TEXT_PROPERTY = "justpg.bench.plan.text";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private String json;
    private String text;

    /**
     * Loads the plans written by {@link PlanParseCase}.
     *
     * @throws IOException when they cannot be read
     */
    @Setup(Level.Trial)
    public void load() throws IOException {
        json = Files.readString(Path.of(System.getProperty(JSON_PROPERTY)));
        text = Files.readString(Path.of(System.getProperty(TEXT_PROPERTY)));
    }

    /**
     * justpg parsing the JSON plan into its typed tree.
     *
     * @return the plan
     */
    @Benchmark
    public Plan justpgJson() {
        return PlanParser.defaults().parse(json);
    }

    /**
     * Jackson building its generic tree of the same JSON.
     *
     * @return the tree
     * @throws IOException never for this input
     */
    @Benchmark
    public JsonNode jacksonTree() throws IOException {
        return MAPPER.readTree(json);
    }

    /**
     * justpg parsing the same plan in TEXT format.
     *
     * @return the plan
     */
    @Benchmark
    public Plan justpgText() {
        return PlanParser.defaults().parse(text);
    }
}
