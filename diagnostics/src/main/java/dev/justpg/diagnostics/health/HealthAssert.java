package dev.justpg.diagnostics.health;

import dev.justpg.core.Database;
import dev.justpg.core.Severity;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An assertion over a database's health findings; see {@link HealthAssertions}. By default it
 * runs the {@link CheckId.Kind#SCHEMA} checks (meaningful on a freshly migrated test database)
 * and fails on findings of {@link #DEFAULT_MIN_SEVERITY} or worse.
 *
 * <p>Mutable while configured, like an AssertJ assertion; use one per assertion.
 */
public final class HealthAssert {

    /** Findings below this severity do not fail the assertion: {@link Severity#LOW} (INFO is advice). */
    public static final Severity DEFAULT_MIN_SEVERITY = Severity.LOW;

    private final Database db;
    private final EnumSet<CheckId> checks = EnumSet.noneOf(CheckId.class);
    private final List<Accepted> accepted = new ArrayList<>();
    private HealthThresholds thresholds = HealthThresholds.DEFAULTS;
    private Severity minSeverity = DEFAULT_MIN_SEVERITY;

    private record Accepted(CheckId check, Pattern object, String text) {
    }

    HealthAssert(Database db) {
        this.db = db;
        for (CheckId c : CheckId.values()) {
            if (c.kind() == CheckId.Kind.SCHEMA) {
                checks.add(c);
            }
        }
    }

    /**
     * Runs these checks instead of the schema checks.
     *
     * @param only the checks, at least one
     * @return this assertion
     */
    public HealthAssert checks(CheckId... only) {
        if (only.length == 0) {
            throw new IllegalArgumentException("checks must name at least one check");
        }
        checks.clear();
        checks.addAll(List.of(only));
        return this;
    }

    /**
     * Accepts a known finding: the check on an object, whose name may use {@code *} for any
     * characters ({@code public.audit_*}). Findings accepted are not reported.
     *
     * @param check the check
     * @param object the object as reported ({@code schema.table}, {@code schema.index},
     *     {@code schema.table.constraint}), with {@code *} wildcards
     * @return this assertion
     */
    public HealthAssert accept(CheckId check, String object) {
        Objects.requireNonNull(check, "check must not be null");
        if (object == null || object.isBlank()) {
            throw new IllegalArgumentException("object must name what is accepted, such as public.audit_log");
        }
        String[] parts = object.split("\\*", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                re.append(".*");
            }
            re.append(Pattern.quote(parts[i]));
        }
        accepted.add(new Accepted(check, Pattern.compile(re.toString()), object));
        return this;
    }

    /**
     * Accepts every finding of a check.
     *
     * @param check the check
     * @return this assertion
     */
    public HealthAssert acceptAll(CheckId check) {
        return accept(check, "*");
    }

    /**
     * The thresholds (default {@link HealthThresholds#DEFAULTS}).
     *
     * @param value the thresholds
     * @return this assertion
     */
    public HealthAssert thresholds(HealthThresholds value) {
        this.thresholds = Objects.requireNonNull(value, "thresholds must not be null");
        return this;
    }

    /**
     * The lowest severity that fails (default {@link #DEFAULT_MIN_SEVERITY}).
     *
     * @param value the severity
     * @return this assertion
     */
    public HealthAssert minSeverity(Severity value) {
        this.minSeverity = Objects.requireNonNull(value, "minSeverity must not be null");
        return this;
    }

    /**
     * Runs the given checks and fails when any of them finds something not accepted.
     *
     * @param only the checks
     * @return the report, for more assertions
     * @throws AssertionError listing every finding not accepted
     */
    public HealthReport hasNoFindings(CheckId... only) {
        return checks(only).hasNoFindings();
    }

    /**
     * Runs the checks and fails when any finding at or above the minimum severity is not accepted.
     *
     * @return the report, for more assertions
     * @throws AssertionError listing every finding not accepted, with its explanation and fix
     */
    public HealthReport hasNoFindings() {
        HealthReport report = HealthCheck.builder(db).checks(checks).thresholds(thresholds).sizeOverview(0)
                .topStatements(0).build().run();
        List<HealthFinding> bad = new ArrayList<>();
        for (HealthFinding f : report.findingsAtLeast(minSeverity)) {
            if (accepted.stream().noneMatch(a -> a.check() == f.check() && a.object().matcher(f.object()).matches())) {
                bad.add(f);
            }
        }
        if (!bad.isEmpty()) {
            StringBuilder msg = new StringBuilder("database ").append(report.database()).append(" has ")
                    .append(bad.size()).append(" health finding(s):");
            for (HealthFinding f : bad) {
                msg.append("\n\n").append(f.severity()).append(' ').append(f.check()).append(' ').append(f.object())
                        .append("\n  ").append(f.explanation().replace("\n", "\n  "));
                f.fix().ifPresent(s -> msg.append("\n  fix: ").append(s.replace("\n", "\n       ")));
            }
            msg.append("\n\nFix them, or accept known ones with .accept(CheckId, \"schema.object\").");
            throw new AssertionError(msg.toString());
        }
        return report;
    }
}
