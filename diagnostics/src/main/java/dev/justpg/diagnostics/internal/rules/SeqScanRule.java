package dev.justpg.diagnostics.internal.rules;

import dev.justpg.diagnostics.Finding;
import dev.justpg.diagnostics.FindingType;
import dev.justpg.diagnostics.IndexSuggestion;
import dev.justpg.diagnostics.PlanNode;
import java.util.List;
import java.util.Optional;

/** A sequential scan that reads many rows to keep few. */
final class SeqScanRule implements Rule {

    @Override
    public void check(Ctx ctx, List<Finding> out) {
        for (PlanNode n : ctx.plan.nodes()) {
            if (!n.nodeType().equals("Seq Scan") || n.filter().isEmpty() || !n.hasActuals() || n.neverExecuted()) {
                continue;
            }
            double loops = n.actualLoops().getAsDouble();
            double kept = n.actualRows().orElse(0) * loops;
            double removed = n.rowsRemovedByFilter().orElse(0) * loops;
            double read = kept + removed;
            if (read < ctx.thresholds.minScanRows() || kept / read > ctx.thresholds.maxScanSelectivity()) {
                continue;
            }
            String filter = n.filter().get();
            Optional<IndexSuggestion> index = IndexAdvisor.suggest(n, filter);
            String explanation = "Seq Scan on " + Ctx.table(n) + " read " + Fmt.n(read) + " rows to return "
                    + Fmt.n(kept) + " (" + Fmt.pct(kept / read) + "); the filter " + filter + " threw away "
                    + Fmt.n(removed) + ".";
            String action = index.map(i -> "Add an index so PostgreSQL reads only the matching rows: "
                    + i.createStatement() + (i.extension().isEmpty() ? "" : " (needs CREATE EXTENSION "
                    + i.extension() + ")") + ". Then run the query again and check that the plan uses it.")
                    .orElse("No plain index serves this filter as written (it compares columns with each other,"
                            + " uses <> or a function PostgreSQL cannot index); rewrite the condition so a column is"
                            + " compared with a value, or index the expression.");
            out.add(ctx.finding(FindingType.SEQ_SCAN_SELECTIVE_FILTER, ctx.severity(n), n,
                    "Sequential scan on " + Ctx.table(n) + " keeps " + Fmt.pct(kept / read) + " of the rows it reads",
                    explanation, Fmt.evidence("rows read", read, "rows returned", kept, "rows removed by filter", removed,
                            "selectivity", kept / read, "time ms", ctx.m(n).inclusiveTimeMs().orElse(Double.NaN)),
                    action, index.map(IndexSuggestion::createStatement).orElse(null), index.orElse(null)));
        }
    }
}
