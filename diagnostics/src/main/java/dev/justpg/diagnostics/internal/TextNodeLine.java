package dev.justpg.diagnostics.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the first line of a node in TEXT format: {@code Parallel Index Scan Backward using i on
 * s.t x  (cost=0.42..8.44 rows=1 width=4) (actual time=0.01..0.02 rows=1 loops=1)}, and sets
 * the same properties PostgreSQL writes in JSON ("Node Type", "Join Type", "Strategy",
 * "Relation Name", "Alias", costs and actuals).
 */
final class TextNodeLine {

    private static final Pattern STATS_START =
            Pattern.compile("\\((?:cost=|actual[ )]|never executed\\))");
    private static final String NUM = "([0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)";
    private static final Pattern COST = Pattern.compile(
            "^\\(cost=" + NUM + "\\.\\." + NUM + "\\s+rows=" + NUM + "\\s+width=" + NUM + "\\)");
    private static final Pattern ACTUAL = Pattern.compile(
            "^\\(actual(?:\\s+time=" + NUM + "\\.\\." + NUM + ")?\\s+rows=" + NUM + "\\s+loops=" + NUM + "\\)");
    /** Worker lines: the same numbers without parentheses. */
    static final Pattern WORKER_ACTUAL = Pattern.compile(
            "^actual(?:\\s+time=" + NUM + "\\.\\." + NUM + ")?\\s+rows=" + NUM + "\\s+loops=" + NUM + "\\s*$");
    private static final Pattern NEVER = Pattern.compile("^\\(never executed\\)");
    private static final Pattern JOIN = Pattern.compile(
            "^(Nested Loop|Merge|Hash)(?: (Left|Full|Right|Semi|Anti|Right Semi|Right Anti))? Join(?=\\s|$)");
    private static final Pattern AGG = Pattern.compile(
            "^(?:(Partial|Finalize) )?(Aggregate|GroupAggregate|HashAggregate|MixedAggregate)(?=\\s|$)");
    private static final Pattern SETOP = Pattern.compile(
            "^(SetOp|HashSetOp) (Intersect All|Intersect|Except All|Except)(?=\\s|$)");
    private static final Pattern MODIFY = Pattern.compile("^(Insert|Update|Delete|Merge) on ");
    private static final Pattern FOREIGN = Pattern.compile("^Foreign (Scan|Insert|Update|Delete)(?=\\s|$)");
    private static final Pattern CUSTOM = Pattern.compile("^Custom Scan \\((.*?)\\)");
    private static final String[] SIMPLE = {
        "Named Tuplestore Scan", "Table Function Scan", "Bitmap Index Scan", "Bitmap Heap Scan",
        "Index Only Scan", "Recursive Union", "Incremental Sort", "Tid Range Scan", "Subquery Scan",
        "Function Scan", "WorkTable Scan", "Merge Append", "Gather Merge", "Values Scan", "Sample Scan",
        "Foreign Scan", "Custom Scan", "Index Scan", "ProjectSet", "Materialize", "Nested Loop", "BitmapAnd",
        "BitmapOr", "CTE Scan", "Seq Scan", "Tid Scan", "WindowAgg", "LockRows", "Memoize", "Result",
        "Append", "Gather", "Unique", "Group", "Limit", "Sort", "Hash", "SetOp"
    };

    private TextNodeLine() {
    }

