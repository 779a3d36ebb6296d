package dev.justpg.diagnostics.internal.rules;

import dev.justpg.core.Severity;
import dev.justpg.diagnostics.Finding;
import dev.justpg.diagnostics.FindingType;
import dev.justpg.diagnostics.IndexSuggestion;
import dev.justpg.diagnostics.PlanNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A sequential scan that reads many rows to keep few. Scans of several partitions whose index
 * belongs on the same partitioned table are reported once, with the index on that table.
 */
final class SeqScanRule implements Rule {

    @Override
    public void check(Ctx ctx, List<Finding> out) {
        Map<String, List<PlanNode>> groups = new LinkedHashMap<>();
        Map<String, Optional<IndexSuggestion>> indexes = new LinkedHashMap<>();
        for (PlanNode n : ctx.plan.nodes()) {
            if (!n.nodeType().equals("Seq Scan") || n.filter().isEmpty() || !n.hasActuals() || n.neverExecuted()) {
                continue;
            }
            double loops = n.actualLoops().getAsDouble();
            double kept = n.actualRows().orElse(0) * loops;
            double read = kept + n.rowsRemovedByFilter().orElse(0) * loops;
            if (read < ctx.thresholds.minScanRows() || kept / read > ctx.thresholds.maxScanSelectivity()) {
                continue;
            }
            Optional<IndexSuggestion> index = IndexAdvisor.suggest(n, n.filter().get())
                    .map(i -> PartitionParent.lift(ctx, n, i));
            String key = index.filter(IndexSuggestion::partitioned).map(IndexSuggestion::createStatement)
                    .orElse("#" + n.id());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(n);
            indexes.put(key, index);
        }
        for (Map.Entry<String, List<PlanNode>> g : groups.entrySet()) {
            out.add(finding(ctx, g.getValue(), indexes.get(g.getKey())));
        }
    }

    private static Finding finding(Ctx ctx, List<PlanNode> scans, Optional<IndexSuggestion> index) {
        PlanNode n = scans.get(0);
        double kept = 0;
        double removed = 0;
        double ms = 0;
        Severity severity = Severity.INFO;
        List<String> tables = new ArrayList<>();
        for (PlanNode s : scans) {
            double loops = s.actualLoops().getAsDouble();
            kept += s.actualRows().orElse(0) * loops;
            removed += s.rowsRemovedByFilter().orElse(0) * loops;
            ms += ctx.m(s).inclusiveTimeMs().orElse(Double.NaN);
            Severity sv = ctx.severity(s);
            severity = sv.compareTo(severity) > 0 ? sv : severity;
            tables.add(Ctx.table(s));
        }
        double read = kept + removed;
        String filter = n.filter().get();
        String what = scans.size() == 1 ? "Seq Scan on " + tables.get(0)
                : "Seq Scans on " + scans.size() + " partitions of " + index.get().table() + " ("
                        + String.join(", ", tables) + ")";
        String explanation = what + " read " + Fmt.n(read) + " rows to return " + Fmt.n(kept) + " ("
                + Fmt.pct(kept / read) + "); the filter " + filter + " threw away " + Fmt.n(removed) + ".";
        String action = index.map(i -> "Add an index so PostgreSQL reads only the matching rows: "
                + i.createStatement() + (i.extension().isEmpty() ? "" : " (needs CREATE EXTENSION "
                + i.extension() + ")") + "." + (i.partitioned() ? " " + partitionNote(i)
                        : PartitionParent.reference(n).map(r -> " " + Ctx.table(n) + " looks like one of the"
                                + " partitions of the table the query calls " + r + ": if so, create the index on"
                                + " that partitioned table instead, which creates it on every partition"
                                + " (PlanAdvisor.builder().database(...) finds its name in the catalog).").orElse(""))
                + " Then run the query again and check that the plan uses it.")
                .orElse("No plain index serves this filter as written (it compares columns with each other,"
                        + " uses <> or a function PostgreSQL cannot index); rewrite the condition so a column is"
                        + " compared with a value, or index the expression.");
        String title = scans.size() == 1
                ? "Sequential scan on " + tables.get(0) + " keeps " + Fmt.pct(kept / read) + " of the rows it reads"
                : "Sequential scans on " + scans.size() + " partitions of " + index.get().table() + " keep "
                        + Fmt.pct(kept / read) + " of the rows they read";
        return ctx.finding(FindingType.SEQ_SCAN_SELECTIVE_FILTER, severity, n, title, explanation,
                Fmt.evidence("rows read", read, "rows returned", kept, "rows removed by filter", removed,
                        "selectivity", kept / read, "time ms", ms),
                action, index.map(IndexSuggestion::createStatement).orElse(null), index.orElse(null));
    }

    private static String partitionNote(IndexSuggestion i) {
        return "It is created on " + i.table() + ", the partitioned table, and so on every partition"
                + " (PostgreSQL cannot build it CONCURRENTLY there: to keep writes going on a busy table, create"
                + " it ON ONLY " + i.table() + ", build each partition's index CONCURRENTLY and ATTACH it).";
    }
}
