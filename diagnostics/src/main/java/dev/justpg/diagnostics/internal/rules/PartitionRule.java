package dev.justpg.diagnostics.internal.rules;

import dev.justpg.diagnostics.Finding;
import dev.justpg.diagnostics.FindingType;
import dev.justpg.diagnostics.NodeRelationship;
import dev.justpg.diagnostics.PlanNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An Append that scanned every partition with a filter although most of them returned
 * nothing: the condition did not let the planner prune partitions.
 */
final class PartitionRule implements Rule {

    @Override
    public void check(Ctx ctx, List<Finding> out) {
        for (PlanNode n : ctx.plan.nodes()) {
            if (!(n.nodeType().equals("Append") || n.nodeType().equals("Merge Append")) || !n.hasActuals()
                    || n.neverExecuted()) {
                continue;
            }
            List<PlanNode> scans = new ArrayList<>();
            Set<String> tables = new LinkedHashSet<>();
            boolean allFiltered = true;
            for (PlanNode c : n.children()) {
                if (c.relationship() != NodeRelationship.MEMBER) {
                    continue;
                }
                PlanNode s = c.nodeType().equals("Gather") && !c.children().isEmpty() ? c.children().get(0) : c;
                if (s.relationName().isEmpty()) {
                    allFiltered = false;
                    continue;
                }
                scans.add(s);
                tables.add(Ctx.table(s));
                allFiltered &= s.filter().isPresent() || s.indexCond().isPresent() || s.recheckCond().isPresent();
            }
            if (tables.size() < ctx.thresholds.partitionMinCount() || !allFiltered
                    || n.subplansRemoved().orElse(0) > 0) {
                continue;
            }
            int executed = 0;
            int empty = 0;
            for (PlanNode s : scans) {
                if (s.neverExecuted()) {
                    continue;
                }
                executed++;
                if (s.actualRows().orElse(0) == 0) {
                    empty++;
                }
            }
            if (executed < ctx.thresholds.partitionMinCount() || empty * 2 < executed) {
                continue;
            }
            String filter = scans.get(0).filter().or(scans.get(0)::indexCond).orElse("");
            out.add(ctx.finding(FindingType.PARTITIONS_NOT_PRUNED, ctx.severity(n), n,
                    "All " + executed + " partitions were scanned; " + empty + " returned nothing",
                    n.describe() + " scanned " + executed + " partitions (" + String.join(", ", tables)
                            + ") with the condition " + filter + ", and " + empty + " of them had no matching row:"
                            + " the planner could not tell from the condition which partitions to skip.",
                    Fmt.evidence("partitions scanned", (double) executed, "partitions with no rows", (double) empty,
                            "time ms", ctx.m(n).inclusiveTimeMs().orElse(Double.NaN)),
                    "Filter on the partition key itself with a plain comparison to a value or parameter (no function,"
                            + " cast or expression around the key column, e.g. created_at >= $1 AND created_at < $2"
                            + " instead of date_trunc('day', created_at) = $1), so partitions are pruned at plan or"
                            + " executor start-up; check that enable_partition_pruning is on.",
                    null, null));
        }
    }
}
