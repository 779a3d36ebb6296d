package dev.justpg.core.tenancy.internal;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;

/**
 * Classifies SQL text for the tenant wrapper, as a set of flags. Texts with a {@code ;} are split
 * into statements the way pgjdbc splits them (quotes, dollar quotes, comments), so a statement
 * hidden after a first harmless one is seen.
 *
 * <p>The classification only ever lets a text skip the binding when every statement in it is a
 * transaction set-up or control statement written with plain tokens ({@link #EXEMPT}); anything it
 * cannot read that strictly is bound first, which is always safe.
 */
final class SqlText {

    /** Every statement is transaction set-up or control with plain tokens: it reads no table and may precede the binding. */
    static final int EXEMPT = 1;
    /** A statement begins, ends or rolls back (part of) a transaction: a binding made before it may be gone after it. */
    static final int TX_CONTROL = 2;
    /** A statement may change one of the tenant settings (or resets settings): rebind after it, clear the session on hand-back. */
    static final int TOUCHES_SETTINGS = 4;
    /** More than one statement. */
    static final int MULTI = 8;

    /**
     * One set-up or control statement in plain tokens: leading comments, the keywords, then only
     * words, numbers, {@code = , . -}, simple quoted literals and identifiers without {@code ;}.
     */
    private static final Pattern EXEMPT_STATEMENT = Pattern.compile(
            "\\s*+(?:(?:--[^\\n;]*+(?:\\n|$)|/\\*(?:[^*;]|\\*(?!/))*+\\*/)\\s*+)*+"
                    + "(?:BEGIN|START\\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT|SET\\s+TRANSACTION"
                    + "|SET\\s+SESSION\\s+CHARACTERISTICS|SET\\s+LOCAL)\\b"
                    + "(?:\\s++|=|,|[\\w.+-]++|'[^';\\\\]*+'|\"[^\";]*+\")*+",
            Pattern.CASE_INSENSITIVE);

    private SqlText() {
    }

    /**
     * The flags of a text.
     *
     * @param sql the text, or null (unknown text: no flag)
     * @param standardConformingStrings the connection's {@code standard_conforming_strings}
     * @return the flags
     */
    static int classify(String sql, boolean standardConformingStrings) {
        if (sql == null) {
            return 0;
        }
        if (sql.indexOf(';') < 0) {
            return classifyOne(sql);
        }
        int flags = 0;
        int count = 0;
        boolean exempt = true;
        for (String statement : split(sql, standardConformingStrings)) {
            if (skipSpaceAndComments(statement, 0) >= statement.length()) {
                continue;
            }
            count++;
            int one = classifyOne(statement);
            exempt &= (one & EXEMPT) != 0;
            flags |= one & ~EXEMPT;
        }
        if (count > 1) {
            flags |= MULTI;
        }
        if (exempt && count > 0) {
            flags |= EXEMPT;
        }
        return flags;
    }

    private static int classifyOne(String sql) {
        String first = word(sql, 0);
        int flags = 0;
        switch (first) {
            case "SELECT":
            case "INSERT":
            case "UPDATE":
            case "DELETE":
            case "WITH":
            case "VALUES":
            case "TABLE":
                break;
            case "BEGIN":
            case "START":
            case "COMMIT":
            case "END":
            case "ABORT":
            case "ROLLBACK":
                flags |= TX_CONTROL;
                break;
            case "PREPARE":
                if (word(sql, 1).equals("TRANSACTION")) {
                    flags |= TX_CONTROL;
                }
                break;
            case "SET":
            case "RESET":
                if (setsCustomName(sql, first)) {
                    flags |= TOUCHES_SETTINGS;
                }
                break;
            case "DISCARD":
                flags |= TOUCHES_SETTINGS;
                break;
            case "ALTER":
                if (containsIgnoreCase(sql, "set")) {
                    flags |= TOUCHES_SETTINGS;
                }
                break;
            default:
                break;
        }
        if (containsIgnoreCase(sql, "set_config") || containsIgnoreCase(sql, "pg_settings")) {
            // set_config(...) or UPDATE pg_settings: the same as SET, whatever the statement's first word
            flags |= TOUCHES_SETTINGS;
        }
        if ((flags & TOUCHES_SETTINGS) == 0 && isExemptForm(first) && EXEMPT_STATEMENT.matcher(sql).matches()) {
            flags |= EXEMPT;
        }
        return flags;
    }

