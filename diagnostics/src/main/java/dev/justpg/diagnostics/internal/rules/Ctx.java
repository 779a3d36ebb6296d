package dev.justpg.diagnostics.internal.rules;

import dev.justpg.core.Severity;
import dev.justpg.diagnostics.Finding;
import dev.justpg.diagnostics.FindingType;
import dev.justpg.diagnostics.IndexSuggestion;
import dev.justpg.diagnostics.NodeMetrics;
import dev.justpg.diagnostics.Plan;
import dev.justpg.diagnostics.PlanMetrics;
import dev.justpg.diagnostics.PlanNode;
import dev.justpg.diagnostics.Thresholds;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiFunction;

/** What every rule needs: the plan, its metrics, the thresholds, and finding helpers. */
final class Ctx {

    final Plan plan;
    final PlanMetrics metrics;
    final Thresholds thresholds;
    /** (schema or null, table) to the (schema, name) of the partitioned table at the top of its tree. */
    final BiFunction<String, String, Optional<String[]>> partitionRoot;

    Ctx(Plan plan, Thresholds thresholds, BiFunction<String, String, Optional<String[]>> partitionRoot) {
        this.plan = plan;
        this.metrics = plan.metrics();
        this.thresholds = thresholds;
        this.partitionRoot = partitionRoot;
    }

    NodeMetrics m(PlanNode n) {
        return metrics.node(n);
    }

    /** Share of the statement's time spent in the node and what it ran; NaN when unknown. */
    double share(PlanNode n) {
        double total = metrics.totalTimeMs().orElse(Double.NaN);
        double incl = m(n).inclusiveTimeMs().orElse(Double.NaN);
        return total > 0 ? Math.min(1, incl / total) : Double.NaN;
    }

    Severity severity(PlanNode n) {
        return thresholds.severityFor(share(n));
    }

    Finding finding(FindingType type, Severity severity, PlanNode node, String title, String explanation,
            Map<String, Double> evidence, String action, String sql, IndexSuggestion index) {
        return Finding.of(type, severity, node == null ? OptionalInt.empty() : OptionalInt.of(node.id()), title,
                explanation, evidence, action, Optional.ofNullable(sql), Optional.ofNullable(index));
    }

    static String table(PlanNode n) {
        String rel = n.relationName().orElse("?");
        return n.schema().map(s -> s + "." + rel).orElse(rel);
    }
}
