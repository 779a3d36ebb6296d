package dev.justpg.diagnostics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The plain-words reading of a plan: one sentence per node, in the order the rows flow. */
final class Narrator {

    private Narrator() {
    }

    static String summary(Plan plan) {
        PlanMetrics m = plan.metrics();
        StringBuilder sb = new StringBuilder();
        if (plan.analyzed() && m.totalTimeMs().isPresent()) {
            sb.append("The statement ran in ").append(ms(plan.executionTime().orElse(m.totalTimeMs().getAsDouble())));
            plan.planningTime().ifPresent(p -> sb.append(" after ").append(ms(p)).append(" of planning"));
            double rows = m.node(plan.root()).totalRows().orElse(0);
            sb.append(", returning ").append(n(rows)).append(rows == 1 ? " row." : " rows.");
        } else if (plan.analyzed()) {
            sb.append("The statement ran with timing off: rows were counted, times were not.");
        } else {
            sb.append("This plan was not run (EXPLAIN without ANALYZE): every figure is the planner's estimate.");
        }
        return sb.toString();
    }

    /** The steps, children before parents, numbered. */
    static List<String> steps(Plan plan) {
        List<String> out = new ArrayList<>();
        walk(plan, plan.root(), out);
        return out;
    }

    private static void walk(Plan plan, PlanNode n, List<String> out) {
        for (PlanNode c : n.children()) {
            walk(plan, c, out);
        }
        out.add(sentence(plan, n));
    }

    static String sentence(Plan plan, PlanNode n) {
        NodeMetrics m = plan.metrics().node(n);
        StringBuilder sb = new StringBuilder();
        sb.append(n.describe()).append(": ").append(action(plan, n, m));
        if (n.neverExecuted()) {
            sb.append(" It never ran: nothing upstream asked for its rows.");
            return sb.toString();
        }
        if (n.hasActuals()) {
            double rows = m.totalRows().orElse(0);
            double loops = n.actualLoops().orElse(1);
            sb.append(" It produced ").append(n(rows)).append(rows == 1 ? " row" : " rows");
            if (loops > 1) {
                sb.append(" over ").append(n(loops)).append(" loops");
            }
            sb.append('.');
            m.estimate().filter(e -> e.factor() >= 10).ifPresent(e -> sb.append(" The planner expected ")
                    .append(n(e.planRows())).append(" per loop, ").append(n(Math.round(e.factor()))).append(" times ")
                    .append(e.direction() == EstimateError.Direction.UNDER ? "too few" : "too many").append('.'));
        } else {
            n.planRows().ifPresent(r -> sb.append(" Expected ").append(n(r)).append(" rows."));
        }
        if (m.exclusiveTimeMs().isPresent() && m.percentOfTotal().isPresent()) {
            sb.append(" Own time ").append(ms(m.exclusiveTimeMs().getAsDouble())).append(" (")
                    .append(String.format(Locale.ROOT, "%.1f", m.percentOfTotal().getAsDouble())).append("% of the total)");
            if (m.accuracy() == NodeMetrics.Accuracy.ESTIMATED) {
                sb.append(", estimated");
            }
            sb.append('.');
        } else if (plan.analyzed() && m.note().isPresent() && m.exclusiveTimeMs().isEmpty()) {
            sb.append(" Own time unknown: ").append(m.note().get()).append('.');
        }
        return sb.toString();
    }

