package dev.justpg.diagnostics.internal;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Says what an input that holds no plan looks like instead, so the caller knows what to fix. */
final class NotAPlan {

    private static final Pattern PSQL_ERROR = Pattern.compile(
            "^(?:psql:[^:]*:(?:\\d+:)?\\s*)?(?:ERROR|FATAL|PANIC|FEHLER|ERREUR|ERRORE|ОШИБКА|ВАЖНО|错误|エラー)"
                    + "(?:\\s+\\w+)?:\\s*.*|^(?:LINE \\d+:|DETAIL:|HINT:|STATEMENT:|CONTEXT:).*");
    private static final Set<String> SQL_WORDS = Set.of("select", "with", "insert", "update", "delete", "merge",
            "values", "table", "create", "alter", "drop", "truncate", "copy", "call", "do", "set", "show", "begin",
            "commit", "rollback", "grant", "revoke", "vacuum", "analyze", "prepare", "execute", "declare", "fetch",
            "lock", "refresh", "reindex", "cluster", "comment", "listen", "notify");
    private static final String EXAMPLE = "expected EXPLAIN output, whose first line is a plan node such as"
            + " \"Seq Scan on users  (cost=0.00..35.50 rows=2550 width=4)\"";

    private NotAPlan() {
    }

    /**
     * The failure for an input whose first line is not a plan node.
     *
     * @param raw the whole input as given
     * @param firstLine the first non-blank cleaned line
     * @return the exception, pointing at that line
     */
    static PlanReadException refuse(String raw, SourceText.Line firstLine) {
        String t = firstLine.text.strip();
        int line = firstLine.origLine;
        int column = firstLine.colOffset + 1 + (firstLine.text.length() - firstLine.text.stripLeading().length());
        if (binary(raw)) {
            return new PlanReadException("the input looks like binary data (it is full of control or undecodable"
                    + " characters), not the text of a plan; " + EXAMPLE, 1, 1, null);
        }
        if (PSQL_ERROR.matcher(t).matches()) {
            return new PlanReadException("this is an error message from psql or PostgreSQL (\"" + abbreviate(t)
                    + "\"), not a plan: fix the error, run EXPLAIN again and pass its output", line, column, null);
        }
        String word = firstWord(t);
        if (word.equals("explain")) {
            return new PlanReadException("this is an EXPLAIN statement (\"" + abbreviate(t) + "\"), not its output:"
                    + " run it and pass what it prints", line, column, null);
        }
        if (SQL_WORDS.contains(word) || t.endsWith(";")) {
            return new PlanReadException("this looks like SQL (\"" + abbreviate(t) + "\"), not a plan: run"
                    + " EXPLAIN (ANALYZE, BUFFERS) on it and pass the output", line, column, null);
        }
        return new PlanReadException("no plan node found: the first line \"" + abbreviate(t)
                + "\" is not a plan node; " + EXAMPLE, line, column, null);
    }

    private static String firstWord(String t) {
        int i = 0;
        while (i < t.length() && (Character.isLetter(t.charAt(i)) || t.charAt(i) == '_')) {
            i++;
        }
        return t.substring(0, i).toLowerCase(Locale.ROOT);
    }

    /** Control characters (other than tabs and line ends) or U+FFFD in more than 5% of the input. */
    private static boolean binary(String raw) {
        int odd = 0;
        int n = Math.min(raw.length(), 100_000);
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            if (c == '\uFFFD' || (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r')) {
                odd++;
            }
        }
        return n > 0 && odd * 20 > n;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
