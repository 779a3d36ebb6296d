package dev.justpg.diagnostics.internal.rules;

import dev.justpg.diagnostics.Finding;
import dev.justpg.diagnostics.FindingType;
import dev.justpg.diagnostics.IndexSuggestion;
import dev.justpg.diagnostics.NodeRelationship;
import dev.justpg.diagnostics.PlanNode;
import java.util.List;
import java.util.Optional;

/** A nested loop whose inner side runs very many times: the N+1 pattern inside one plan. */
final class NestedLoopRule implements Rule {

    @Override
    public void check(Ctx ctx, List<Finding> out) {
        for (PlanNode n : ctx.plan.nodes()) {
            if (!n.nodeType().equals("Nested Loop") || !n.hasActuals()) {
                continue;
            }
            Optional<PlanNode> inner = n.children().stream()
                    .filter(c -> c.relationship() == NodeRelationship.INNER).findFirst();
            if (inner.isEmpty()) {
                continue;
            }
            PlanNode in = inner.get();
            double loops = in.actualLoops().orElse(0);
            if (loops < ctx.thresholds.nestedLoopMinLoops()) {
                continue;
            }
            double perLoop = in.actualTotalTime().orElse(Double.NaN);
            double innerTotal = ctx.m(in).inclusiveTimeMs().orElse(Double.NaN);
            Optional<PlanNode> outer = n.children().stream()
                    .filter(c -> c.relationship() == NodeRelationship.OUTER).findFirst();
            double expectedLoops = outer.flatMap(o -> o.planRows().isPresent()
                    ? Optional.of(o.planRows().getAsDouble()) : Optional.empty()).orElse(Double.NaN);
            PlanNode target = in.nodeType().equals("Materialize") && !in.children().isEmpty() ? in.children().get(0) : in;
            Optional<IndexSuggestion> index = Optional.empty();
            if (target.nodeType().equals("Seq Scan")) {
                String cond = n.joinFilter().or(target::filter).orElse(null);
                if (cond != null) {
                    index = IndexAdvisor.suggest(target, joinColumnsOf(cond, target))
                            .map(i -> PartitionParent.lift(ctx, target, i));
                }
            }
            String explanation = "The nested loop ran " + in.describe() + " " + Fmt.n(loops) + " times, once per row of its"
                    + " outer input" + (Double.isNaN(expectedLoops) ? "" : " (the planner expected " + Fmt.n(expectedLoops)
                    + ")") + (Double.isNaN(innerTotal) ? "." : "; together " + Fmt.ms(innerTotal) + ".");
            String action = index.map(i -> "Each loop scans " + Ctx.table(target) + " from the start; index the join"
                    + " column so each loop is one lookup: " + i.createStatement() + ".")
                    .orElse(target.nodeType().contains("Index") ? "Each loop is an index lookup, but there are many:"
                            + " if the outer row count was underestimated, fix the estimate (ANALYZE, extended"
                            + " statistics) so the planner can choose a hash join; in application code, fetch the rows"
                            + " in one query instead of one query per row."
                            : "Fix the outer row estimate (ANALYZE) or index the inner side's join column so the"
                            + " planner can choose a hash join or an index lookup.");
            out.add(ctx.finding(FindingType.NESTED_LOOP_MANY_LOOPS, ctx.severity(n), n,
                    "Nested loop runs its inner side " + Fmt.n(loops) + " times", explanation,
                    Fmt.evidence("inner loops", loops, "expected outer rows", expectedLoops, "inner ms per loop", perLoop,
                            "inner total ms", innerTotal),
                    action, index.map(IndexSuggestion::createStatement).orElse(null), index.orElse(null)));
        }
    }

    /** Turns {@code (o.x = i.y)} into {@code (i.y = $0)} for the inner table's alias so it indexes i.y. */
    private static String joinColumnsOf(String cond, PlanNode inner) {
        String alias = inner.alias().orElse(inner.relationName().orElse(""));
        StringBuilder sb = new StringBuilder();
        for (String c : IndexAdvisor.conjuncts(cond)) {
            String[] sides = c.split(" = ", 2);
            if (sides.length != 2) {
                continue;
            }
            String col = sides[0].strip().startsWith(alias + ".") ? sides[0] : sides[1].strip().startsWith(alias + ".")
                    ? sides[1] : null;
            if (col != null) {
                if (sb.length() > 0) {
                    sb.append(" AND ");
                }
                sb.append('(').append(col.strip()).append(" = $0)");
            }
        }
        return sb.length() == 0 ? cond : sb.toString();
    }
}