    private static String action(Plan plan, PlanNode n, NodeMetrics m) {
        String type = n.nodeType();
        String table = n.relationName().orElse(n.alias().orElse("its input"));
        switch (type) {
            case "Seq Scan": {
                String s = "read every row of " + table;
                if (n.filter().isPresent()) {
                    s += " and kept those matching " + n.filter().get();
                    if (n.rowsRemovedByFilter().isPresent() && n.hasActuals()) {
                        s += " (" + n(m.totalRowsRemoved().orElse(0)) + " rows thrown away)";
                    }
                }
                return s + ".";
            }
            case "Index Scan":
                return "looked up rows of " + table + " through index " + n.indexName().orElse("?")
                        + n.indexCond().map(c -> " where " + c).orElse(" in index order")
                        + n.filter().map(f -> ", then kept those matching " + f).orElse("") + ".";
            case "Index Only Scan":
                return "answered from index " + n.indexName().orElse("?") + " alone"
                        + n.indexCond().map(c -> " where " + c).orElse("")
                        + n.heapFetches().stream().filter(h -> h > 0).mapToObj(h -> ", but visited the table for "
                                + n(h) + " rows whose pages were not all-visible").findFirst().orElse("") + ".";
            case "Bitmap Index Scan":
                return "marked the matching rows in a bitmap using index " + n.indexName().orElse("?")
                        + n.indexCond().map(c -> " where " + c).orElse("") + ".";
            case "Bitmap Heap Scan":
                return "read the pages of " + table + " that the bitmap points at"
                        + n.lossyHeapBlocks().stream().filter(l -> l > 0).mapToObj(l -> " (" + n(l)
                                + " pages lossy: every row on them rechecked)").findFirst().orElse("") + ".";
            case "Hash":
                return "built a hash table from its input" + n.hashBatches().stream().filter(b -> b > 1)
                        .mapToObj(b -> ", in " + b + " batches on disk because it did not fit in work_mem")
                        .findFirst().orElse("") + ".";
            case "Hash Join":
                return joinWord(n) + " its two inputs by looking each outer row up in the hash table"
                        + n.hashCond().map(c -> " on " + c).orElse("") + ".";
            case "Merge Join":
                return joinWord(n) + " two inputs sorted the same way" + n.mergeCond().map(c -> " on " + c).orElse("") + ".";
            case "Nested Loop":
                return joinWord(n) + " its inputs by running the inner side once per outer row"
                        + n.joinFilter().map(f -> ", keeping pairs where " + f).orElse("") + ".";
            case "Sort":
                return "sorted its input by " + String.join(", ", n.sortKey())
                        + n.sortMethod().map(s -> " (" + s + n.sortSpaceType().map(t -> ", " + t.toLowerCase(Locale.ROOT)
                                + " " + n.sortSpaceUsedKb().orElse(0) + " kB").orElse("") + ")").orElse("") + ".";
            case "Aggregate":
                return (n.groupKey().isEmpty() ? "computed aggregates over all its input rows"
                        : "grouped its input by " + String.join(", ", n.groupKey())
                        + ("Hashed".equals(n.strategy().orElse("")) ? " in a hash table" : " (input sorted by group)"))
                        + ".";
            case "Limit":
                return "passed on the first rows and stopped.";
            case "Gather":
            case "Gather Merge":
                return "ran its input in " + n.workersLaunched().orElse(n.workersPlanned().orElse(0))
                        + " parallel workers" + n.workersPlanned().stream().mapToObj(p -> " (" + p + " planned)")
                        .findFirst().orElse("") + " and collected their rows"
                        + (type.equals("Gather Merge") ? " in order" : "") + ".";
            case "Append":
            case "Merge Append":
                return "concatenated the rows of its " + n.children().size() + " inputs.";
            case "Materialize":
                return "stored its input's rows so they could be re-read.";
            case "Memoize":
                return "cached the inner side's rows by " + n.cacheKey().orElse("key")
                        + n.cacheHits().stream().mapToObj(h -> " (" + n(h) + " hits, " + n(n.cacheMisses().orElse(0))
                                + " misses)").findFirst().orElse("") + ".";
            case "CTE Scan":
                return "read the rows of the CTE " + n.cteName().orElse("?") + ".";
            case "ModifyTable":
                return n.operation().orElse("changed").toLowerCase(Locale.ROOT) + " rows of " + table + ".";
            case "Result":
                return "computed its output" + n.oneTimeFilter().map(f -> " when " + f).orElse("") + ".";
            default:
                return "did its step (" + n.displayName() + ")" + n.filter().map(f -> ", keeping rows where " + f).orElse("")
                        + ".";
        }
    }

    private static String joinWord(PlanNode n) {
        Optional<String> t = n.joinType();
        String j = t.orElse("Inner");
        return j.equals("Inner") ? "joined" : "joined (" + j.toLowerCase(Locale.ROOT) + " join)";
    }

    static String ms(double v) {
        return String.format(Locale.ROOT, v < 10 ? "%.3f ms" : "%,.1f ms", v);
    }

    static String n(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, "%,.2f", v);
    }
}
