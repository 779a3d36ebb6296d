package dev.justpg.diagnostics.health.internal;

import dev.justpg.diagnostics.health.HealthFinding;
import dev.justpg.diagnostics.health.HealthReport;
import dev.justpg.diagnostics.health.SkippedCheck;
import dev.justpg.diagnostics.health.StatementStat;
import dev.justpg.diagnostics.health.TableSize;
import java.util.Map;

/** The HTML report: one page, inline CSS, no scripts, everything escaped (the plan report's style). */
public final class HtmlWriter {

    private static final String CSS = "body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}"
            + "h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}code,pre{font-family:ui-monospace,monospace;"
            + "font-size:.9em}pre{background:#f4f4f4;padding:.6em;overflow-x:auto;white-space:pre-wrap}"
            + ".finding{border-left:6px solid #999;padding:.4em .8em;margin:.8em 0;background:#fafafa}"
            + ".CRITICAL{border-color:#c62828}.HIGH{border-color:#ef6c00}.MEDIUM{border-color:#f9a825}"
            + ".LOW{border-color:#1565c0}.INFO{border-color:#90a4ae}"
            + "table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2em .5em;text-align:left}"
            + "td.n{text-align:right}.muted{color:#777}.explain{white-space:pre-wrap}";

    private HtmlWriter() {
    }

    /**
     * Renders the report.
     *
     * @param r the report
     * @return the HTML page
     */
    public static String write(HealthReport r) {
        StringBuilder h = new StringBuilder(8192);
        String title = "Health of database " + r.database();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title><style>").append(CSS).append("</style></head><body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n<p>PostgreSQL ").append(esc(r.serverVersion()))
                .append(", checked as ").append(esc(r.user())).append(" at ").append(esc(r.generatedAt().toString()))
                .append(": ").append(r.findings().size()).append(" finding(s), ").append(r.skipped().size())
                .append(" skipped or partial check(s); ").append(r.checks().size()).append(" checks in ")
                .append(r.roundTrips()).append(" round trips, ").append(r.elapsed().toMillis()).append(" ms.</p>\n");
        h.append("<h2>Findings</h2>\n");
        if (r.findings().isEmpty()) {
            h.append("<p>No findings: nothing needs attention.</p>\n");
        }
        for (HealthFinding f : r.findings()) {
            h.append("<div class=\"finding ").append(f.severity()).append("\"><strong>").append(f.severity())
                    .append("</strong> ").append(esc(f.check().title())).append(" <code>").append(esc(f.object()))
                    .append("</code> <span class=\"muted\">(").append(f.check()).append(")</span>");
            h.append("<p class=\"explain\">").append(esc(f.explanation())).append("</p>");
            if (!f.evidence().isEmpty()) {
                h.append("<table>");
                for (Map.Entry<String, Double> e : f.evidence().entrySet()) {
                    h.append("<tr><th>").append(esc(e.getKey())).append("</th><td class=\"n\">")
                            .append(TextWriter.num(e.getValue())).append("</td></tr>");
                }
                h.append("</table>");
            }
            f.fix().ifPresent(s -> h.append("<p><strong>Fix:</strong></p><pre>").append(esc(s)).append("</pre>"));
            h.append("</div>\n");
        }
        if (!r.skipped().isEmpty()) {
            h.append("<h2>Skipped or partial checks</h2>\n<ul>\n");
            for (SkippedCheck s : r.skipped()) {
                h.append("<li><code>").append(s.check()).append("</code>").append(s.partial() ? " (partial)" : "")
                        .append(": ").append(esc(s.reason())).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        if (!r.tableSizes().isEmpty()) {
            h.append("<h2>Largest tables</h2>\n<table><tr><th>Table</th><th>Total</th><th>Table</th><th>Indexes</th>"
                    + "<th>TOAST</th><th>Rows (est.)</th></tr>\n");
            for (TableSize t : r.tableSizes()) {
                h.append("<tr><td>").append(esc(t.table())).append("</td><td class=\"n\">").append(Fmt.bytes(t.totalBytes()))
                        .append("</td><td class=\"n\">").append(Fmt.bytes(t.tableBytes())).append("</td><td class=\"n\">")
                        .append(Fmt.bytes(t.indexBytes())).append("</td><td class=\"n\">").append(Fmt.bytes(t.toastBytes()))
                        .append("</td><td class=\"n\">").append(t.estimatedRows() < 0 ? "?" : Fmt.count(t.estimatedRows()))
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        statements(h, "Top statements by total time", r, r.topStatements());
        statements(h, "Slowest statements by mean time", r, r.slowestStatements());
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void statements(StringBuilder h, String title, HealthReport r, java.util.List<StatementStat> list) {
        if (!list.isEmpty()) {
            h.append("<h2>").append(title).append("</h2>\n");
            r.statementStatsAge().ifPresent(a -> h.append("<p class=\"muted\">Statistics of the last ")
                    .append(esc(Fmt.seconds(a.toSeconds()))).append(".</p>\n"));
            h.append("<table><tr><th>Total</th><th>Mean</th><th>Calls</th><th>Rows</th><th>Statement</th></tr>\n");
            for (StatementStat s : list) {
                h.append("<tr><td class=\"n\">").append(esc(Fmt.ms(s.totalMillis()))).append("</td><td class=\"n\">")
                        .append(esc(Fmt.ms(s.meanMillis()))).append("</td><td class=\"n\">").append(Fmt.count(s.calls()))
                        .append("</td><td class=\"n\">").append(Fmt.count(s.rows())).append("</td><td><code>")
                        .append(esc(Fmt.oneLine(s.query(), 300))).append("</code></td></tr>\n");
            }
            h.append("</table>\n");
        }
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
