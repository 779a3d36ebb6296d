package dev.justpg.diagnostics.internal.rules;

import dev.justpg.diagnostics.Finding;
import dev.justpg.diagnostics.Plan;
import dev.justpg.diagnostics.Thresholds;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

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
     * @param partitionRoot (schema or null, table) to the (schema, name) of the partitioned table
     *     at the top of its partition tree, or empty when it is not a partition or cannot be told
     * @param out where to add them
     */
    public static void run(Plan plan, Thresholds thresholds,
            BiFunction<String, String, Optional<String[]>> partitionRoot, List<Finding> out) {
        Ctx ctx = new Ctx(plan, thresholds, partitionRoot);
        for (Rule r : ALL) {
            r.check(ctx, out);
        }
    }
}
