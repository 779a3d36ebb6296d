package dev.justpg.diagnostics.internal.rules;

import dev.justpg.core.Severity;
import dev.justpg.diagnostics.Finding;
import dev.justpg.diagnostics.FindingType;
import dev.justpg.diagnostics.PlanNode;
import java.util.List;

/** A Gather that got fewer workers than planned. */
final class WorkersRule implements Rule {

    @Override
    public void check(Ctx ctx, List<Finding> out) {
        for (PlanNode n : ctx.plan.nodes()) {
            if (n.workersPlanned().isEmpty() || n.workersLaunched().isEmpty()) {
                continue;
            }
            long planned = n.workersPlanned().getAsLong();
            long launched = n.workersLaunched().getAsLong();
            if (launched >= planned) {
                continue;
            }
            Severity s = launched == 0 ? Severity.maxOf(ctx.severity(n), Severity.MEDIUM) : ctx.severity(n);
            out.add(ctx.finding(FindingType.WORKERS_NOT_LAUNCHED, s, n,
                    launched + " of " + planned + " parallel workers started",
                    n.describe() + " planned " + planned + " parallel workers but only " + launched + " started, so "
                            + (launched == 0 ? "the leader did all the work alone" : "the remaining processes did more")
                            + ": the server had no free worker slots when the query ran.",
                    Fmt.evidence("workers planned", (double) planned, "workers launched", (double) launched),
                    "Raise max_parallel_workers (and max_worker_processes, which needs a restart) or run fewer"
                            + " parallel queries at once; check max_parallel_workers_per_gather in this session.",
                    "SHOW max_parallel_workers", null));
        }
    }
}
