package dev.justpg.diagnostics.internal.rules;

import dev.justpg.core.Identifier;
import dev.justpg.diagnostics.IndexSuggestion;
import dev.justpg.diagnostics.PlanNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks an index for a filter as PostgreSQL prints it ({@code ((email)::text = 'a'::text)}):
 * the columns compared with constants, and the access method their operators need. btree for
 * equality and ranges, GIN for jsonb, arrays, full-text search and {@code LIKE '%x%'} (with
 * pg_trgm), BRIN for ranges over timestamps and dates (which pays off when rows arrive in time
 * order).
 */
final class IndexAdvisor {

    private static final String[] OPERATORS = {
        " IS NOT NULL", " IS NULL", " = ANY ", " ~~* ", " !~~ ", " ~~ ", " ~* ", " !~ ", " ~ ", " @> ", " <@ ",
        " && ", " ?| ", " ?& ", " @? ", " @@ ", " ? ", " <> ", " != ", " >= ", " <= ", " = ", " > ", " < "
    };
    private static final Pattern COLUMN = Pattern.compile(
            "^\\(*(?:(?:[a-z_][a-z0-9_$]*|\"(?:[^\"]|\"\")+\")\\.)?([a-z_][a-z0-9_$]*|\"(?:[^\"]|\"\")+\")\\)*(?:::[a-z ]+(?:\\[\\])?\\)*)?$");
    private static final Pattern CONSTANT = Pattern.compile(
            "^\\(*(?:'(?:[^']|'')*'|-?[0-9.]+|\\$[0-9]+|NULL|true|false|ARRAY\\[.*\\]|\\(InitPlan \\d+\\)\\.col\\d+)\\)*(?:::.*)?$");

    private IndexAdvisor() {
    }

    /** A predicate of the filter: key, operator, constant. */
    private static final class Term {
        final String key;
        final boolean expression;
        final String op;
        final String constant;

        Term(String key, boolean expression, String op, String constant) {
            this.key = key;
            this.expression = expression;
            this.op = op;
            this.constant = constant;
        }
    }

