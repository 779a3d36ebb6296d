package dev.justpg.benchmarks;

/**
 * One end-to-end benchmark: runs justpg and its peer (or the raw-SQL limit) in the same run, on
 * the same server, with the same data, and reports through {@link BenchContext}.
 */
public interface BenchmarkCase {

    /**
     * The name used on the command line and in RESULT/RATIO lines.
     *
     * @return the name, such as {@code core-tx}
     */
    String name();

    /**
     * Runs the benchmark.
     *
     * @param ctx the server and the reporter
     * @throws Exception when the benchmark cannot run
     */
    void run(BenchContext ctx) throws Exception;
}
