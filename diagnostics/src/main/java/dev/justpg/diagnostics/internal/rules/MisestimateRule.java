package dev.justpg.diagnostics.internal.rules;

import dev.justpg.core.Identifier;
import dev.justpg.diagnostics.EstimateError;
import dev.justpg.diagnostics.Finding;
import dev.justpg.diagnostics.FindingType;
import dev.justpg.diagnostics.NodeRelationship;
import dev.justpg.diagnostics.PlanNode;
import java.util.List;
import java.util.Optional;

/**
 * A row estimate far off. Only the deepest node of a chain of misestimates is reported: the
 * nodes above inherit its error. A node that returned fewer rows than planned because the node
 * reading it stopped asking ({@link EarlyStop}) is not a misestimate.
 */
final class MisestimateRule implements Rule {

    @Override
    public void check(Ctx ctx, List<Finding> out) {
        for (PlanNode n : ctx.plan.nodes()) {
            Optional<EstimateError> e = off(ctx, n);
            if (e.isEmpty() || n.nodeType().equals("Hash") || n.nodeType().equals("Materialize")) {
                continue;
            }
            boolean childAlsoOff = false;
            for (PlanNode c : n.children()) {
                if (c.relationship() != NodeRelationship.INIT_PLAN && c.relationship() != NodeRelationship.SUBPLAN
                        && off(ctx, c).filter(ce -> ce.direction() == e.get().direction()).isPresent()) {
                    childAlsoOff = true;
                }
            }
            if (childAlsoOff) {
                continue;
            }
            EstimateError err = e.get();
            String what = err.direction() == EstimateError.Direction.UNDER ? "more" : "fewer";
            String explanation = n.describe() + ": the planner expected " + Fmt.n(err.planRows()) + " rows per loop and got "
                    + Fmt.n(err.actualRows()) + " (" + Fmt.n(Math.round(err.factor())) + " times " + what
                    + " rows than it thought). Plans above this node were chosen for the wrong row count.";
            String sql = null;
            String action;
            if (n.relationName().isPresent()) {
                String table = Ctx.table(n);
                String quoted = quoted(n);
                List<String> cols = n.filter().or(n::indexCond).or(n::recheckCond)
                        .map(IndexAdvisor::columns).orElse(List.of());
                if (cols.size() >= 2) {
                    String stats = quotedName(n.relationName().get() + "_" + String.join("_", bare(cols)) + "_stats");
                    sql = "CREATE STATISTICS " + stats + " (dependencies, ndistinct, mcv) ON "
                            + String.join(", ", cols) + " FROM " + quoted + "; ANALYZE " + quoted;
                    action = "The columns " + String.join(", ", cols) + " of " + table + " are probably correlated, which"
                            + " the planner assumes they are not. Create extended statistics and analyze: " + sql + ".";
                } else {
                    sql = "ANALYZE " + quoted;
                    action = "Refresh the statistics of " + table + " (" + sql + "); if the estimate stays off, raise"
                            + " the column's statistics target (ALTER TABLE ... ALTER COLUMN ... SET STATISTICS 1000)"
                            + " or create extended statistics on the filtered columns.";
                }
            } else {
                action = "Analyze the tables below this node; for joins on correlated columns create extended"
                        + " statistics (CREATE STATISTICS ... ON a, b FROM t).";
            }
            out.add(ctx.finding(FindingType.ROW_MISESTIMATE, ctx.severity(n), n,
                    "Row estimate " + Fmt.n(Math.round(err.factor())) + "x off at " + n.describe(), explanation,
                    Fmt.evidence("estimated rows", err.planRows(), "actual rows", err.actualRows(), "factor",
                            err.factor(), "loops", n.actualLoops().orElse(Double.NaN)),
                    action, sql, null));
        }
    }

    private Optional<EstimateError> off(Ctx ctx, PlanNode n) {
        Optional<EstimateError> e = ctx.m(n).estimate();
        if (e.isEmpty() || e.get().factor() < ctx.thresholds.misestimateFactor()) {
            return Optional.empty();
        }
        double loops = n.actualLoops().orElse(1);
        double rows = Math.max(e.get().planRows(), e.get().actualRows()) * loops;
        if (rows < ctx.thresholds.misestimateMinRows()) {
            return Optional.empty();
        }
        if (e.get().direction() == EstimateError.Direction.OVER
                && new EarlyStop(ctx.thresholds.misestimateFactor()).reason(n).isPresent()) {
            return Optional.empty();
        }
        return e;
    }

    private static String quoted(PlanNode n) {
        return n.schema().isPresent() ? Identifier.of(n.schema().get(), n.relationName().get()).quoted()
                : Identifier.of(n.relationName().get()).quoted();
    }

    private static String quotedName(String name) {
        String shortened = name.length() > 60 ? name.substring(0, 60) : name;
        return Identifier.of(shortened).quoted();
    }

    private static List<String> bare(List<String> quoted) {
        return quoted.stream().map(q -> q.startsWith("\"") ? q.substring(1, q.length() - 1) : q).toList();
    }
}
