package dev.justpg.core.tenancy;

import dev.justpg.core.Severity;
import java.util.Objects;

/**
 * One problem the audit found.
 *
 * @param kind what kind of problem
 * @param severity how bad it is
 * @param object the role, table, policy, index, view or function concerned (quoted SQL name or signature)
 * @param message what is wrong and why it matters
 * @param fixSql SQL that fixes it (review before running; some fixes need the owner or a superuser)
 */
public record AuditFinding(FindingKind kind, Severity severity, String object, String message, String fixSql) {

    /**
     * Validates the finding.
     *
     * @param kind what kind of problem
     * @param severity how bad it is
     * @param object the object concerned
     * @param message what is wrong
     * @param fixSql the fix
     * @throws NullPointerException when a field is null
     */
    public AuditFinding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(fixSql, "fixSql");
    }

    /**
     * A finding.
     *
     * @param kind what kind of problem
     * @param severity how bad it is
     * @param object the object concerned
     * @param message what is wrong
     * @param fixSql the fix
     * @return the finding
     */
    public static AuditFinding of(FindingKind kind, Severity severity, String object, String message, String fixSql) {
        return new AuditFinding(kind, severity, object, message, fixSql);
    }

    /**
     * One line plus the fix.
     *
     * @return for example {@code [CRITICAL] TABLE_WITHOUT_RLS "public"."orders": ...}
     */
    @Override
    public String toString() {
        return "[" + severity + "] " + kind + " " + object + ": " + message + "\n    fix: " + fixSql.replace("\n", "\n         ");
    }
}
