package dev.justpg.benchmarks;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;

/** Reads scores out of JMH results. */
final class Jmh {

    private Jmh() {
    }

    /**
     * The primary score of the benchmark method with this name.
     *
     * @param results JMH's results
     * @param method the {@code @Benchmark} method name
     * @return the score in the run's unit
     */
    static double score(Collection<RunResult> results, String method) {
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            if (label.endsWith("." + method)) {
                return r.getPrimaryResult().getScore();
            }
        }
        throw new IllegalStateException("no JMH result for method " + method);
    }
}
