package dev.justpg.benchmarks;

import dev.justpg.testkit.ConnectionInfo;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** {@code core-tx}: {@link CoreTxBenchmark} under JMH, throughput, one thread, one fork. */
final class CoreTxCase implements BenchmarkCase {

    @Override
    public String name() {
        return "core-tx";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        ConnectionInfo db = ctx.createDatabase("bench_core_tx");
        Options options = new OptionsBuilder()
                .include(CoreTxBenchmark.class.getName())
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(3))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(5))
                .threads(1)
                .timeUnit(TimeUnit.SECONDS)
                .mode(org.openjdk.jmh.annotations.Mode.Throughput)
                .jvmArgsAppend(BenchContext.connectionFileArgument(db), "-Xmx512m")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        double ours = Jmh.score(results, "justpg");
        double raw = Jmh.score(results, "rawJdbc");
        ctx.result(name(), "justpg_tx_per_s", ours, "ops/s");
        ctx.result(name(), "raw_jdbc_tx_per_s", raw, "ops/s");
        ctx.ratio(name(), "justpg", "raw-jdbc", ours / raw);
    }
}
