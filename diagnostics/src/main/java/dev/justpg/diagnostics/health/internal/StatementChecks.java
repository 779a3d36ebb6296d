package dev.justpg.diagnostics.health.internal;

import static dev.justpg.diagnostics.health.internal.Collector.ev;

import dev.justpg.core.Severity;
import dev.justpg.diagnostics.health.CheckId;
import dev.justpg.diagnostics.health.HealthThresholds;
import dev.justpg.diagnostics.health.StatementStat;

/** Slow statements from {@code pg_stat_statements}. */
final class StatementChecks {

    private StatementChecks() {
    }

    static void run(Snapshot s, HealthThresholds th, Collector out) {
        double meanMs = th.slowQueryMean().toNanos() / 1e6;
        for (StatementStat st : s.statements) {
            if (st.calls() < th.slowQueryMinCalls() || st.meanMillis() < meanMs) {
                continue;
            }
            out.add(CheckId.SLOW_QUERY, st.meanMillis() >= 50 * Math.max(1, meanMs) ? Severity.HIGH : Severity.MEDIUM,
                    "query " + st.queryId(),
                    ev("mean_ms", st.meanMillis(), "calls", st.calls(), "total_ms", st.totalMillis(), "rows", st.rows(),
                            "stats_age_seconds", s.statementsAgeSeconds.isPresent()
                                    ? s.statementsAgeSeconds.getAsDouble() : null),
                    "This statement takes " + Fmt.ms(st.meanMillis()) + " on average over " + Fmt.count(st.calls())
                            + " calls (" + Fmt.ms(st.totalMillis()) + " in total, " + Fmt.count(st.rows()) + " rows): "
                            + Fmt.oneLine(st.query(), 300) + ". EXPLAIN (ANALYZE, BUFFERS) it with real values"
                            + " (dev.justpg.diagnostics.Explainer reads the plan).",
                    null);
        }
    }
}
