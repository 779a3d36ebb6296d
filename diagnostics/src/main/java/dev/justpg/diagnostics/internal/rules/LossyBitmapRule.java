package dev.justpg.diagnostics.internal.rules;

import dev.justpg.diagnostics.Finding;
import dev.justpg.diagnostics.FindingType;
import dev.justpg.diagnostics.PlanNode;
import java.util.List;

/** A bitmap heap scan whose bitmap became lossy for lack of {@code work_mem}. */
final class LossyBitmapRule implements Rule {

    @Override
    public void check(Ctx ctx, List<Finding> out) {
        for (PlanNode n : ctx.plan.nodes()) {
            long lossy = n.lossyHeapBlocks().orElse(0);
            if (!n.nodeType().equals("Bitmap Heap Scan") || lossy <= 0) {
                continue;
            }
            long exact = n.exactHeapBlocks().orElse(0);
            double rechecked = n.rowsRemovedByIndexRecheck().orElse(0) * n.actualLoops().orElse(1);
            String mem = Fmt.workMem((exact + lossy) * 64.0 / 1024 * 2);
            out.add(ctx.finding(FindingType.LOSSY_BITMAP, ctx.severity(n), n,
                    "Bitmap became lossy on " + Fmt.n(lossy) + " pages",
                    n.describe() + " could not keep one bit per row in work_mem ("
                            + ctx.plan.settings().getOrDefault("work_mem", "4MB (default)") + "), so for " + Fmt.n(lossy)
                            + " pages it kept one bit per page and rechecked every row on them: "
                            + Fmt.n(rechecked) + " rows were read and thrown away.",
                    Fmt.evidence("lossy pages", (double) lossy, "exact pages", (double) exact,
                            "rows removed by recheck", rechecked),
                    "Give the bitmap enough memory for every page: SET LOCAL work_mem = '" + mem + "'; or make the"
                            + " condition more selective.",
                    "SET LOCAL work_mem = '" + mem + "'", null));
        }
    }
}
