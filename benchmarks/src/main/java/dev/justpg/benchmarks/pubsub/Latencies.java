package dev.justpg.benchmarks.pubsub;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts received messages and records publish-to-handler latency from payloads that carry the
 * publisher's {@link System#nanoTime()} (publishers and subscribers share the JVM clock), into a
 * histogram: 1 us buckets below 10 ms, 100 us buckets up to 10 s, one bucket above. Recording is
 * a few atomic updates, the same for every subscriber.
 */
final class Latencies {

    /** Buckets of 1 us: latencies below this many microseconds are exact to the microsecond. */
    static final int FINE = 10_000;
    private static final int COARSE_US = 100;
    private static final int BUCKETS = FINE + (10_000_000 - FINE) / COARSE_US + 1;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong sampled = new AtomicLong();
    private final AtomicLong max = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;

    /** Only messages sent in [start, end) are sampled. */
    void window(long startNanos, long endNanos) {
        windowStart = startNanos;
        windowEnd = endNanos;
    }

    /** Called by a subscriber's handler with the payload it got. */
    void record(String payload) {
        long now = System.nanoTime();
        long sent = Long.parseLong(payload);
        if (sent >= windowStart && sent < windowEnd) {
            sample(now - sent);
        }
        // Counted last: whoever waits for every message sees the sample recorded.
        received.incrementAndGet();
    }

    /**
     * Adds one latency to the histogram.
     *
     * @param nanos the latency
     */
    void sample(long nanos) {
        counts.incrementAndGet(bucket(nanos));
        sampled.incrementAndGet();
        max.accumulateAndGet(nanos, Math::max);
    }

    long received() {
        return received.get();
    }

    long sampled() {
        return sampled.get();
    }

    /** Percentiles in milliseconds: p50, p99, p99.9, max. */
    double[] percentilesMillis() {
        long[] h = histogram();
        if (sampled() == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        return new double[] {percentileMillis(h, 0.50), percentileMillis(h, 0.99), percentileMillis(h, 0.999),
            max.get() / 1e6};
    }

    /**
     * A copy of the bucket counts: 10,000 buckets of 1 us from 0, then buckets of 100 us from
     * 10 ms, then one bucket for 10 s and above.
     *
     * @return the counts
     */
    long[] histogram() {
        long[] h = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            h[i] = counts.get(i);
        }
        return h;
    }

    /**
     * The q-quantile of a histogram (or of the first buckets of one, the rest counted in its
     * last element), as the lower edge of its bucket, in milliseconds; the same rank rule as a
     * sorted array's element {@code floor(q * n)}. A quantile that falls in the last element,
     * which has no upper bound, is infinite: it is never understated.
     *
     * @param histogram bucket counts as {@link #histogram()} gives them, or its first buckets
     * @param q the quantile, 0 to 1
     * @return milliseconds, NaN for an empty histogram
     */
    static double percentileMillis(long[] histogram, double q) {
        long total = 0;
        for (long c : histogram) {
            total += c;
        }
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Math.min(total - 1, (long) Math.floor(q * total));
        long seen = 0;
        for (int b = 0; b < histogram.length; b++) {
            seen += histogram[b];
            if (seen > rank) {
                return b == histogram.length - 1 ? Double.POSITIVE_INFINITY : lowerMillis(b);
            }
        }
        throw new AssertionError("unreachable");
    }

    private static int bucket(long nanos) {
        long us = Math.max(0, nanos / 1000);
        if (us < FINE) {
            return (int) us;
        }
        return (int) Math.min(BUCKETS - 1, FINE + (us - FINE) / COARSE_US);
    }

    private static double lowerMillis(int bucket) {
        return bucket < FINE ? bucket / 1000.0 : (FINE + (long) (bucket - FINE) * COARSE_US) / 1000.0;
    }
}
