package dev.justpg.core.tenancy.internal;

import dev.justpg.core.Identifier;
import dev.justpg.core.tenancy.TenantIdType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;

/** The text of the generated policy DDL. Identifiers are quoted; the setting name is a validated literal. */
public final class PolicyDdl {

    /** The start of the comment justpg puts on the policies it creates. */
    public static final String MARKER_PREFIX = "justpg tenancy ";

    private PolicyDdl() {
    }

    /**
     * The name of the generated tenant index, {@code <table>_<column>_idx}; when that is longer
     * than PostgreSQL's 63 bytes, the start of {@code <table>_<column>} (cut between characters)
     * followed by {@code _<8 hex digits of its SHA-256>_idx}, so long names stay legal and distinct.
     *
     * @param table the table name
     * @param column the tenant column name
     * @return the index name, at most 63 bytes in UTF-8
     */
    public static Identifier indexName(String table, String column) {
        String plain = table + "_" + column + "_idx";
        if (plain.getBytes(StandardCharsets.UTF_8).length <= 63) {
            return Identifier.of(plain);
        }
        String head = table + "_" + column;
        String suffix;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(head.getBytes(StandardCharsets.UTF_8));
            suffix = String.format("_%02x%02x%02x%02x_idx", digest[0], digest[1], digest[2], digest[3]);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        int budget = 63 - suffix.length();
        int end = 0;
        int bytes = 0;
        while (end < head.length()) {
            int cp = head.codePointAt(end);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + len > budget) {
                break;
            }
            bytes += len;
            end += Character.charCount(cp);
        }
        return Identifier.of(head.substring(0, end) + suffix);
    }

    /**
     * The type the setting is cast to for a tenant column: the column's own integer type (so an
     * out-of-range id fails instead of matching), {@code uuid}, or {@code text} for text columns
     * (never {@code varchar(n)}, whose cast would truncate).
     *
     * @param type the tenancy's id type
     * @param columnType the column type as {@code format_type} prints it
     * @param where the column, for the message
     * @return the cast type
     * @throws IllegalArgumentException when the column cannot hold ids of the type
     */
    public static String castType(TenantIdType type, String columnType, String where) {
        if (!type.matchesColumnType(columnType)) {
            throw new IllegalArgumentException("tenant column " + where + " has type " + columnType
                    + ", which does not match this Tenancy's " + type + " ids; use a "
                    + (type == TenantIdType.LONG ? "smallint, integer or bigint" : type == TenantIdType.UUID ? "uuid"
                    : "text or varchar") + " column or build the Tenancy for another id type");
        }
        String t = columnType.toLowerCase(Locale.ROOT);
        return type == TenantIdType.LONG ? t : type.sqlType();
    }

    /**
     * The fail-closed tenant predicate: an unset or empty setting gives {@code NULL}, which matches
     * no row and never fails a cast; the scalar subquery is planned as an initPlan, evaluated once
     * per statement, so the comparison can use the tenant index.
     *
     * @param column the tenant column
     * @param setting the tenant setting name
     * @param castType the cast type from {@link #castType}
     * @return the predicate
     */
    public static String predicate(Identifier column, String setting, String castType) {
        return column.quoted() + " = (select nullif(current_setting(" + literal(setting) + ", true), '')::"
                + castType + ")";
    }

    /**
     * The statements that (re)create one policy with its marker comment.
     *
     * @param table the table
     * @param policy the policy name
     * @param permissive {@code AS PERMISSIVE} or {@code AS RESTRICTIVE}
     * @param expression the {@code USING} and {@code WITH CHECK} expression
     * @return DROP POLICY IF EXISTS, CREATE POLICY, COMMENT ON POLICY
     */
    public static List<String> policy(Identifier table, Identifier policy, boolean permissive, String expression) {
        String on = policy.quoted() + " ON " + table.quoted();
        return List.of(
                "DROP POLICY IF EXISTS " + on,
                "CREATE POLICY " + on + " AS " + (permissive ? "PERMISSIVE" : "RESTRICTIVE") + " FOR ALL TO PUBLIC"
                        + "\n  USING (" + expression + ")\n  WITH CHECK (" + expression + ")",
                "COMMENT ON POLICY " + on + " IS " + literal(marker(permissive, expression)));
    }

    /**
     * The comment that identifies a policy justpg generated from exactly this expression.
     *
     * @param permissive whether the policy is permissive
     * @param expression the expression
     * @return the marker text
     */
    public static String marker(boolean permissive, String expression) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(((permissive ? "P:" : "R:") + expression).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(MARKER_PREFIX);
            for (int i = 0; i < 8; i++) {
                hex.append(String.format(Locale.ROOT, "%02x", digest[i]));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * {@code ALTER TABLE ... ENABLE} or {@code FORCE ROW LEVEL SECURITY}.
     *
     * @param table the table
     * @param force FORCE instead of ENABLE
     * @return the statement
     */
    public static String rowSecurity(Identifier table, boolean force) {
        return "ALTER TABLE " + table.quoted() + (force ? " FORCE" : " ENABLE") + " ROW LEVEL SECURITY";
    }

    /**
     * A plain index led by the tenant column.
     *
     * @param table the table
     * @param index the index name (unqualified: it lives in the table's schema)
     * @param column the tenant column
     * @param concurrently whether to build it {@code CONCURRENTLY} (not in a transaction)
     * @return the statement
     */
    public static String tenantIndex(Identifier table, Identifier index, Identifier column, boolean concurrently) {
        return "CREATE INDEX " + (concurrently ? "CONCURRENTLY " : "") + "IF NOT EXISTS " + Identifier.quote(index.name())
                + " ON " + table.quoted() + " (" + column.quoted() + ")";
    }

    /**
     * A SQL string literal (standard-conforming: quotes doubled).
     *
     * @param text the text
     * @return the literal
     */
    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
