package dev.justpg.diagnostics.internal.rules;

import dev.justpg.diagnostics.Finding;
import dev.justpg.diagnostics.FindingType;
import dev.justpg.diagnostics.PlanNode;
import dev.justpg.diagnostics.WorkerStats;
import java.util.List;

/** Sorts, hashes and hash aggregates that did not fit in {@code work_mem}. */
final class SpillRule implements Rule {

    @Override
    public void check(Ctx ctx, List<Finding> out) {
        String current = ctx.plan.settings().getOrDefault("work_mem", "4MB (default)");
        for (PlanNode n : ctx.plan.nodes()) {
            double diskKb = sortDiskKb(n);
            if (diskKb > 0) {
                String mem = Fmt.workMem(diskKb * 3);
                out.add(ctx.finding(FindingType.SORT_SPILL, ctx.severity(n), n,
                        "Sort spilled " + Fmt.n(diskKb) + " kB to disk",
                        n.describe() + " used an " + n.sortMethod().orElse("external") + " on disk (" + Fmt.n(diskKb)
                                + " kB) because the rows did not fit in work_mem (" + current + ").",
                        Fmt.evidence("disk kB", diskKb, "time ms", ctx.m(n).inclusiveTimeMs().orElse(Double.NaN)),
                        "Give this query more sort memory, in the transaction only: SET LOCAL work_mem = '" + mem
                                + "' (a sort in memory needs two to three times its on-disk size). Or sort fewer"
                                + " rows: a LIMIT, an index that provides the order.",
                        "SET LOCAL work_mem = '" + mem + "'", null));
            }
            long batches = n.hashBatches().orElse(1);
            if (n.nodeType().equals("Hash") && (batches > 1 || n.originalHashBatches().orElse(1) > 1)) {
                double need = n.peakMemoryUsageKb().orElse(0) * Math.max(batches, 1);
                String mem = Fmt.workMem(need);
                out.add(ctx.finding(FindingType.HASH_SPILL, ctx.severity(n.parent().orElse(n)), n,
                        "Hash spilled to disk in " + batches + " batches",
                        "The hash table for " + n.parent().map(PlanNode::describe).orElse("the join") + " did not fit in"
                                + " work_mem (" + current + ") and was split into " + batches + " batches written to"
                                + " temporary files.",
                        Fmt.evidence("batches", (double) batches, "original batches",
                                (double) n.originalHashBatches().orElse(1), "peak memory kB",
                                (double) n.peakMemoryUsageKb().orElse(0)),
                        "Let the hash fit in memory: SET LOCAL work_mem = '" + mem + "' (or raise hash_mem_multiplier);"
                                + " if the batches grew beyond the plan, the row estimate was too low: ANALYZE.",
                        "SET LOCAL work_mem = '" + mem + "'", null));
            }
            long aggBatches = n.hashAggBatches().orElse(1);
            if (n.nodeType().equals("Aggregate") && (aggBatches > 1 || n.diskUsageKb().orElse(0) > 0)) {
                double need = n.peakMemoryUsageKb().orElse(0) + n.diskUsageKb().orElse(0);
                String mem = Fmt.workMem(need * 2);
                out.add(ctx.finding(FindingType.HASH_AGGREGATE_SPILL, ctx.severity(n), n,
                        "HashAggregate spilled " + Fmt.n(n.diskUsageKb().orElse(0)) + " kB to disk",
                        n.describe() + " did not fit its groups in work_mem (" + current + ") and wrote "
                                + aggBatches + " batches to disk.",
                        Fmt.evidence("batches", (double) aggBatches, "disk kB", (double) n.diskUsageKb().orElse(0),
                                "peak memory kB", (double) n.peakMemoryUsageKb().orElse(0)),
                        "SET LOCAL work_mem = '" + mem + "' for this query, or reduce the number of groups.",
                        "SET LOCAL work_mem = '" + mem + "'", null));
            }
        }
    }

    private static double sortDiskKb(PlanNode n) {
        double kb = 0;
        if ("Disk".equals(n.sortSpaceType().orElse(""))) {
            kb = n.sortSpaceUsedKb().orElse(0);
        }
        for (WorkerStats w : n.workers()) {
            if ("Disk".equals(w.property("Sort Space Type").orElse(""))) {
                kb = Math.max(kb, ((Number) w.property("Sort Space Used").orElse(0.0)).doubleValue());
            }
        }
        return kb;
    }
}
