package dev.justpg.benchmarks.pubsub;

import dev.justpg.benchmarks.BenchContext;
import dev.justpg.benchmarks.BenchmarkCase;
import dev.justpg.testkit.ConnectionInfo;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * {@code pubsub}: one subscriber, a pool of publishers, on one channel of one server, for three
 * subscribers in the same run: a raw pgjdbc {@code getNotifications(100)} loop, Vert.x's
 * {@code PgSubscriber}, and justpg's {@code PubSub} (its handler runs on a handler thread, so the
 * hand-off is included).
 *
 * <ul>
 *   <li>saturation: {@value #SATURATION_PUBLISHERS} unpaced publishers; messages/s received;</li>
 *   <li>latency: 2 publishers paced at 1,000/s and 5,000/s in total (they park until the next
 *       send time, no busy-spinning); publish-to-handler p50/p99 from the payload's nanoTime.</li>
 * </ul>
 * Each phase warms up, then measures; the whole set runs {@code rounds} times (default 2) in
 * rotating order, and the medians are reported. Settings {@code rounds}, {@code warmupMs},
 * {@code measureMs}: {@code -Djustpg.bench.pubsub.<name>} or {@code JUSTPG_BENCH_PUBSUB_<NAME>}
 * (the environment reaches the benchmark JVM that Maven starts).
 */
public final class PubSubCase implements BenchmarkCase {

    private static final int SATURATION_PUBLISHERS = 4;
    private static final int PACED_PUBLISHERS = 2;
    private static final String CHANNEL = "bench";

    private final int rounds = (int) setting("rounds", 2);
    private final long warmupNanos = setting("warmupMs", 2000) * 1_000_000L;
    private final long measureNanos = setting("measureMs", 6000) * 1_000_000L;

    @Override
    public String name() {
        return "pubsub";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        ConnectionInfo db = ctx.createDatabase("bench_pubsub");
        List<Supplier<SubscriberUnderTest>> subjects = List.of(
                RawPgjdbcSubscriber::new, VertxSubscriber::new, JustPgSubscriber::new);
        Map<String, List<Double>> figures = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            List<Supplier<SubscriberUnderTest>> order = new ArrayList<>(subjects);
            Collections.rotate(order, round);
            for (Supplier<SubscriberUnderTest> subject : order) {
                Phase sat = runPhase(db, subject, SATURATION_PUBLISHERS, 0);
                add(figures, sat.label + " saturation_msg_per_s", sat.throughput);
                add(figures, sat.label + " saturation_lost", sat.lost);
                add(figures, sat.label + " saturation_cpu_us_per_msg", sat.cpuMicrosPerMessage);
                for (int rate : new int[] {1000, 5000}) {
                    Phase p = runPhase(db, subject, PACED_PUBLISHERS, rate);
                    add(figures, p.label + " p50_ms_at_" + rate, p.percentiles[0]);
                    add(figures, p.label + " p99_ms_at_" + rate, p.percentiles[1]);
                    add(figures, p.label + " p999_ms_at_" + rate, p.percentiles[2]);
                    add(figures, p.label + " max_ms_at_" + rate, p.percentiles[3]);
                    add(figures, p.label + " lost_at_" + rate, p.lost);
                    add(figures, p.label + " cpu_us_per_msg_at_" + rate, p.cpuMicrosPerMessage);
                }
                ctx.note("round %d %s done: saturation %.0f msg/s, p99 %.3f ms at 1,000/s, %.3f ms at 5,000/s",
                        round + 1, sat.label, sat.throughput, last(figures.get(sat.label + " p99_ms_at_1000")),
                        last(figures.get(sat.label + " p99_ms_at_5000")));
            }
        }
        for (Map.Entry<String, List<Double>> e : figures.entrySet()) {
            String[] parts = e.getKey().split(" ");
            String metric = parts[0].replace('-', '_') + "_" + parts[1];
            String unit = parts[1].contains("_ms_") ? "ms" : parts[1].contains("msg_per_s") ? "msg/s"
                    : parts[1].contains("cpu_us") ? "us" : "messages";
            ctx.result(name(), metric, median(e.getValue()), unit);
        }
        double justpg = median(figures.get("justpg saturation_msg_per_s"));
        double raw = median(figures.get("raw-pgjdbc saturation_msg_per_s"));
        double vertx = median(figures.get("vertx saturation_msg_per_s"));
        ctx.ratio("pubsub-throughput", "justpg", "raw-pgjdbc", justpg / raw);
        ctx.ratio("pubsub-vs-vertx", "justpg", "vertx", justpg / vertx);
        ctx.ratio("pubsub-p99-vs-vertx", "vertx-p99", "justpg-p99",
                median(figures.get("vertx p99_ms_at_5000")) / median(figures.get("justpg p99_ms_at_5000")));
        ctx.ratio("pubsub-p99-vs-vertx-1k", "vertx-p99", "justpg-p99",
                median(figures.get("vertx p99_ms_at_1000")) / median(figures.get("justpg p99_ms_at_1000")));
        ctx.note("p99 ratios are at 5,000/s (pubsub-p99-vs-vertx) and 1,000/s (-1k); above 1 means justpg's p99 is"
                + " lower. %d round(s), medians; warmup %d ms, measured %d ms per phase", rounds,
                warmupNanos / 1_000_000, measureNanos / 1_000_000);
    }

    /** {@code -Djustpg.bench.pubsub.<name>} or the environment variable {@code JUSTPG_BENCH_PUBSUB_<NAME>}. */
    private static long setting(String name, long fallback) {
        String v = System.getProperty("justpg.bench.pubsub." + name);
        if (v == null) {
            v = System.getenv("JUSTPG_BENCH_PUBSUB_" + name.toUpperCase(java.util.Locale.ROOT));
        }
        return v == null ? fallback : Long.parseLong(v.strip());
    }

    private static void add(Map<String, List<Double>> figures, String key, double value) {
        figures.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    private static double last(List<Double> values) {
        return values.get(values.size() - 1);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** One measured phase. */
    private static final class Phase {
        String label;
        double throughput;
        double lost;
        double[] percentiles;
        double cpuMicrosPerMessage;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }

    private Phase runPhase(ConnectionInfo db, Supplier<SubscriberUnderTest> factory, int publishers, int rate)
            throws Exception {
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
            long received0 = lat.received();
            sleepUntil(end - 100_000_000L);
            long cpu1 = cpu.nanos();
            long received1 = lat.received();
            long counted = received1 - received0;
            phase.cpuMicrosPerMessage = counted > 0 ? (cpu1 - cpu0) / 1000.0 / counted : 0;
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
        }
        return phase;
    }
}