    static Optional<IndexSuggestion> suggest(PlanNode scan, String condition) {
        if (scan.relationName().isEmpty()) {
            return Optional.empty();
        }
        List<Term> terms = new ArrayList<>();
        for (String c : conjuncts(condition)) {
            Term t = term(c);
            if (t != null) {
                terms.add(t);
            }
        }
        if (terms.isEmpty()) {
            return Optional.empty();
        }
        String table;
        try {
            table = scan.schema().isPresent() ? Identifier.of(scan.schema().get(), scan.relationName().get()).quoted()
                    : Identifier.of(scan.relationName().get()).quoted();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        for (Term t : terms) {
            switch (t.op) {
                case "@>":
                case "<@":
                case "&&":
                case "?":
                case "?|":
                case "?&":
                case "@?":
                    if (t.constant.contains("::jsonb") || t.constant.contains("::jsonpath") || t.op.startsWith("?")) {
                        boolean pathOps = t.op.equals("@>") || t.op.equals("@?");
                        return Optional.of(IndexSuggestion.of(table, "gin",
                                List.of(key(t) + (pathOps ? " jsonb_path_ops" : "")), "",
                                "jsonb containment and key tests are answered by a GIN index"));
                    }
                    if (t.constant.contains("[]")) {
                        return Optional.of(IndexSuggestion.of(table, "gin", List.of(key(t)), "",
                                "array containment and overlap are answered by a GIN index"));
                    }
                    break;
                case "@@":
                    return Optional.of(IndexSuggestion.of(table, "gin", List.of(key(t)), "",
                            "full-text search (@@) is answered by a GIN index on the tsvector expression"));
                case "~~":
                case "~~*":
                case "~":
                case "~*":
                    if (t.op.equals("~~") && t.constant.startsWith("'") && !t.constant.startsWith("'%")
                            && !t.constant.startsWith("'_")) {
                        return Optional.of(IndexSuggestion.of(table, "btree", List.of(key(t) + " text_pattern_ops"), "",
                                "a LIKE pattern without a leading wildcard is a prefix search, which a btree index"
                                        + " with text_pattern_ops answers"));
                    }
                    return Optional.of(IndexSuggestion.of(table, "gin", List.of(key(t) + " gin_trgm_ops"), "pg_trgm",
                            "LIKE/ILIKE/regular expressions with a leading wildcard need a trigram GIN index"
                                    + " (extension pg_trgm)"));
                default:
                    break;
            }
        }
        Set<String> equality = new LinkedHashSet<>();
        String range = null;
        boolean timeRange = false;
        for (Term t : terms) {
            switch (t.op) {
                case "=":
                case "= ANY":
                case "IS NULL":
                    equality.add(key(t));
                    break;
                case ">":
                case ">=":
                case "<":
                case "<=":
                    if (range == null) {
                        range = key(t);
                        timeRange = t.constant.contains("::timestamp") || t.constant.contains("::date")
                                || t.constant.contains("now()") || t.constant.contains("CURRENT_");
                    }
                    break;
                default:
                    break;
            }
        }
        if (equality.isEmpty() && range == null) {
            return Optional.empty();
        }
        if (equality.isEmpty() && timeRange) {
            return Optional.of(IndexSuggestion.of(table, "brin", List.of(range), "",
                    "a range over a time column of a table that grows in time order is served by a tiny BRIN index;"
                            + " if rows do not arrive in time order (pg_stats.correlation far from 1), use btree"));
        }
        List<String> keys = new ArrayList<>(equality);
        while (keys.size() > 3) {
            keys.remove(keys.size() - 1);
        }
        if (range != null && !keys.contains(range)) {
            keys.add(range);
        }
        return Optional.of(IndexSuggestion.of(table, "btree", keys, "",
                keys.size() == 1 ? "a btree index finds the matching rows directly"
                        : "a btree index on the equality columns first, then the range column, finds the matching"
                                + " rows directly"));
    }

    private static String key(Term t) {
        return t.expression ? "(" + t.key + ")" : t.key;
    }

    /** Columns of the ANDed conditions compared with constants, quoted. */
    static List<String> columns(String condition) {
        List<String> out = new ArrayList<>();
        for (String c : conjuncts(condition)) {
            Term t = term(c);
            if (t != null && !t.expression && !out.contains(t.key)) {
                out.add(t.key);
            }
        }
        return out;
    }

    static List<String> conjuncts(String condition) {
        String s = stripParens(condition.strip());
        List<String> out = new ArrayList<>();
        int start = 0;
        int at;
        while ((at = topLevel(s, " AND ", start)) >= 0) {
            out.add(stripParens(s.substring(start, at).strip()));
            start = at + 5;
        }
        out.add(stripParens(s.substring(start).strip()));
        return out;
    }

    private static String stripParens(String s) {
        String r = s;
        while (r.startsWith("(") && r.endsWith(")") && matching(r)) {
            r = r.substring(1, r.length() - 1).strip();
        }
        return r;
    }

    /**
     * Parenthesis depth before each character, -1 inside a quoted literal.
     *
     * @param s the expression
     * @return one entry per character
     */
    private static int[] depths(String s) {
        int[] d = new int[s.length()];
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            d[i] = quoted ? -1 : depth;
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            }
        }
        return d;
    }

    /** Whether the opening parenthesis at 0 closes at the end. */
    private static boolean matching(String s) {
        int[] d = depths(s);
        for (int i = 1; i < s.length(); i++) {
            if (d[i] == 0) {
                return false;
            }
        }
        return true;
    }

    private static Term term(String c) {
        for (String op : OPERATORS) {
            int at = topLevel(c, op, 0);
            if (at < 0) {
                continue;
            }
            String left = c.substring(0, at).strip();
            String right = c.substring(at + op.length()).strip();
            String o = op.strip();
            if (o.startsWith("IS")) {
                if (!right.isEmpty() || o.equals("IS NOT NULL")) {
                    return null;
                }
            } else if (!CONSTANT.matcher(right).matches() && !stableValue(right)) {
                return null;
            }
            if (o.equals("<>") || o.equals("!=") || o.equals("!~~") || o.equals("!~")) {
                return null;
            }
            Matcher m = COLUMN.matcher(left);
            if (m.matches()) {
                String col = m.group(1);
                String bare = col.startsWith("\"") ? col.substring(1, col.length() - 1).replace("\"\"", "\"") : col;
                try {
                    return new Term(Identifier.quote(bare), false, o, right);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
            if (left.contains("(") && !left.contains("SubPlan") && !left.contains("$")) {
                return new Term(unqualify(stripParens(left)), true, o, right);
            }
            return null;
        }
        return null;
    }

    /**
     * Whether an expression has one value for the whole statement, so an index can be searched
     * with it: constants, parameters, {@code now()}, {@code CURRENT_DATE} and the like, combined
     * with arithmetic and casts, as in {@code (now() - '7 days'::interval)}. No column, no
     * volatile function.
     */
    static boolean stableValue(String expr) {
        if (expr.length() > 500) {
            return false;
        }
        String s = LITERAL.matcher(expr).replaceAll("0");
        s = CAST.matcher(s).replaceAll("");
        s = STABLE_CALL.matcher(s).replaceAll("0");
        s = s.replaceAll("\\$[0-9]+", "0").replaceAll("\\(InitPlan [0-9]+\\)\\.col[0-9]+", "0");
        return ARITHMETIC.matcher(s).matches() && s.chars().anyMatch(Character::isDigit);
    }

    private static final Pattern LITERAL = Pattern.compile("'(?:[^']|'')*'");
    private static final Pattern CAST = Pattern.compile("::\"?[a-z_][a-z0-9_ ]*\"?(?:\\([0-9, ]+\\))?(?:\\[\\])?");
    private static final Pattern STABLE_CALL = Pattern.compile("\\b(?:(?:now|statement_timestamp|transaction_timestamp)"
            + "\\(\\)|(?:CURRENT_DATE|CURRENT_TIMESTAMP|LOCALTIMESTAMP|CURRENT_TIME|LOCALTIME)(?:\\([0-9]+\\))?)");
    private static final Pattern ARITHMETIC = Pattern.compile("[0-9.()+\\-*/ ]+");

    /** Removes table aliases ({@code u.email}) from an expression, which CREATE INDEX does not accept. */
    private static String unqualify(String expr) {
        return expr.replaceAll("\\b[a-z_][a-z0-9_]*\\.(?=[a-z_\"])", "");
    }

    private static int topLevel(String s, String op, int from) {
        int[] d = depths(s);
        for (int i = from; i < s.length(); i++) {
            if (d[i] == 0 && s.startsWith(op, i)) {
                return i;
            }
        }
        return -1;
    }
}
