package dev.justpg.benchmarks.pubsub;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Two subscribers at one paced rate, one at a time, in short slices of alternating order
 * (A B, B A, A B, ...), so that slow changes on the machine (other load, the server's WAL and
 * checkpoint work) fall on both alike. Each side's p99 is taken over all its slices pooled; a
 * bootstrap over the pairs (resampled with replacement) gives a 95% interval for the ratio.
 */
final class LatencyDuel {

    private static final int PUBLISHERS = 2;
    private static final int BOOTSTRAP = 2000;

    private LatencyDuel() {
    }

    /**
     * What a duel measured; {@code ratio} is B's p99 over A's: above 1 means A's is lower.
     *
     * @param a A's label
     * @param b B's label
     * @param rate messages per second
     * @param pairs slice pairs run
     * @param p50a A's pooled p50, ms
     * @param p50b B's pooled p50, ms
     * @param p99a A's pooled p99, ms
     * @param p99b B's pooled p99, ms
     * @param ratio p99b / p99a
     * @param low the 2.5th percentile of the bootstrapped ratio
     * @param high the 97.5th percentile of the bootstrapped ratio
     * @param pairsALower pairs in which A's own p99 was the lower
     */
    record Outcome(String a, String b, int rate, int pairs, double p50a, double p50b, double p99a, double p99b,
            double ratio, double low, double high, int pairsALower) {
    }

    /**
     * Runs {@code pairs} pairs of slices.
     *
     * @param runner runs one slice (its warm-up and measured window are the slice's)
     * @param a subscriber A
     * @param b subscriber B
     * @param pairs how many pairs
     * @param rate messages per second, paced
     * @return the outcome
     * @throws Exception when a slice fails
     */
    static Outcome run(PhaseRunner runner, Supplier<SubscriberUnderTest> a, Supplier<SubscriberUnderTest> b,
            int pairs, int rate) throws Exception {
        List<long[]> sideA = new ArrayList<>();
        List<long[]> sideB = new ArrayList<>();
        String labelA = null;
        String labelB = null;
        for (int i = 0; i < pairs; i++) {
            boolean aFirst = i % 2 == 0;
            PhaseRunner.Phase first = runner.run(aFirst ? a : b, PUBLISHERS, rate);
            PhaseRunner.Phase second = runner.run(aFirst ? b : a, PUBLISHERS, rate);
            PhaseRunner.Phase pa = aFirst ? first : second;
            PhaseRunner.Phase pb = aFirst ? second : first;
            labelA = pa.label;
            labelB = pb.label;
            sideA.add(head(pa.histogram));
            sideB.add(head(pb.histogram));
        }
        long[] allA = sum(sideA, null);
        long[] allB = sum(sideB, null);
        double p99a = Latencies.percentileMillis(allA, 0.99);
        double p99b = Latencies.percentileMillis(allB, 0.99);
        int aLower = 0;
        for (int i = 0; i < pairs; i++) {
            if (Latencies.percentileMillis(sideA.get(i), 0.99) < Latencies.percentileMillis(sideB.get(i), 0.99)) {
                aLower++;
            }
        }
        double[] boot = new double[BOOTSTRAP];
        Random random = new Random(1);
        for (int k = 0; k < BOOTSTRAP; k++) {
            int[] pick = new int[pairs];
            for (int i = 0; i < pairs; i++) {
                pick[i] = random.nextInt(pairs);
            }
            boot[k] = Latencies.percentileMillis(sum(sideB, pick), 0.99)
                    / Latencies.percentileMillis(sum(sideA, pick), 0.99);
        }
        Arrays.sort(boot);
        return new Outcome(labelA, labelB, rate, pairs, Latencies.percentileMillis(allA, 0.50),
                Latencies.percentileMillis(allB, 0.50), p99a, p99b, p99b / p99a,
                boot[(int) (BOOTSTRAP * 0.025)], boot[(int) (BOOTSTRAP * 0.975) - 1], aLower);
    }

    /** The 1 us buckets below 10 ms, and everything above counted in one last element. */
    private static long[] head(long[] histogram) {
        long[] h = Arrays.copyOf(histogram, Latencies.FINE + 1);
        for (int i = Latencies.FINE + 1; i < histogram.length; i++) {
            h[Latencies.FINE] += histogram[i];
        }
        return h;
    }

    private static long[] sum(List<long[]> histograms, int[] pick) {
        long[] total = new long[Latencies.FINE + 1];
        int n = pick == null ? histograms.size() : pick.length;
        for (int i = 0; i < n; i++) {
            long[] h = histograms.get(pick == null ? i : pick[i]);
            for (int j = 0; j < total.length; j++) {
                total[j] += h[j];
            }
        }
        return total;
    }
}
