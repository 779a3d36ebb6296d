package dev.justpg.benchmarks.pubsub;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Two subscribers under the same load, one at a time, in short slices of alternating order
 * (A B, B A, A B, ...), so that slow changes on the machine (other load, the server's WAL and
 * checkpoint work) fall on both alike. Each side's figures are taken over all its slices (the
 * mean of the slices' rates for throughput, the windows being equal; the merged histogram for
 * percentiles); a bootstrap over the pairs (resampled with replacement) gives a 95% interval for
 * each ratio. One pair runs first unrecorded, so that neither side is measured with cold code. A
 * slice that loses a message fails the duel: a side that dropped its slow messages would
 * otherwise show the better p99.
 */
final class Duel {

    private static final int BOOTSTRAP = 2000;

    private Duel() {
    }

    /**
     * What a duel measured. {@code p99Ratio} is B's p99 over A's (above 1: A's is lower);
     * {@code throughputRatio} is A's over B's (above 1: A received more).
     *
     * @param a A's label
     * @param b B's label
     * @param rate messages per second, 0 for unpaced
     * @param pairs slice pairs run
     * @param throughputA A's messages per second
     * @param throughputB B's messages per second
     * @param throughputRatio A's over B's, with its interval {@code throughputLow}..{@code throughputHigh}
     * @param throughputLow the 2.5th percentile of the bootstrapped ratio
     * @param throughputHigh the 97.5th percentile
     * @param p50a A's p50, ms
     * @param p50b B's p50, ms
     * @param p99a A's p99, ms
     * @param p99b B's p99, ms
     * @param p99Ratio p99b / p99a, with its interval {@code p99Low}..{@code p99High}
     * @param p99Low the 2.5th percentile of the bootstrapped ratio
     * @param p99High the 97.5th percentile
     * @param pairsALower pairs in which A's own p99 was the lower
     * @param pairsTied pairs in which both p99s fell in the same 1 us bucket
     * @param cpuA A's subscriber-side CPU per message, us (mean over slices)
     * @param cpuB B's
     * @param bytesA A's subscriber-side heap allocation per message (mean over slices)
     * @param bytesB B's
     */
    record Outcome(String a, String b, int rate, int pairs, double throughputA, double throughputB,
            double throughputRatio, double throughputLow, double throughputHigh, double p50a, double p50b,
            double p99a, double p99b, double p99Ratio, double p99Low, double p99High, int pairsALower, int pairsTied,
            double cpuA, double cpuB, double bytesA, double bytesB) {
    }

