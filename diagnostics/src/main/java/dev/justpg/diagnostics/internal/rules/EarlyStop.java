package dev.justpg.diagnostics.internal.rules;

import dev.justpg.diagnostics.NodeRelationship;
import dev.justpg.diagnostics.PlanNode;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a node returned fewer rows than planned because the node reading it stopped asking,
 * not because the estimate was wrong. The planner's row count is what the node would return if
 * read to the end; a node read only partly returns less:
 * <ul>
 *   <li>under a {@code Limit} that got its rows (through nodes that pass rows on as they come:
 *       joins, Gather, Append, Result, Subquery Scan, Unique, Materialize, Memoize...);</li>
 *   <li>on the inner side of a semi or anti join (EXISTS, NOT EXISTS, IN), which wants one
 *       matching row per outer row;</li>
 *   <li>in a SubPlan or InitPlan that returned at most one row per run (EXISTS, ANY, a scalar
 *       subquery), which stops at its first row;</li>
 *   <li>on one side of a Merge Join, which stops reading a side when the other side runs out
 *       (when the other side is not itself far below its estimate);</li>
 *   <li>inside a CTE whose scan was stopped early for one of these reasons.</li>
 * </ul>
 * A Sort, Hash, hashed or plain Aggregate, SetOp or bitmap scan on the way up reads its input
 * to the end, so nothing above it can cut the node short. Only over-estimates are excused: a
 * node that returned more rows than planned was not stopped early.
 */
final class EarlyStop {

    private static final Set<String> STREAMING = Set.of("Nested Loop", "Merge Join", "Gather", "Gather Merge",
            "Append", "Merge Append", "Result", "Subquery Scan", "Unique", "Group", "Memoize", "Materialize",
            "Incremental Sort", "WindowAgg", "ProjectSet", "LockRows", "Custom Scan", "Foreign Scan");

    private final double factor;

    EarlyStop(double misestimateFactor) {
        this.factor = misestimateFactor;
    }

    /**
     * Why the node may have been read only partly.
     *
     * @param n the node
     * @return the reason, or empty when it was read to the end
     */
    Optional<String> reason(PlanNode n) {
        return reason(n, 0);
    }

    private Optional<String> reason(PlanNode n, int ctes) {
        PlanNode cur = n;
        while (true) {
            NodeRelationship rel = cur.relationship();
            if (rel == NodeRelationship.SUBPLAN || (rel == NodeRelationship.INIT_PLAN && !cur.isCte())) {
                double perRun = cur.actualRows().orElse(Double.NaN);
                return perRun <= 1 ? Optional.of(cur.subplanName().orElse("its subplan")
                        + " stops at its first row (EXISTS, IN/ANY or a scalar subquery)") : Optional.empty();
            }
            Optional<PlanNode> p = cur.parent();
            if (p.isEmpty()) {
                return Optional.empty();
            }
            PlanNode parent = p.get();
            if (rel == NodeRelationship.INIT_PLAN) {
                return ctes < 4 ? cteReadPartly(parent, cur, ctes) : Optional.empty();
            }
            String type = parent.nodeType();
            String join = parent.joinType().orElse("");
            boolean semiOrAnti = join.equals("Semi") || join.equals("Anti");
            if (type.equals("Limit")) {
                double got = parent.actualRows().orElse(0);
                return got > 0 && got >= parent.planRows().orElse(Double.MAX_VALUE)
                        ? Optional.of("the Limit above it stopped after " + Fmt.n(got) + " rows")
                        : Optional.empty();
            }
            if (semiOrAnti && rel == NodeRelationship.INNER
                    && (type.equals("Nested Loop") || type.equals("Merge Join"))) {
                return Optional.of("the " + join.toLowerCase(java.util.Locale.ROOT) + " join above it (EXISTS, NOT"
                        + " EXISTS or IN) asks its inner side for one matching row at a time");
            }
            if (type.equals("Merge Join") && otherSideReadFully(parent, cur)) {
                return Optional.of("the Merge Join above it stops reading this side once the other side runs out");
            }
            boolean streams = STREAMING.contains(type)
                    || (type.equals("Hash Join") && rel == NodeRelationship.OUTER)
                    || (type.equals("Aggregate") && parent.strategy().map("Sorted"::equals).orElse(false));
            if (!streams) {
                return Optional.empty();
            }
            cur = parent;
        }
    }

    private boolean otherSideReadFully(PlanNode mergeJoin, PlanNode side) {
        for (PlanNode c : mergeJoin.children()) {
            if (c != side && (c.relationship() == NodeRelationship.OUTER || c.relationship() == NodeRelationship.INNER)) {
                double planned = c.planRows().orElse(Double.NaN);
                double actual = c.actualRows().orElse(Double.NaN);
                return !Double.isNaN(planned) && !Double.isNaN(actual) && actual * factor >= planned;
            }
        }
        return false;
    }

    private Optional<String> cteReadPartly(PlanNode owner, PlanNode cte, int ctes) {
        String name = cte.subplanName().orElse("CTE ").substring(4);
        String bare = name.startsWith("\"") && name.endsWith("\"") && name.length() > 1
                ? name.substring(1, name.length() - 1).replace("\"\"", "\"") : name;
        for (PlanNode d : owner.subtree()) {
            if (d.nodeType().equals("CTE Scan") && d.cteName().map(bare::equals).orElse(false)) {
                Optional<String> r = reason(d, ctes + 1);
                if (r.isPresent()) {
                    return Optional.of("CTE " + bare + " is read by a scan that stopped early: " + r.get());
                }
            }
        }
        return Optional.empty();
    }
}
