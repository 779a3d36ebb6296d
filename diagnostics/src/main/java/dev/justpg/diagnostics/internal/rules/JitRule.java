package dev.justpg.diagnostics.internal.rules;

import dev.justpg.diagnostics.Finding;
import dev.justpg.diagnostics.FindingType;
import dev.justpg.diagnostics.JitStats;
import java.util.List;

/** JIT compilation that cost a large share of the statement. */
final class JitRule implements Rule {

    @Override
    public void check(Ctx ctx, List<Finding> out) {
        if (ctx.plan.jit().isEmpty()) {
            return;
        }
        JitStats j = ctx.plan.jit().get();
        double exec = ctx.plan.executionTime().orElse(Double.NaN);
        double share = exec > 0 ? j.totalMs() / exec : Double.NaN;
        if (!(share >= ctx.thresholds.jitMinShare())) {
            return;
        }
        out.add(ctx.finding(FindingType.JIT_DOMINATES, ctx.thresholds.severityFor(share), null,
                "JIT compilation took " + Fmt.pct(Math.min(1, share)) + " of the statement",
                "PostgreSQL compiled " + j.functions() + " functions to machine code, which took " + Fmt.ms(j.totalMs())
                        + " of the " + Fmt.ms(exec) + " the statement ran: the plan's cost estimate (above"
                        + " jit_above_cost) made JIT look worthwhile for a query that is in fact short.",
                Fmt.evidence("jit ms", j.totalMs(), "execution ms", exec, "share", share, "functions",
                        (double) j.functions()),
                "Turn JIT off for such queries (SET LOCAL jit = off) or raise jit_above_cost"
                        + " (and jit_inline_above_cost, jit_optimize_above_cost) so only long queries are compiled.",
                "SET LOCAL jit = off", null));
    }
}
