package dev.justpg.diagnostics.internal.rules;

import dev.justpg.core.Identifier;
import dev.justpg.diagnostics.Finding;
import dev.justpg.diagnostics.FindingType;
import dev.justpg.diagnostics.PlanNode;
import java.util.List;

/** An index-only scan that still visited the table for many rows. */
final class HeapFetchRule implements Rule {

    @Override
    public void check(Ctx ctx, List<Finding> out) {
        for (PlanNode n : ctx.plan.nodes()) {
            if (!n.nodeType().equals("Index Only Scan") || n.heapFetches().isEmpty() || n.neverExecuted()) {
                continue;
            }
            double loops = n.actualLoops().orElse(1);
            double fetches = n.heapFetches().getAsDouble();
            double rows = n.actualRows().orElse(0) * loops;
            if (fetches < ctx.thresholds.heapFetchMinRows() || rows <= 0
                    || fetches / rows < ctx.thresholds.heapFetchMinShare()) {
                continue;
            }
            String table = n.schema().isPresent() ? Identifier.of(n.schema().get(), n.relationName().orElse("?")).quoted()
                    : Identifier.of(n.relationName().orElse("?")).quoted();
            String sql = "VACUUM (ANALYZE) " + table;
            out.add(ctx.finding(FindingType.HEAP_FETCHES, ctx.severity(n), n,
                    "Index-only scan fetched " + Fmt.n(fetches) + " rows from the table",
                    n.describe() + " returned " + Fmt.n(rows) + " rows but had to visit the table for " + Fmt.n(fetches)
                            + " of them, because their pages are not marked all-visible: the index-only scan is"
                            + " doing the work of an ordinary index scan.",
                    Fmt.evidence("heap fetches", fetches, "rows", rows, "share", fetches / rows),
                    "Vacuum the table so the visibility map is current: " + sql + "; if it falls behind again, make"
                            + " autovacuum visit it more often (autovacuum_vacuum_scale_factor,"
                            + " autovacuum_vacuum_insert_scale_factor).",
                    sql, null));
        }
    }
}
