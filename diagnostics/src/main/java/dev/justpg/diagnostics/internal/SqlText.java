package dev.justpg.diagnostics.internal;

import java.util.Locale;

/**
 * Checks the statement given to the Explainer: one statement, without EXPLAIN. Knows enough
 * SQL lexing (quotes, dollar quotes, comments) to find a statement separator.
 */
public final class SqlText {

    private SqlText() {
    }

    /**
     * Validates and trims the statement.
     *
     * @param sql the statement
     * @return the statement without trailing semicolons and whitespace
     * @throws IllegalArgumentException when it is empty, starts with EXPLAIN or holds several statements
     */
    public static String single(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("sql must be a statement, was empty");
        }
        String s = sql.strip();
        int end = s.length();
        int separator = -1;
        int i = 0;
        while (i < end) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipQuoted(s, i, c);
            } else if (c == '-' && i + 1 < end && s.charAt(i + 1) == '-') {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? end : nl + 1;
            } else if (c == '/' && i + 1 < end && s.charAt(i + 1) == '*') {
                i = skipBlockComment(s, i);
            } else if (c == '$') {
                i = skipDollar(s, i);
            } else if (c == ';') {
                if (separator < 0) {
                    separator = i;
                }
                i++;
            } else {
                if (separator >= 0 && !Character.isWhitespace(c)) {
                    throw new IllegalArgumentException("sql must be a single statement; found another one after the"
                            + " semicolon at offset " + separator);
                }
                i++;
            }
        }
        String statement = separator >= 0 ? s.substring(0, separator).strip() : s;
        String head = statement.toLowerCase(Locale.ROOT);
        if (head.startsWith("explain") && (head.length() == 7 || !Character.isLetterOrDigit(head.charAt(7)))) {
            throw new IllegalArgumentException("sql must be the statement to explain, without EXPLAIN: the Explainer"
                    + " adds EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) itself");
        }
        return statement;
    }

    private static int skipQuoted(String s, int start, char q) {
        int i = start + 1;
        boolean backslash = q == '\'' && start > 0 && (s.charAt(start - 1) == 'E' || s.charAt(start - 1) == 'e');
        while (i < s.length()) {
            char c = s.charAt(i);
            if (backslash && c == '\\') {
                i += 2;
                continue;
            }
            if (c == q) {
                if (i + 1 < s.length() && s.charAt(i + 1) == q) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return s.length();
    }

    private static int skipBlockComment(String s, int start) {
        int depth = 0;
        int i = start;
        while (i < s.length()) {
            if (s.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (s.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return s.length();
    }

    private static int skipDollar(String s, int start) {
        int i = start + 1;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            i++;
        }
        if (i >= s.length() || s.charAt(i) != '$') {
            return start + 1;
        }
        String tag = s.substring(start, i + 1);
        if (tag.length() > 2 && Character.isDigit(tag.charAt(1))) {
            return start + 1;
        }
        int close = s.indexOf(tag, i + 1);
        return close < 0 ? s.length() : close + tag.length();
    }
}