    /**
     * Runs {@code pairs} pairs of slices.
     *
     * @param runner runs one slice (its warm-up and measured window are the slice's)
     * @param a subscriber A
     * @param b subscriber B
     * @param pairs how many pairs: even, at least 2, so that each order runs equally often
     * @param publishers publisher threads
     * @param rate messages per second in total, paced; 0 for unpaced
     * @return the outcome
     * @throws Exception when a slice fails
     */
    static Outcome run(PhaseRunner runner, Supplier<SubscriberUnderTest> a, Supplier<SubscriberUnderTest> b,
            int pairs, int publishers, int rate) throws Exception {
        checkPairs(pairs);
        runner.run(a, publishers, rate);
        runner.run(b, publishers, rate);
        List<PhaseRunner.Phase> sideA = new ArrayList<>();
        List<PhaseRunner.Phase> sideB = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            boolean aFirst = i % 2 == 0;
            PhaseRunner.Phase first = runner.run(aFirst ? a : b, publishers, rate);
            PhaseRunner.Phase second = runner.run(aFirst ? b : a, publishers, rate);
            for (PhaseRunner.Phase p : List.of(first, second)) {
                if (p.lost > 0) {
                    throw new IllegalStateException(p.label + " lost " + (long) p.lost + " message(s) in a duel"
                            + " slice at " + rate + "/s; its percentiles would leave them out");
                }
                p.histogram = head(p.histogram);
            }
            sideA.add(aFirst ? first : second);
            sideB.add(aFirst ? second : first);
        }
        long[] allA = sum(sideA, null);
        long[] allB = sum(sideB, null);
        double p99a = Latencies.percentileMillis(allA, 0.99);
        double p99b = Latencies.percentileMillis(allB, 0.99);
        int aLower = 0;
        int tied = 0;
        for (int i = 0; i < pairs; i++) {
            int c = Double.compare(Latencies.percentileMillis(sideA.get(i).histogram, 0.99),
                    Latencies.percentileMillis(sideB.get(i).histogram, 0.99));
            aLower += c < 0 ? 1 : 0;
            tied += c == 0 ? 1 : 0;
        }
        double[] bootP99 = new double[BOOTSTRAP];
        double[] bootThr = new double[BOOTSTRAP];
        Random random = new Random(1);
        for (int k = 0; k < BOOTSTRAP; k++) {
            int[] pick = new int[pairs];
            for (int i = 0; i < pairs; i++) {
                pick[i] = random.nextInt(pairs);
            }
            bootP99[k] = Latencies.percentileMillis(sum(sideB, pick), 0.99)
                    / Latencies.percentileMillis(sum(sideA, pick), 0.99);
            bootThr[k] = mean(sideA, pick, p -> p.throughput) / mean(sideB, pick, p -> p.throughput);
        }
        Arrays.sort(bootP99);
        Arrays.sort(bootThr);
        double ta = mean(sideA, null, p -> p.throughput);
        double tb = mean(sideB, null, p -> p.throughput);
        return new Outcome(sideA.get(0).label, sideB.get(0).label, rate, pairs, ta, tb, ta / tb, low(bootThr),
                high(bootThr), Latencies.percentileMillis(allA, 0.50), Latencies.percentileMillis(allB, 0.50), p99a,
                p99b, p99b / p99a, low(bootP99), high(bootP99), aLower, tied,
                mean(sideA, null, p -> p.cpuMicrosPerMessage), mean(sideB, null, p -> p.cpuMicrosPerMessage),
                mean(sideA, null, p -> p.bytesPerMessage), mean(sideB, null, p -> p.bytesPerMessage));
    }

    /**
     * Refuses a number of pairs that would favour one order.
     *
     * @param pairs the number of pairs
     * @throws IllegalArgumentException unless it is even and at least 2
     */
    static void checkPairs(int pairs) {
        if (pairs < 2 || pairs % 2 != 0) {
            throw new IllegalArgumentException("a duel needs an even number of pairs, at least 2, so that each"
                    + " order runs equally often; got " + pairs + " (JUSTPG_BENCH_PUBSUB_PAIRS, 0 skips the duel)");
        }
    }

    private static double low(double[] sorted) {
        return sorted[(int) (sorted.length * 0.025)];
    }

    private static double high(double[] sorted) {
        return sorted[(int) (sorted.length * 0.975) - 1];
    }

    /** The mean of one figure over a side's slices, all of them or those picked. */
    private static double mean(List<PhaseRunner.Phase> side, int[] pick, ToDoubleFunction<PhaseRunner.Phase> figure) {
        int n = pick == null ? side.size() : pick.length;
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += figure.applyAsDouble(side.get(pick == null ? i : pick[i]));
        }
        return total / n;
    }

    /** The 1 us buckets below 10 ms, and everything above counted in one last element. */
    private static long[] head(long[] histogram) {
        long[] h = Arrays.copyOf(histogram, Latencies.FINE + 1);
        for (int i = Latencies.FINE + 1; i < histogram.length; i++) {
            h[Latencies.FINE] += histogram[i];
        }
        return h;
    }

    /** A side's histogram heads added up, all of them or those picked. */
    private static long[] sum(List<PhaseRunner.Phase> side, int[] pick) {
        long[] total = new long[Latencies.FINE + 1];
        int n = pick == null ? side.size() : pick.length;
        for (int i = 0; i < n; i++) {
            long[] h = side.get(pick == null ? i : pick[i]).histogram;
            for (int j = 0; j < total.length; j++) {
                total[j] += h[j];
            }
        }
        return total;
    }
}