    /**
     * Whether a line (arrow removed) is a plan node: it names a node type PostgreSQL prints, or
     * carries well-formed cost or actual figures.
     *
     * @param text the line from the node name on
     * @return true for a node line
     */
    static boolean recognised(String text) {
        Matcher start = STATS_START.matcher(text);
        if (start.find()) {
            String stats = text.substring(start.start());
            if (COST.matcher(stats).find() || ACTUAL.matcher(stats).find() || NEVER.matcher(stats).find()) {
                return true;
            }
        }
        String name = text.strip();
        if (name.startsWith("Parallel ")) {
            name = name.substring(9);
        }
        if (name.startsWith("Async ")) {
            name = name.substring(6);
        }
        if (JOIN.matcher(name).find() || AGG.matcher(name).find() || SETOP.matcher(name).find()
                || MODIFY.matcher(name).find() || FOREIGN.matcher(name).find() || CUSTOM.matcher(name).find()) {
            return true;
        }
        for (String simple : SIMPLE) {
            if (name.startsWith(simple) && (name.length() == simple.length() || name.charAt(simple.length()) == ' ')) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses a node line into the node's properties.
     *
     * @param text the line from the node name on (arrow removed)
     * @param props where to put the properties
     * @param line original line, for errors
     * @param column original column of {@code text}, for errors
     */
    static void parse(String text, Props props, int line, int column) {
        Matcher start = STATS_START.matcher(text);
        String name;
        String stats;
        int statsAt;
        if (start.find()) {
            name = text.substring(0, start.start()).strip();
            statsAt = start.start();
            stats = text.substring(statsAt);
        } else {
            name = text.strip();
            stats = "";
            statsAt = text.length();
            int paren = text.indexOf("(cost");
            if (paren < 0) {
                paren = text.indexOf("(actual");
            }
            if (paren >= 0) {
                throw new PlanReadException("incomplete cost or actual figures in node line \""
                        + abbreviate(text) + "\"", line, column + paren, null);
            }
        }
        if (name.isEmpty()) {
            throw new PlanReadException("plan node line has no node name", line, column, null);
        }
        parseStats(stats, props, line, column + statsAt);
        parseName(name, props, line, column);
    }

    private static void parseStats(String stats, Props props, int line, int column) {
        String rest = stats;
        int consumed = 0;
        while (!rest.isBlank()) {
            String trimmed = rest.stripLeading();
            consumed += rest.length() - trimmed.length();
            rest = trimmed;
            Matcher m;
            if ((m = COST.matcher(rest)).find()) {
                props.setNum(NodeKey.STARTUP_COST, num(m.group(1), line, column + consumed));
                props.setNum(NodeKey.TOTAL_COST, num(m.group(2), line, column + consumed));
                props.setNum(NodeKey.PLAN_ROWS, num(m.group(3), line, column + consumed));
                props.setNum(NodeKey.PLAN_WIDTH, num(m.group(4), line, column + consumed));
            } else if ((m = ACTUAL.matcher(rest)).find()) {
                setActuals(props, m, line, column + consumed);
            } else if ((m = NEVER.matcher(rest)).find()) {
                props.setNum(NodeKey.ACTUAL_ROWS, 0);
                props.setNum(NodeKey.ACTUAL_LOOPS, 0);
            } else {
                String cut = rest.indexOf(')') < 0 ? " (the line ends inside the figures: was the input cut off?)"
                        : "";
                throw new PlanReadException("cannot read \"" + abbreviate(rest) + "\"" + cut + ": expected (cost=S..T rows=R width=W), (actual time=S..T rows=R loops=L) or"
                        + " (never executed)", line, column + consumed, null);
            }
            consumed += m.end();
            rest = rest.substring(m.end());
        }
    }

    static void setActuals(Props props, Matcher m, int line, int column) {
        if (m.group(1) != null) {
            props.setNum(NodeKey.ACTUAL_STARTUP_TIME, num(m.group(1), line, column));
            props.setNum(NodeKey.ACTUAL_TOTAL_TIME, num(m.group(2), line, column));
        }
        props.setNum(NodeKey.ACTUAL_ROWS, num(m.group(3), line, column));
        props.setNum(NodeKey.ACTUAL_LOOPS, num(m.group(4), line, column));
    }

    private static double num(String s, int line, int column) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new PlanReadException("not a number: \"" + s + "\"", line, column, e);
        }
    }

    private static void parseName(String fullName, Props props, int line, int column) {
        String name = fullName;
        boolean parallel = false;
        boolean async = false;
        if (name.startsWith("Parallel ")) {
            parallel = true;
            name = name.substring(9);
        }
        if (name.startsWith("Async ")) {
            async = true;
            name = name.substring(6);
        }
        props.set(NodeKey.PARALLEL_AWARE, parallel);
        props.set(NodeKey.ASYNC_CAPABLE, async);
        String type;
        String rest;
        Matcher m;
        if ((m = JOIN.matcher(name)).find()) {
            type = m.group(1).equals("Nested Loop") ? "Nested Loop" : m.group(1) + " Join";
            props.set(NodeKey.JOIN_TYPE, m.group(2) == null ? "Inner" : m.group(2));
            rest = name.substring(m.end());
        } else if (name.startsWith("Nested Loop") && (name.length() == 11 || name.charAt(11) == ' ')) {
            type = "Nested Loop";
            props.set(NodeKey.JOIN_TYPE, "Inner");
            rest = name.substring(11);
        } else if ((m = AGG.matcher(name)).find()) {
            type = "Aggregate";
            String strategy;
            switch (m.group(2)) {
                case "GroupAggregate":
                    strategy = "Sorted";
                    break;
                case "HashAggregate":
                    strategy = "Hashed";
                    break;
                case "MixedAggregate":
                    strategy = "Mixed";
                    break;
                default:
                    strategy = "Plain";
                    break;
            }
            props.set(NodeKey.STRATEGY, strategy);
            props.set(NodeKey.PARTIAL_MODE, m.group(1) == null ? "Simple" : m.group(1));
            rest = name.substring(m.end());
        } else if ((m = SETOP.matcher(name)).find()) {
            type = "SetOp";
            props.set(NodeKey.STRATEGY, m.group(1).equals("HashSetOp") ? "Hashed" : "Sorted");
            props.set(NodeKey.COMMAND, m.group(2));
            rest = name.substring(m.end());
        } else if ((m = MODIFY.matcher(name)).find()) {
            type = "ModifyTable";
            props.set(NodeKey.OPERATION, m.group(1));
            rest = name.substring(m.group(1).length());
        } else if ((m = FOREIGN.matcher(name)).find()) {
            type = "Foreign Scan";
            props.set(NodeKey.OPERATION, m.group(1).equals("Scan") ? "Select" : m.group(1));
            rest = name.substring(m.end());
        } else if ((m = CUSTOM.matcher(name)).find()) {
            type = "Custom Scan";
            props.set(NodeKey.CUSTOM_PLAN_PROVIDER, m.group(1));
            rest = name.substring(m.end());
        } else {
            type = null;
            rest = "";
            for (String simple : SIMPLE) {
                if (name.startsWith(simple) && (name.length() == simple.length() || name.charAt(simple.length()) == ' ')) {
                    type = simple;
                    rest = name.substring(simple.length());
                    break;
                }
            }
            if (type == null) {
                type = name;
            }
        }
        props.set(NodeKey.NODE_TYPE, type);
        if (type.equals("Gather")) {
            props.set(NodeKey.SINGLE_COPY, false);
        }
        parseTarget(type, rest.strip(), props, line, column + fullName.length() - rest.length());
    }

