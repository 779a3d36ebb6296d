package dev.justpg.diagnostics.health.internal;

import dev.justpg.core.Identifier;
import dev.justpg.core.Severity;
import dev.justpg.diagnostics.health.CheckId;
import dev.justpg.diagnostics.health.HealthFinding;
import dev.justpg.diagnostics.health.SkippedCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Collects the findings and skipped checks of a run, keeping only the checks asked for. */
public final class Collector {

    private final Set<CheckId> enabled;
    private final List<HealthFinding> findings = new ArrayList<>();
    private final List<SkippedCheck> skipped = new ArrayList<>();

    /**
     * A collector for the given checks.
     *
     * @param enabled the checks that run
     */
    public Collector(Set<CheckId> enabled) {
        this.enabled = enabled;
    }

    boolean on(CheckId c) {
        return enabled.contains(c);
    }

    void add(CheckId check, Severity severity, String object, Map<String, Double> evidence, String explanation,
            String fix) {
        if (enabled.contains(check)) {
            findings.add(HealthFinding.of(check, severity, object, evidence, explanation, Optional.ofNullable(fix)));
        }
    }

    void skip(CheckId check, boolean partial, String reason) {
        if (enabled.contains(check)) {
            skipped.add(SkippedCheck.of(check, partial, reason));
        }
    }

    /**
     * The findings, in the order found.
     *
     * @return the findings
     */
    public List<HealthFinding> findings() {
        return findings;
    }

    /**
     * The checks skipped or run in part.
     *
     * @return the skipped checks
     */
    public List<SkippedCheck> skipped() {
        return skipped;
    }

    /** Evidence in the order given: name, value, name, value... */
    static Map<String, Double> ev(Object... pairs) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            Object v = pairs[i + 1];
            if (v != null) {
                m.put((String) pairs[i], ((Number) v).doubleValue());
            }
        }
        return m;
    }

    /** A quoted qualified name for fix SQL. */
    static String q(String schema, String name) {
        return Identifier.of(schema, name).quoted();
    }

    /** A quoted name part. */
    static String q(String name) {
        return Identifier.quote(name);
    }
}
