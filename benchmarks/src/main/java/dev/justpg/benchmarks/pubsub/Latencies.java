package dev.justpg.benchmarks.pubsub;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts received messages and records publish-to-handler latency from payloads that carry the
 * publisher's {@link System#nanoTime()} (publishers and subscribers share the JVM clock).
 */
final class Latencies {

    private static final int MAX = 4_000_000;

    private final long[] samples = new long[MAX];
    private final AtomicInteger n = new AtomicInteger();
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
        received.incrementAndGet();
        long sent = Long.parseLong(payload);
        if (sent >= windowStart && sent < windowEnd) {
            int i = n.getAndIncrement();
            if (i < MAX) {
                samples[i] = now - sent;
            }
        }
    }

    long received() {
        return received.get();
    }

    int sampled() {
        return Math.min(n.get(), MAX);
    }

    /** Percentiles in milliseconds: p50, p99, p99.9, max. */
    double[] percentilesMillis() {
        int count = sampled();
        if (count == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return new double[] {at(sorted, 0.50), at(sorted, 0.99), at(sorted, 0.999), sorted[count - 1] / 1e6};
    }

    private static double at(long[] sorted, double q) {
        int i = (int) Math.min(sorted.length - 1, Math.floor(q * sorted.length));
        return sorted[i] / 1e6;
    }
}
