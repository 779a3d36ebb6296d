package dev.justpg.core.tenancy.internal;

import java.util.Locale;

/** Classifies statements by their leading keywords, skipping whitespace and comments. */
final class SqlText {

    private SqlText() {
    }

    /**
     * Whether the statement only sets up or ends the transaction and reads no table:
     * {@code SET TRANSACTION}, {@code SET LOCAL}, {@code SET SESSION CHARACTERISTICS},
     * {@code BEGIN}, {@code START TRANSACTION}, {@code COMMIT}, {@code END}, {@code ROLLBACK},
     * {@code ABORT}. Such statements run without binding a tenant; {@code SET TRANSACTION} must
     * even come before any query of the transaction.
     */
    static boolean isTransactionControl(String sql) {
        if (sql == null) {
            return false;
        }
        String first = word(sql, 0);
        switch (first) {
            case "BEGIN":
            case "START":
            case "COMMIT":
            case "END":
            case "ABORT":
            case "ROLLBACK":
                return true;
            case "SET": {
                String second = word(sql, 1);
                return second.equals("TRANSACTION") || second.equals("LOCAL") || second.equals("SESSION")
                        && word(sql, 2).equals("CHARACTERISTICS");
            }
            default:
                return false;
        }
    }

    /**
     * Whether the statement ends the transaction or rolls back to a savepoint, either of which can
     * undo a binding.
     */
    static boolean mayUndoBinding(String sql) {
        if (sql == null) {
            return false;
        }
        String first = word(sql, 0);
        return first.equals("ROLLBACK") || first.equals("COMMIT") || first.equals("END") || first.equals("ABORT");
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
