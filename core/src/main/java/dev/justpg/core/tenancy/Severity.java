package dev.justpg.core.tenancy;

/** How bad an {@link AuditFinding} is, worst first. */
public enum Severity {
    /** Rows of other tenants are (or can be made) visible right now. */
    CRITICAL,
    /** Isolation can be defeated by a bug or a privileged path; fix before going live. */
    HIGH,
    /** Isolation holds, but something leaks information, fails, or is slow. */
    MEDIUM,
    /** Worth knowing; often deliberate. */
    LOW
}
