package dev.justpg.diagnostics.health;

import dev.justpg.core.Severity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing that needs attention.
 *
 * @param check which check found it
 * @param severity how much it matters
 * @param object the object concerned, qualified ({@code public.orders}, {@code public.orders_idx},
 *     {@code pid 4242}, {@code database shop}, {@code setting fsync})
 * @param evidence the numbers behind the finding, in insertion order (names such as
 *     {@code dead_tuples}, {@code autovacuum_trigger}; units in the name: {@code _bytes}, {@code _seconds})
 * @param explanation what is wrong and why it matters, in plain words
 * @param fix the SQL that fixes it, where one exists (review before running)
 */
public record HealthFinding(CheckId check, Severity severity, String object, Map<String, Double> evidence,
        String explanation, Optional<String> fix) {

    /**
     * Validates and copies.
     *
     * @param check see the record description
     * @param severity see the record description
     * @param object see the record description
     * @param evidence see the record description
     * @param explanation see the record description
     * @param fix see the record description
     */
    public HealthFinding {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(object, "object");
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(evidence, "evidence")));
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(fix, "fix");
    }

    /**
     * A finding.
     *
     * @param check which check found it
     * @param severity how much it matters
     * @param object the object concerned
     * @param evidence the numbers behind it
     * @param explanation what is wrong, in plain words
     * @param fix the SQL fix, or empty
     * @return the finding
     */
    public static HealthFinding of(CheckId check, Severity severity, String object, Map<String, Double> evidence,
            String explanation, Optional<String> fix) {
        return new HealthFinding(check, severity, object, evidence, explanation, fix);
    }
}
