package dev.justpg.core.tenancy.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Reads policy expressions as PostgreSQL deparses them ({@code pg_get_expr}) to see how they use
 * the tenant setting: {@code current_setting('app.tenant_id'::text, true)}, wrapped in
 * {@code NULLIF(..., ''::text)}, inside {@code ( SELECT ... )}.
 */
public final class PolicyText {

    private static final String CALL = "current_setting(";

    private PolicyText() {
    }

    /**
     * Whether the expression reads the setting.
     *
     * @param expression the deparsed expression
     * @param setting the setting name
     * @return {@code true} when it calls {@code current_setting} with that name
     */
    public static boolean readsSetting(String expression, String setting) {
        return expression.contains(CALL + PolicyDdl.literal(setting));
    }

    /**
     * Whether every read of the setting passes {@code missing_ok = true} and, when
     * {@code needNullif}, is wrapped in {@code NULLIF(..., '')}.
     *
     * @param expression the deparsed expression
     * @param setting the setting name
     * @param needNullif whether an empty string must be turned into NULL (non-text ids, whose cast
     *     of {@code ''} would fail)
     * @return {@code true} when an unset setting matches no row and raises no error
     */
    public static boolean failsClosed(String expression, String setting, boolean needNullif) {
        String needle = CALL + PolicyDdl.literal(setting);
        for (int at = expression.indexOf(needle); at >= 0; at = expression.indexOf(needle, at + 1)) {
            String args = arguments(expression, at + CALL.length() - 1);
            String[] parts = args.split(",");
            if (parts.length < 2 || !parts[parts.length - 1].strip().equalsIgnoreCase("true")) {
                return false;
            }
            if (needNullif && !expression.substring(0, at).toUpperCase(Locale.ROOT).stripTrailing().endsWith("NULLIF(")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether every {@code current_setting} call sits inside a {@code ( SELECT ... )} scalar
     * subquery (an initPlan, evaluated once per statement).
     *
     * @param expression the deparsed expression
     * @return {@code true} when every call is wrapped
     */
    public static boolean wrapped(String expression) {
        Deque<Boolean> open = new ArrayDeque<>();
        int depthInSelect = 0;
        boolean inString = false;
        for (int i = 0; i < expression.length(); i++) {
            char ch = expression.charAt(i);
            if (inString) {
                if (ch == '\'') {
                    inString = false;
                }
                continue;
            }
            if (ch == '\'') {
                inString = true;
            } else if (ch == '(') {
                boolean select = expression.substring(i + 1).stripLeading().toUpperCase(Locale.ROOT).startsWith("SELECT");
                open.push(select);
                if (select) {
                    depthInSelect++;
                }
            } else if (ch == ')') {
                if (!open.isEmpty() && open.pop()) {
                    depthInSelect--;
                }
            } else if (depthInSelect == 0 && expression.startsWith(CALL, i)) {
                return false;
            }
        }
        return true;
    }

    /** The text between the parenthesis at {@code open} and its match, skipping string literals. */
    private static String arguments(String s, int open) {
        int depth = 0;
        boolean inString = false;
        for (int i = open; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (inString) {
                inString = ch != '\'';
            } else if (ch == '\'') {
                inString = true;
            } else if (ch == '(') {
                depth++;
            } else if (ch == ')' && --depth == 0) {
                return s.substring(open + 1, i);
            }
        }
        return s.substring(open + 1);
    }

    /**
     * Whether a deparsed policy expression may let rows through with no tenant bound: it combines
     * its test with {@code OR}, {@code IS NULL}, {@code COALESCE} or {@code CASE} (the generated
     * policy uses none of them). A heuristic: review what it reports.
     *
     * @param expression the expression as {@code pg_get_expr} prints it (empty when absent)
     * @return whether it may fail open
     */
    public static boolean mayFailOpen(String expression) {
        String e = expression.toUpperCase(java.util.Locale.ROOT);
        return e.contains(" OR ") || e.contains(" IS NULL") || e.contains("COALESCE(") || e.contains("CASE ")
                || e.contains(" IS NOT DISTINCT FROM ");
    }
}
