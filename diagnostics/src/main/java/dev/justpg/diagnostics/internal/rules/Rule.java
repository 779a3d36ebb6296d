package dev.justpg.diagnostics.internal.rules;

import dev.justpg.diagnostics.Finding;
import java.util.List;

/** One check over a plan. */
interface Rule {

    /**
     * Adds the findings of this check.
     *
     * @param ctx the plan, its metrics and the thresholds
     * @param out where to add findings
     */
    void check(Ctx ctx, List<Finding> out);
}
