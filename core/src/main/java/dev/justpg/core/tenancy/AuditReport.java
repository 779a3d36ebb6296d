package dev.justpg.core.tenancy;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@link Tenancy#audit} found, worst first.
 *
 * @param appRole the audited application role
 * @param findings the findings, worst severity first, then by object
 */
public record AuditReport(String appRole, List<AuditFinding> findings) {

    /**
     * Sorts and copies the findings.
     *
     * @param appRole the audited application role
     * @param findings the findings, in any order
     * @throws NullPointerException when an argument is null
     */
    public AuditReport {
        java.util.Objects.requireNonNull(appRole, "appRole");
        findings = findings.stream()
                .sorted(Comparator.comparing(AuditFinding::severity, Comparator.reverseOrder())
                        .thenComparing(AuditFinding::object).thenComparing(AuditFinding::kind))
                .collect(Collectors.toUnmodifiableList());
    }

    /**
     * A report.
     *
     * @param appRole the audited role
     * @param findings the findings
     * @return the report
     */
    public static AuditReport of(String appRole, List<AuditFinding> findings) {
        return new AuditReport(appRole, findings);
    }

    /**
     * Whether nothing was found.
     *
     * @return {@code true} when there are no findings
     */
    public boolean isClean() {
        return findings.isEmpty();
    }

    /**
     * The findings of one kind.
     *
     * @param kind the kind
     * @return those findings
     */
    public List<AuditFinding> findings(FindingKind kind) {
        return findings.stream().filter(f -> f.kind() == kind).collect(Collectors.toUnmodifiableList());
    }

    /**
     * The report as text, one finding per paragraph.
     *
     * @return the text
     */
    @Override
    public String toString() {
        if (findings.isEmpty()) {
            return "tenancy audit for role " + appRole + ": no findings";
        }
        return "tenancy audit for role " + appRole + ": " + findings.size() + " finding(s)\n"
                + findings.stream().map(AuditFinding::toString).collect(Collectors.joining("\n"));
    }
}
