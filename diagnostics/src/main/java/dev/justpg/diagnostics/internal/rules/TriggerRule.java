package dev.justpg.diagnostics.internal.rules;

import dev.justpg.diagnostics.Finding;
import dev.justpg.diagnostics.FindingType;
import dev.justpg.diagnostics.TriggerStats;
import java.util.List;

/** Triggers and foreign-key checks that took a large share of the statement. */
final class TriggerRule implements Rule {

    @Override
    public void check(Ctx ctx, List<Finding> out) {
        double exec = ctx.plan.executionTime().orElse(Double.NaN);
        for (TriggerStats t : ctx.plan.triggers()) {
            if (t.timeMs().isEmpty()) {
                continue;
            }
            double ms = t.timeMs().getAsDouble();
            double share = exec > 0 ? ms / exec : Double.NaN;
            if (ms < ctx.thresholds.triggerMinMs() || !(share >= ctx.thresholds.triggerMinShare())) {
                continue;
            }
            String name = t.constraintName().map(c -> "foreign-key check of " + c)
                    .orElse("trigger " + t.name().orElse("?"));
            String on = t.relation().map(r -> " on " + r).orElse("");
            if (t.isForeignKeyCheck()) {
                String constraint = t.constraintName().orElse(t.name().orElse("?"));
                String sql = "SELECT conrelid::regclass AS referencing_table, a.attname AS column FROM pg_constraint c"
                        + " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)"
                        + " WHERE c.conname = '" + constraint.replace("'", "''") + "'";
                out.add(ctx.finding(FindingType.SLOW_FOREIGN_KEY_CHECK, ctx.thresholds.severityFor(share), null,
                        "The " + name + " took " + Fmt.pct(share) + " of the statement",
                        "The " + name + on + " ran " + Fmt.n(t.calls()) + " times and took " + Fmt.ms(ms) + " of "
                                + Fmt.ms(exec) + ". Each check looks up the other table by the constraint's"
                                + " columns; without an index on the referencing columns every check scans that"
                                + " table.",
                        Fmt.evidence("trigger ms", ms, "calls", (double) t.calls(), "execution ms", exec, "share", share),
                        "Index the referencing columns of " + constraint + " (find them with the query given),"
                                + " with CREATE INDEX CONCURRENTLY ON <referencing table> (<columns>).",
                        sql, null));
            } else {
                out.add(ctx.finding(FindingType.SLOW_TRIGGER, ctx.thresholds.severityFor(share), null,
                        "The " + name + " took " + Fmt.pct(share) + " of the statement",
                        "The " + name + on + " ran " + Fmt.n(t.calls()) + " times and took " + Fmt.ms(ms) + " of "
                                + Fmt.ms(exec) + ".",
                        Fmt.evidence("trigger ms", ms, "calls", (double) t.calls(), "execution ms", exec, "share", share),
                        "Look at what the trigger function does per row (EXPLAIN its queries with auto_explain"
                                + " .log_nested_statements); make it a statement-level trigger with transition tables"
                                + " if it can work on all rows at once.",
                        null, null));
            }
        }
    }
}