    private static void parseTarget(String type, String rest, Props props, int line, int column) {
        String r = rest;
        if (type.equals("Index Scan") || type.equals("Index Only Scan")) {
            boolean backward = r.startsWith("Backward");
            props.set(NodeKey.SCAN_DIRECTION, backward ? "Backward" : "Forward");
            if (backward) {
                r = r.substring(8).strip();
            }
            if (r.startsWith("using ")) {
                Idents idx = identifiers(r.substring(6).strip(), 1);
                r = idx.tail;
                if (!idx.parts.isEmpty()) {
                    props.set(NodeKey.INDEX_NAME, idx.parts.get(0));
                }
            }
        }
        if (type.equals("Bitmap Index Scan")) {
            if (r.startsWith("on ")) {
                Idents idx = identifiers(r.substring(3).strip(), 1);
                if (!idx.parts.isEmpty()) {
                    props.set(NodeKey.INDEX_NAME, idx.parts.get(0));
                }
            }
            return;
        }
        boolean hasOn = r.startsWith("on ");
        if (!hasOn && !(type.equals("Subquery Scan") && !r.isEmpty())) {
            if (!r.isEmpty()) {
                props.putExtra("Node Line Suffix", r);
            }
            return;
        }
        Idents ids = identifiers(hasOn ? r.substring(3).strip() : r, 3);
        List<String> parts = ids.parts;
        boolean qualified = ids.qualified;
        if (!ids.tail.isBlank()) {
            props.putExtra("Node Line Suffix", ids.tail.strip());
        }
        if (parts.isEmpty()) {
            return;
        }
        NodeKey objectKey = objectKey(type);
        if (objectKey == null) {
            props.set(NodeKey.ALIAS, String.join(".", parts));
            return;
        }
        // parts: [schema, name, alias] with "." separation remembered by identifiers()
        String schema = null;
        String object;
        String alias;
        if (parts.size() == 3) {
            schema = parts.get(0);
            object = parts.get(1);
            alias = parts.get(2);
        } else if (parts.size() == 2 && qualified) {
            schema = parts.get(0);
            object = parts.get(1);
            alias = object;
        } else if (parts.size() == 2) {
            object = parts.get(0);
            alias = parts.get(1);
        } else {
            object = parts.get(0);
            alias = object;
        }
        props.set(objectKey, object);
        if (schema != null) {
            props.set(NodeKey.SCHEMA, schema);
        }
        props.set(NodeKey.ALIAS, alias);
    }

    /** Identifiers read from a node line, and what follows them. */
    private static final class Idents {
        final List<String> parts = new ArrayList<>(3);
        boolean qualified;
        String tail = "";
    }

    private static NodeKey objectKey(String type) {
        switch (type) {
            case "Subquery Scan":
            case "Values Scan":
                return null;
            case "Function Scan":
                return NodeKey.FUNCTION_NAME;
            case "Table Function Scan":
                return NodeKey.TABLE_FUNCTION_NAME;
            case "CTE Scan":
            case "WorkTable Scan":
                return NodeKey.CTE_NAME;
            case "Named Tuplestore Scan":
                return NodeKey.TUPLESTORE_NAME;
            default:
                return NodeKey.RELATION_NAME;
        }
    }

    /**
     * Reads up to {@code max} identifiers ({@code "quoted"} or bare) separated by a space or a
     * dot; returns what follows.
     */
    private static Idents identifiers(String s, int max) {
        Idents result = new Idents();
        List<String> out = result.parts;
        int i = 0;
        while (i < s.length() && out.size() < max) {
            StringBuilder id = new StringBuilder();
            if (s.charAt(i) == '"') {
                i++;
                while (i < s.length()) {
                    char c = s.charAt(i);
                    if (c == '"') {
                        if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                            id.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    id.append(c);
                    i++;
                }
            } else {
                while (i < s.length() && s.charAt(i) != ' ' && s.charAt(i) != '.') {
                    id.append(s.charAt(i));
                    i++;
                }
            }
            out.add(id.toString());
            if (i < s.length() && s.charAt(i) == '.' && out.size() == 1) {
                result.qualified = true;
                i++;
                continue;
            }
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
            if (out.size() == 1 && max == 1) {
                break;
            }
        }
        result.tail = s.substring(Math.min(i, s.length()));
        return result;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
