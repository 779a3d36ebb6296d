package dev.justpg.diagnostics;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link PlanReport} as one HTML page: inline CSS, no scripts, everything escaped. */
final class HtmlRenderer {

    private static final String CSS = "body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}"
            + "h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}code,pre{font-family:ui-monospace,monospace;"
            + "font-size:.9em}pre{background:#f4f4f4;padding:.6em;overflow-x:auto}"
            + ".finding{border-left:6px solid #999;padding:.4em .8em;margin:.8em 0;background:#fafafa}"
            + ".CRITICAL{border-color:#c62828}.MEDIUM{border-color:#ef6c00}.INFO{border-color:#1565c0}.LOW{border-color:#1565c0}.HIGH{border-color:#ef6c00}"
            + "table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2em .5em;text-align:left}"
            + "ul.tree,ul.tree ul{list-style:none;padding-left:1.4em;border-left:1px dotted #bbb}"
            + ".node{margin:.2em 0}.bar{display:inline-block;height:.7em;background:#c62828;vertical-align:middle}"
            + ".muted{color:#777}.hot{font-weight:bold}";

    private HtmlRenderer() {
    }

    static String render(Plan plan, List<Finding> findings, List<PlanNode> hot, String title, String summary,
            List<String> steps) {
        StringBuilder h = new StringBuilder(4096);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title><style>").append(CSS).append("</style></head><body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n<p>").append(esc(summary)).append("</p>\n");
        h.append("<h2>Findings</h2>\n");
        if (findings.isEmpty()) {
            h.append("<p>No findings: nothing in this plan stands out.</p>\n");
        }
        for (Finding f : findings) {
            h.append("<div class=\"finding ").append(f.severity()).append("\"><strong>").append(f.severity())
                    .append("</strong> ").append(esc(f.title()));
            f.nodeId().ifPresent(id -> h.append(" <span class=\"muted\">(node #").append(id).append(")</span>"));
            h.append("<p>").append(esc(f.explanation())).append("</p>");
            if (!f.evidence().isEmpty()) {
                h.append("<table>");
                for (Map.Entry<String, Double> e : f.evidence().entrySet()) {
                    h.append("<tr><th>").append(esc(e.getKey())).append("</th><td>").append(num(e.getValue()))
                            .append("</td></tr>");
                }
                h.append("</table>");
            }
            h.append("<p><strong>What to do:</strong> ").append(esc(f.action())).append("</p>");
            f.sql().ifPresent(s -> h.append("<pre>").append(esc(s)).append("</pre>"));
            h.append("</div>\n");
        }
        PlanMetrics m = plan.metrics();
        h.append("<h2>Hot nodes</h2>\n<table><tr><th>#</th><th>Node</th><th>Own time</th><th>Share</th>"
                + "<th>Rows</th></tr>\n");
        for (PlanNode n : hot) {
            NodeMetrics nm = m.node(n);
            h.append("<tr><td>").append(n.id()).append("</td><td>").append(esc(n.describe())).append("</td><td>")
                    .append(nm.exclusiveTimeMs().isPresent() ? esc(Narrator.ms(nm.exclusiveTimeMs().getAsDouble()))
                            : "<span class=\"muted\">cost " + num(nm.exclusiveCost().orElse(0)) + "</span>")
                    .append("</td><td>").append(nm.percentOfTotal().isPresent()
                            ? String.format(Locale.ROOT, "%.1f%%", nm.percentOfTotal().getAsDouble()) : "")
                    .append("</td><td>").append(num(nm.totalRows().orElse(n.planRows().orElse(0))))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n<h2>Plan</h2>\n<ul class=\"tree\">");
        tree(h, plan.root(), m, hot);
        h.append("</ul>\n<h2>Step by step</h2>\n<ol>\n");
        for (String s : steps) {
            h.append("<li>").append(esc(s)).append("</li>\n");
        }
        h.append("</ol>\n</body></html>\n");
        return h.toString();
    }

    private static void tree(StringBuilder h, PlanNode n, PlanMetrics m, List<PlanNode> hot) {
        NodeMetrics nm = m.node(n);
        h.append("<li><div class=\"node").append(hot.contains(n) && nm.exclusiveTimeMs().orElse(0) > 0 ? " hot" : "")
                .append("\">");
        if (n.relationship() == NodeRelationship.INIT_PLAN || n.relationship() == NodeRelationship.SUBPLAN) {
            h.append("<span class=\"muted\">").append(esc(n.subplanName().orElse(n.relationship().name())))
                    .append(":</span> ");
        }
        h.append(esc(n.describe()));
        if (n.neverExecuted()) {
            h.append(" <span class=\"muted\">never executed</span>");
        } else if (nm.totalRows().isPresent()) {
            h.append(" <span class=\"muted\">rows ").append(num(nm.totalRows().getAsDouble()));
            if (n.actualLoops().orElse(1) > 1) {
                h.append(" in ").append(num(n.actualLoops().getAsDouble())).append(" loops");
            }
            nm.exclusiveTimeMs().ifPresent(t -> h.append(", own ").append(esc(Narrator.ms(t))));
            h.append("</span>");
            nm.percentOfTotal().ifPresent(p -> h.append(" <span class=\"bar\" style=\"width:")
                    .append(String.format(Locale.ROOT, "%.0f", Math.max(1, Math.min(100, p)) * 2)).append("px\"></span>"));
        } else {
            n.planRows().ifPresent(r -> h.append(" <span class=\"muted\">est. rows ").append(num(r)).append("</span>"));
        }
        n.filter().ifPresent(f -> h.append("<br><code>Filter: ").append(esc(f)).append("</code>"));
        n.indexCond().ifPresent(f -> h.append("<br><code>Index Cond: ").append(esc(f)).append("</code>"));
        h.append("</div>");
        if (!n.children().isEmpty()) {
            h.append("<ul>");
            for (PlanNode c : n.children()) {
                tree(h, c, m, hot);
            }
            h.append("</ul>");
        }
        h.append("</li>");
    }

    private static String num(double v) {
        return Narrator.n(Math.abs(v) >= 100 || v == Math.rint(v) ? Math.round(v * 100) / 100.0 : v);
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<':
                    sb.append("&lt;");
                    break;
                case '>':
                    sb.append("&gt;");
                    break;
                case '&':
                    sb.append("&amp;");
                    break;
                case '"':
                    sb.append("&quot;");
                    break;
                case '\'':
                    sb.append("&#39;");
                    break;
                default:
                    sb.append(c);
            }
        }
        return sb.toString();
    }
}
