package dev.justpg.benchmarks;

import dev.justpg.benchmarks.backup.BackupCase;
import dev.justpg.benchmarks.diagnostics.PlanParseCase;
import dev.justpg.benchmarks.health.HealthCase;
import dev.justpg.benchmarks.jobs.JobsCase;
import dev.justpg.benchmarks.pitr.BaseBackupCase;
import dev.justpg.benchmarks.pubsub.PubSubCase;
import dev.justpg.benchmarks.search.SearchCase;
import dev.justpg.benchmarks.tenancy.TenancyCase;
import dev.justpg.testkit.EmbeddedServer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs benchmarks by name ({@code all} for every one) on one embedded PostgreSQL and prints the
 * machine header, then RESULT and RATIO lines. Run with
 * {@code mvn -q -Pbench verify -pl benchmarks -am -Dbench=core-tx}.
 */
public final class Bench {

    private static final Map<String, BenchmarkCase> CASES = new LinkedHashMap<>();

    static {
        register(new CoreTxCase());
        register(new PubSubCase());
        register(new TenancyCase());
        register(new PlanParseCase());
        register(new HealthCase());
        register(new BaseBackupCase());
        register(new JobsCase());
        register(new BackupCase());
        register(new SearchCase());
    }

    private Bench() {
    }

    private static void register(BenchmarkCase c) {
        CASES.put(c.name(), c);
    }

    /**
     * Entry point.
     *
     * @param args benchmark names, or {@code all}
     * @throws Exception when a benchmark fails
     */
    public static void main(String[] args) throws Exception {
        List<BenchmarkCase> selected = new ArrayList<>();
        for (String arg : args.length == 0 ? new String[] {"all"} : args) {
            for (String name : arg.split(",")) {
                if (name.equals("all")) {
                    selected.addAll(CASES.values());
                } else if (CASES.containsKey(name)) {
                    selected.add(CASES.get(name));
                } else {
                    throw new IllegalArgumentException("unknown benchmark '" + name + "'; known: " + CASES.keySet());
                }
            }
        }
        PrintStream out = System.out;
        try (EmbeddedServer server = EmbeddedServer.builder().start()) {
            BenchContext ctx = new BenchContext(server, out);
            long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getTotalMemorySize();
            out.printf(Locale.ROOT, "MACHINE cores=%d memory=%.1fGiB java=%s os=%s postgres=%s"
                            + " synchronous_commit=%s fsync=%s shared_buffers=%s%n",
                    Runtime.getRuntime().availableProcessors(), memory / (1024.0 * 1024 * 1024),
                    System.getProperty("java.version"), System.getProperty("os.name"), server.version(),
                    ctx.setting("synchronous_commit"), ctx.setting("fsync"), ctx.setting("shared_buffers"));
            for (BenchmarkCase c : selected) {
                out.println("BENCH " + c.name());
                c.run(ctx);
            }
        }
    }
}
