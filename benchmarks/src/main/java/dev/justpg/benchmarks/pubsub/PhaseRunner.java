package dev.justpg.benchmarks.pubsub;

import dev.justpg.testkit.ConnectionInfo;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Runs one phase: starts a subscriber, runs publishers for a warm-up and a measured window, waits
 * for every message to arrive, and closes the subscriber.
 */
final class PhaseRunner {

    private static final String CHANNEL = "bench";

    private final ConnectionInfo db;
    private final long warmupNanos;
    private final long measureNanos;

    /**
     * A runner.
     *
     * @param db the benchmark database
     * @param warmupNanos publishing before the measured window
     * @param measureNanos the measured window
     */
    PhaseRunner(ConnectionInfo db, long warmupNanos, long measureNanos) {
        this.db = db;
        this.warmupNanos = warmupNanos;
        this.measureNanos = measureNanos;
    }

    /** One measured phase. */
    static final class Phase {
        /** The subscriber's label. */
        String label;
        /** Messages sent in the measured window and received, per second of the window. */
        double throughput;
        /** Messages published and never received (after waiting up to 10 s). */
        double lost;
        /** p50, p99, p99.9 and max latency, milliseconds. */
        double[] percentiles;
        /** The latency histogram, as {@link Latencies#histogram()} (a duel keeps only its 10 ms head). */
        long[] histogram;
        /** Subscriber-side CPU per message received, microseconds. */
        double cpuMicrosPerMessage;
        /** Subscriber-side heap allocated per message received, bytes. */
        double bytesPerMessage;
    }

    /**
     * Runs a phase.
     *
     * @param factory the subscriber
     * @param publishers how many publisher threads, each on its own connection
     * @param rate messages per second in total, paced; 0 for unpaced
     * @return what was measured
     * @throws Exception when publishing or subscribing fails
     */
    Phase run(Supplier<SubscriberUnderTest> factory, int publishers, int rate) throws Exception {
        Latencies lat = new Latencies();
        Phase phase = new Phase();
        try (SubscriberUnderTest subject = factory.get()) {
            phase.label = subject.label();
            subject.start(db, CHANNEL, lat);
            long start = System.nanoTime() + 200_000_000L;
            long measureStart = start + warmupNanos;
            long end = measureStart + measureNanos;
            lat.window(measureStart, end);
            AtomicLong published = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
            for (int p = 0; p < publishers; p++) {
                int id = p;
                Thread t = new Thread(() -> {
                    try (Connection c = db.dataSource().getConnection()) {
                        long interval = rate == 0 ? 0 : 1_000_000_000L * publishers / rate;
                        long next = start + interval * id / publishers;
                        while (true) {
                            long now = System.nanoTime();
                            if (now >= end) {
                                break;
                            }
                            if (rate > 0) {
                                if (next > now) {
                                    LockSupport.parkNanos(next - now);
                                    continue;
                                }
                                next += interval;
                            }
                            subject.publish(c, CHANNEL, Long.toString(System.nanoTime()));
                            published.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.add(e);
                    }
                }, "bench-publisher-" + p);
                threads.add(t);
                t.start();
            }
            // Subscriber-side CPU over most of the measured window (publishers still running).
            CpuMeter cpu = new CpuMeter(threads);
            sleepUntil(measureStart);
            long cpu0 = cpu.nanos();
            long bytes0 = cpu.allocatedBytes();
            long received0 = lat.received();
            sleepUntil(end - 100_000_000L);
            long cpu1 = cpu.nanos();
            long bytes1 = cpu.allocatedBytes();
            long received1 = lat.received();
            long counted = received1 - received0;
            phase.cpuMicrosPerMessage = counted > 0 ? (cpu1 - cpu0) / 1000.0 / counted : 0;
            phase.bytesPerMessage = counted > 0 ? (bytes1 - bytes0) / (double) counted : 0;
            for (Thread t : threads) {
                t.join();
            }
            if (!failures.isEmpty()) {
                throw failures.get(0);
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (lat.received() < published.get() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            phase.throughput = lat.sampled() / (measureNanos / 1e9);
            phase.lost = published.get() - lat.received();
            phase.percentiles = lat.percentilesMillis();
            phase.histogram = lat.histogram();
        }
        return phase;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }
}
