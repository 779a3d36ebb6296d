package dev.justpg.benchmarks.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The histogram's percentiles against a sorted array's, to the histogram's resolution. */
class LatenciesTest {

    @Test
    void percentilesMatchSortedSamplesToTheBucket() {
        Random random = new Random(7);
        long[] nanos = new long[50_000];
        for (int i = 0; i < nanos.length; i++) {
            // Mostly 50-300 us, a tail into tens and hundreds of milliseconds, as in the benchmark.
            double u = random.nextDouble();
            nanos[i] = u < 0.97 ? 50_000 + random.nextInt(250_000)
                    : u < 0.995 ? 300_000 + random.nextInt(20_000_000) : 20_000_000 + random.nextInt(900_000_000);
        }
        Latencies lat = new Latencies();
        for (long n : nanos) {
            lat.sample(n);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double[] got = lat.percentilesMillis();
        double[] qs = {0.50, 0.99, 0.999};
        for (int i = 0; i < qs.length; i++) {
            long exact = sorted[(int) Math.floor(qs[i] * sorted.length)];
            double resolutionMillis = exact < 10_000_000 ? 0.001 : 0.1;
            assertThat(got[i]).as("q=%s", qs[i]).isLessThanOrEqualTo(exact / 1e6)
                    .isGreaterThan(exact / 1e6 - resolutionMillis);
        }
        assertThat(got[3]).isEqualTo(sorted[sorted.length - 1] / 1e6);
        assertThat(lat.sampled()).isEqualTo(nanos.length);
    }

    @Test
    void percentileOfAHistogramHeadCountsTheRestInItsLastBucket() {
        long[] head = new long[Latencies.FINE + 1];
        head[120] = 98;
        head[Latencies.FINE] = 2;
        assertThat(Latencies.percentileMillis(head, 0.50)).isEqualTo(0.120);
        assertThat(Latencies.percentileMillis(head, 0.99)).as("never understated").isInfinite();
        assertThat(Latencies.percentileMillis(new long[10], 0.99)).isNaN();
    }
}
