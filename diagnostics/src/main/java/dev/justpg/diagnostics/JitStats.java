package dev.justpg.diagnostics;

/**
 * Just-in-time compilation done for the query. Times are in milliseconds, zero when timing was
 * not measured.
 *
 * @param functions functions compiled
 * @param inlining whether inlining was on
 * @param optimization whether expensive optimization was on
 * @param expressions whether expressions were compiled
 * @param deforming whether tuple deforming was compiled
 * @param generationMs time generating code
 * @param inliningMs time inlining
 * @param optimizationMs time optimizing
 * @param emissionMs time emitting code
 * @param totalMs total JIT time
 */
public record JitStats(long functions, boolean inlining, boolean optimization, boolean expressions,
        boolean deforming, double generationMs, double inliningMs, double optimizationMs, double emissionMs,
        double totalMs) {

    /**
     * Creates JIT statistics.
     *
     * @param functions functions
     * @param inlining inlining on
     * @param optimization optimization on
     * @param expressions expressions on
     * @param deforming deforming on
     * @param generationMs generation time
     * @param inliningMs inlining time
     * @param optimizationMs optimization time
     * @param emissionMs emission time
     * @param totalMs total time
     * @return the statistics
     */
    public static JitStats of(long functions, boolean inlining, boolean optimization, boolean expressions,
            boolean deforming, double generationMs, double inliningMs, double optimizationMs, double emissionMs,
            double totalMs) {
        return new JitStats(functions, inlining, optimization, expressions, deforming, generationMs, inliningMs,
                optimizationMs, emissionMs, totalMs);
    }
}
