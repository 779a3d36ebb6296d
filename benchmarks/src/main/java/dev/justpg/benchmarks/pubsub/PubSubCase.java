package dev.justpg.benchmarks.pubsub;

import dev.justpg.benchmarks.BenchContext;
import dev.justpg.benchmarks.BenchmarkCase;
import dev.justpg.testkit.ConnectionInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code pubsub}: one subscriber, a pool of publishers, on one channel of one server, for three
 * subscribers in the same run: a raw pgjdbc {@code getNotifications(100)} loop, Vert.x's
 * {@code PgSubscriber}, and justpg's {@code PubSub}.
 *
 * <ul>
 *   <li>rounds: for each subscriber in rotating order, saturation ({@value #SATURATION_PUBLISHERS}
 *       unpaced publishers; messages/s received) and latency (2 publishers paced at 1,000/s and
 *       5,000/s in total, parking until the next send time, no busy-spinning; publish-to-handler
 *       percentiles from the payload's nanoTime); medians over rounds;</li>
 *   <li>duel: justpg against Vert.x at saturation and at each paced rate in short alternating
 *       slices, pooled over the slices with a bootstrap interval ({@link Duel}); the ratios
 *       against Vert.x come from it.</li>
 * </ul>
 * Settings {@code rounds} (default 2), {@code warmupMs} (2000), {@code measureMs} (6000) for the
 * rounds; {@code pairs} (4), {@code sliceWarmupMs} (1000), {@code sliceMs} (3000) for the duel;
 * {@code aa} (0; 1 duels Vert.x against itself to show the method's noise): system property
 * {@code -Djustpg.bench.pubsub.<name>} or environment variable {@code JUSTPG_BENCH_PUBSUB_<NAME>}
 * (the environment reaches the benchmark JVM that Maven starts).
 */
public final class PubSubCase implements BenchmarkCase {

    private static final int SATURATION_PUBLISHERS = 4;
    private static final int PACED_PUBLISHERS = 2;
    private static final int[] RATES = {1000, 5000};

    private final int rounds = (int) setting("rounds", 2);
    private final int pairs = (int) setting("pairs", 4);
    private final boolean selfCheck = setting("aa", 0) == 1;

    @Override
    public String name() {
        return "pubsub";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        if (pairs != 0) {
            Duel.checkPairs(pairs);
        }
        ConnectionInfo db = ctx.createDatabase("bench_pubsub");
        if (rounds > 0) {
            rounds(ctx, new PhaseRunner(db, millis("warmupMs", 2000), millis("measureMs", 6000)));
        }
        if (pairs > 0) {
            PhaseRunner slices = new PhaseRunner(db, millis("sliceWarmupMs", 1000), millis("sliceMs", 3000));
            Supplier<SubscriberUnderTest> a = selfCheck ? () -> new VertxSubscriber("vertx-a") : JustPgSubscriber::new;
            Supplier<SubscriberUnderTest> b = selfCheck ? () -> new VertxSubscriber("vertx-b") : VertxSubscriber::new;
            reportThroughput(ctx, Duel.run(slices, a, b, pairs, SATURATION_PUBLISHERS, 0));
            for (int rate : RATES) {
                reportLatency(ctx, Duel.run(slices, a, b, pairs, PACED_PUBLISHERS, rate));
            }
        }
    }

    private void rounds(BenchContext ctx, PhaseRunner runner) throws Exception {
        List<Supplier<SubscriberUnderTest>> subjects = List.of(
                RawPgjdbcSubscriber::new, VertxSubscriber::new, JustPgSubscriber::new);
        Map<String, List<Double>> figures = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            List<Supplier<SubscriberUnderTest>> order = new ArrayList<>(subjects);
            Collections.rotate(order, round);
            for (Supplier<SubscriberUnderTest> subject : order) {
                PhaseRunner.Phase sat = runner.run(subject, SATURATION_PUBLISHERS, 0);
                add(figures, sat.label + " saturation_msg_per_s", sat.throughput);
                add(figures, sat.label + " saturation_lost", sat.lost);
                add(figures, sat.label + " saturation_cpu_us_per_msg", sat.cpuMicrosPerMessage);
                add(figures, sat.label + " saturation_alloc_bytes_per_msg", sat.bytesPerMessage);
                for (int rate : RATES) {
                    PhaseRunner.Phase p = runner.run(subject, PACED_PUBLISHERS, rate);
                    add(figures, p.label + " p50_ms_at_" + rate, p.percentiles[0]);
                    add(figures, p.label + " p99_ms_at_" + rate, p.percentiles[1]);
                    add(figures, p.label + " p999_ms_at_" + rate, p.percentiles[2]);
                    add(figures, p.label + " max_ms_at_" + rate, p.percentiles[3]);
                    add(figures, p.label + " lost_at_" + rate, p.lost);
                    add(figures, p.label + " cpu_us_per_msg_at_" + rate, p.cpuMicrosPerMessage);
                    add(figures, p.label + " alloc_bytes_per_msg_at_" + rate, p.bytesPerMessage);
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
                    : parts[1].contains("cpu_us") ? "us" : parts[1].contains("bytes") ? "bytes" : "messages";
            ctx.result(name(), metric, median(e.getValue()), unit);
        }
        double justpg = median(figures.get("justpg saturation_msg_per_s"));
        ctx.ratio("pubsub-throughput", "justpg", "raw-pgjdbc",
                justpg / median(figures.get("raw-pgjdbc saturation_msg_per_s")));
        ctx.note("%d round(s), medians; warmup %d ms, measured %d ms per phase. From the rounds' medians, justpg"
                + " over Vert.x at saturation %.3f; Vert.x's p99 over justpg's %.3f at 5,000/s, %.3f at 1,000/s"
                + " (the RATIO lines against Vert.x come from the duel)", rounds,
                millis("warmupMs", 2000) / 1_000_000, millis("measureMs", 6000) / 1_000_000,
                justpg / median(figures.get("vertx saturation_msg_per_s")),
                median(figures.get("vertx p99_ms_at_5000")) / median(figures.get("justpg p99_ms_at_5000")),
                median(figures.get("vertx p99_ms_at_1000")) / median(figures.get("justpg p99_ms_at_1000")));
    }

    private void reportThroughput(BenchContext ctx, Duel.Outcome o) {
        ctx.result(name(), "duel_" + o.a().replace('-', '_') + "_saturation_msg_per_s", o.throughputA(), "msg/s");
        ctx.result(name(), "duel_" + o.b().replace('-', '_') + "_saturation_msg_per_s", o.throughputB(), "msg/s");
        ctx.note("duel at saturation, %d pairs of alternating %d ms slices: %s %.0f msg/s, %s %.0f msg/s (mean);"
                + " ratio %.3f, 95%% bootstrap interval over pairs [%.3f, %.3f]; %s", o.pairs(),
                millis("sliceMs", 3000) / 1_000_000, o.a(), o.throughputA(), o.b(), o.throughputB(),
                o.throughputRatio(), o.throughputLow(), o.throughputHigh(), costs(o));
        ctx.ratio(selfCheck ? "pubsub-throughput-self-check" : "pubsub-vs-vertx", o.a(), o.b(), o.throughputRatio());
    }

    private void reportLatency(BenchContext ctx, Duel.Outcome o) {
        String a = o.a().replace('-', '_');
        String b = o.b().replace('-', '_');
        ctx.result(name(), "duel_" + a + "_p50_ms_at_" + o.rate(), o.p50a(), "ms");
        ctx.result(name(), "duel_" + b + "_p50_ms_at_" + o.rate(), o.p50b(), "ms");
        ctx.result(name(), "duel_" + a + "_p99_ms_at_" + o.rate(), o.p99a(), "ms");
        ctx.result(name(), "duel_" + b + "_p99_ms_at_" + o.rate(), o.p99b(), "ms");
        ctx.note("duel at %d/s, %d pairs of alternating %d ms slices: p99 %s %.3f ms, %s %.3f ms (pooled); ratio %.3f,"
                + " 95%% bootstrap interval over pairs [%.3f, %.3f]; %s's p99 lower in %d of %d pairs, tied in %d; %s", o.rate(),
                o.pairs(), millis("sliceMs", 3000) / 1_000_000, o.a(), o.p99a(), o.b(), o.p99b(), o.p99Ratio(),
                o.p99Low(), o.p99High(), o.a(), o.pairsALower(), o.pairs(), o.pairsTied(), costs(o));
        String suffix = o.rate() == 5000 ? "" : "-1k";
        String comparison = selfCheck ? "pubsub-p99-self-check" : "pubsub-p99-vs-vertx";
        ctx.ratio(comparison + suffix, o.b() + "-p99", o.a() + "-p99", o.p99Ratio());
    }

    private static String costs(Duel.Outcome o) {
        return String.format(java.util.Locale.ROOT, "per message %s %.2f us CPU, %.0f bytes allocated; %s %.2f us,"
                + " %.0f bytes", o.a(), o.cpuA(), o.bytesA(), o.b(), o.cpuB(), o.bytesB());
    }

    private static long millis(String name, long fallback) {
        return setting(name, fallback) * 1_000_000L;
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
}
