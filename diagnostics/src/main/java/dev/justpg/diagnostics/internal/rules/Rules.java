package dev.justpg.diagnostics.internal.rules;

import dev.justpg.diagnostics.Finding;
import dev.justpg.diagnostics.Plan;
import dev.justpg.diagnostics.Thresholds;
import java.util.List;

/** Runs every rule. */
public final class Rules {

    private static final List<Rule> ALL = List.of(new SeqScanRule(), new MisestimateRule(), new NestedLoopRule(),
            new SpillRule(), new LossyBitmapRule(), new HeapFetchRule(), new PartitionRule(), new WorkersRule(),
            new TriggerRule(), new JitRule());

    private Rules() {
    }

    /**
     * Adds every rule's findings.
     *
     * @param plan the plan
     * @param thresholds the thresholds
     * @param out where to add them
     */
    public static void run(Plan plan, Thresholds thresholds, List<Finding> out) {
        Ctx ctx = new Ctx(plan, thresholds);
        for (Rule r : ALL) {
            r.check(ctx, out);
        }
    }
}
