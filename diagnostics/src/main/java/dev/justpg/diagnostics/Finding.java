package dev.justpg.diagnostics;

import dev.justpg.core.Severity;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Something in a plan worth fixing, with the numbers that show it and what to do.
 *
 * @param type what kind of problem
 * @param severity how much it matters
 * @param nodeId the node it is about ({@link PlanNode#id()}); empty for statement-level findings
 * @param title one line
 * @param explanation what happened, in plain words
 * @param evidence the figures behind it, named, in reading order
 * @param action what to do
 * @param sql a statement to run for it (CREATE INDEX, ANALYZE, SET, VACUUM), when there is one
 * @param index the index suggested, when there is one
 */
public record Finding(FindingType type, Severity severity, OptionalInt nodeId, String title, String explanation,
        Map<String, Double> evidence, String action, Optional<String> sql, Optional<IndexSuggestion> index) {

    /**
     * Validates the finding.
     *
     * @param type see the record description
     * @param severity see the record description
     * @param nodeId see the record description
     * @param title see the record description
     * @param explanation see the record description
     * @param evidence see the record description
     * @param action see the record description
     * @param sql see the record description
     * @param index see the record description
     * @throws NullPointerException when a part is missing
     */
    public Finding {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(explanation, "explanation");
        evidence = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence));
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(index, "index");
    }

    /**
     * Creates a finding.
     *
     * @param type the type
     * @param severity the severity
     * @param nodeId the node, or empty
     * @param title the title
     * @param explanation the explanation
     * @param evidence the figures
     * @param action the action
     * @param sql the statement, or empty
     * @param index the index, or empty
     * @return the finding
     */
    public static Finding of(FindingType type, Severity severity, OptionalInt nodeId, String title,
            String explanation, Map<String, Double> evidence, String action, Optional<String> sql,
            Optional<IndexSuggestion> index) {
        return new Finding(type, severity, nodeId, title, explanation, evidence, action, sql, index);
    }
}