    private static boolean isExemptForm(String first) {
        return first.equals("BEGIN") || first.equals("START") || first.equals("COMMIT") || first.equals("END")
                || first.equals("ROLLBACK") || first.equals("ABORT") || first.equals("SET");
    }

    /**
     * Whether a {@code SET} or {@code RESET} statement may change a custom (dotted) setting such as
     * the tenant's: any name that is not a plain undotted, unquoted identifier counts, and so does
     * {@code RESET ALL}.
     */
    private static boolean setsCustomName(String sql, String first) {
        int i = afterWord(sql, 0);
        String second = word(sql, 1);
        if (first.equals("SET")) {
            if (second.equals("TRANSACTION") || second.equals("ROLE")) {
                return false;
            }
            if (second.equals("SESSION") || second.equals("LOCAL")) {
                String third = word(sql, 2);
                if (third.equals("CHARACTERISTICS") || third.equals("AUTHORIZATION") || third.equals("ROLE")) {
                    return false;
                }
                i = afterWord(sql, 1);
            }
        } else if (second.equals("ALL")) {
            return true;
        }
        i = skipSpaceAndComments(sql, i);
        int start = i;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        if (i == start) {
            return true; // a quoted or escaped name: cannot tell which setting it is
        }
        int next = skipSpaceAndComments(sql, i);
        return next < sql.length() && (sql.charAt(next) == '.' || sql.charAt(next) == '"'
                || sql.charAt(next) == '&');
    }

    /** The statements of a text, as pgjdbc sends them. */
    private static List<String> split(String sql, boolean standardConformingStrings) {
        try {
            List<NativeQuery> queries = Parser.parseJdbcSql(sql, standardConformingStrings, false, true, false, false);
            List<String> out = new ArrayList<>(queries.size());
            for (NativeQuery q : queries) {
                out.add(q.nativeSql);
            }
            return out;
        } catch (SQLException | RuntimeException e) {
            // Unreadable text: cut at every ';' (more statements than real, so more is bound or refused).
            return List.of(sql.split(";", -1));
        }
    }

    /** The n-th (0-based) keyword of the statement, upper-case; empty when there is none. */
    static String word(String sql, int n) {
        int i = 0;
        int len = sql.length();
        for (int w = 0; ; w++) {
            i = skipSpaceAndComments(sql, i);
            int start = i;
            while (i < len && Character.isLetter(sql.charAt(i))) {
                i++;
            }
            if (w == n || i == start) {
                return sql.substring(start, i).toUpperCase(Locale.ROOT);
            }
        }
    }

    /** The index just after the n-th keyword. */
    private static int afterWord(String sql, int n) {
        int i = 0;
        int len = sql.length();
        for (int w = 0; ; w++) {
            i = skipSpaceAndComments(sql, i);
            int start = i;
            while (i < len && Character.isLetter(sql.charAt(i))) {
                i++;
            }
            if (w == n || i == start) {
                return i;
            }
        }
    }

    static boolean containsIgnoreCase(String text, String lowerNeedle) {
        int n = lowerNeedle.length();
        char first = lowerNeedle.charAt(0);
        for (int i = 0, last = text.length() - n; i <= last; i++) {
            char c = text.charAt(i);
            if ((c == first || Character.toLowerCase(c) == first) && text.regionMatches(true, i, lowerNeedle, 0, n)) {
                return true;
            }
        }
        return false;
    }

    private static int skipSpaceAndComments(String sql, int from) {
        int i = from;
        int len = sql.length();
        while (i < len) {
            char ch = sql.charAt(i);
            if (Character.isWhitespace(ch) || ch == '(') {
                i++;
            } else if (sql.startsWith("--", i)) {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? len : nl + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? len : end + 2;
            } else {
                break;
            }
        }
        return i;
    }
}
