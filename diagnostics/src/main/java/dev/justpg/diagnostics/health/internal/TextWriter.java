package dev.justpg.diagnostics.health.internal;

import dev.justpg.diagnostics.health.HealthFinding;
import dev.justpg.diagnostics.health.HealthReport;
import dev.justpg.diagnostics.health.SkippedCheck;
import dev.justpg.diagnostics.health.StatementStat;
import dev.justpg.diagnostics.health.TableSize;
import java.util.Locale;
import java.util.Map;

/** The plain-text report. */
public final class TextWriter {

    private TextWriter() {
    }

    /**
     * Renders the report.
     *
     * @param r the report
     * @return the text
     */
    public static String write(HealthReport r) {
        StringBuilder b = new StringBuilder(2048);
        b.append("Health of database ").append(r.database()).append(" (PostgreSQL ").append(r.serverVersion())
                .append(", as ").append(r.user()).append("): ").append(r.findings().size()).append(" finding(s), ")
                .append(r.skipped().size()).append(" skipped; ").append(r.checks().size()).append(" checks in ")
                .append(r.roundTrips()).append(" round trips, ").append(r.elapsed().toMillis()).append(" ms\n");
        for (HealthFinding f : r.findings()) {
            b.append('\n').append(f.severity()).append("  ").append(f.check()).append("  ").append(f.object()).append('\n');
            b.append("  ").append(f.explanation().replace("\n", "\n  ")).append('\n');
            if (!f.evidence().isEmpty()) {
                b.append("  evidence:");
                for (Map.Entry<String, Double> e : f.evidence().entrySet()) {
                    b.append(' ').append(e.getKey()).append('=').append(num(e.getValue()));
                }
                b.append('\n');
            }
            f.fix().ifPresent(sql -> b.append("  fix:\n    ").append(sql.replace("\n", "\n    ")).append('\n'));
        }
        if (!r.skipped().isEmpty()) {
            b.append("\nSkipped or partial checks:\n");
            for (SkippedCheck s : r.skipped()) {
                b.append("  ").append(s.check()).append(s.partial() ? " (partial): " : ": ").append(s.reason()).append('\n');
            }
        }
        if (!r.tableSizes().isEmpty()) {
            b.append("\nLargest tables (total / table / indexes / TOAST):\n");
            for (TableSize t : r.tableSizes()) {
                b.append("  ").append(t.table()).append("  ").append(Fmt.bytes(t.totalBytes())).append(" / ")
                        .append(Fmt.bytes(t.tableBytes())).append(" / ").append(Fmt.bytes(t.indexBytes())).append(" / ")
                        .append(Fmt.bytes(t.toastBytes())).append('\n');
            }
        }
        statements(b, "Top statements by total time", r, r.topStatements());
        statements(b, "Slowest statements by mean time", r, r.slowestStatements());
        return b.toString();
    }

    private static void statements(StringBuilder b, String title, HealthReport r, java.util.List<StatementStat> list) {
        if (!list.isEmpty()) {
            b.append('\n').append(title);
            r.statementStatsAge().ifPresent(a -> b.append(" (statistics of the last ").append(Fmt.seconds(a.toSeconds()))
                    .append(')'));
            b.append(":\n");
            for (StatementStat s : list) {
                b.append("  ").append(Fmt.ms(s.totalMillis())).append(" total, ").append(Fmt.ms(s.meanMillis()))
                        .append(" mean, ").append(Fmt.count(s.calls())).append(" calls, ").append(Fmt.count(s.rows()))
                        .append(" rows: ").append(Fmt.oneLine(s.query(), 120)).append('\n');
            }
        }
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
