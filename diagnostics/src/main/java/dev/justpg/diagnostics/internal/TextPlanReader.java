package dev.justpg.diagnostics.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a plan in TEXT format. Lines are classified (node, {@code InitPlan}/{@code SubPlan}/
 * {@code CTE} header, {@code Worker N:}, property, summary); any other line continues the line
 * before it, which undoes the hard wraps of copied terminal output. The tree comes from the
 * indentation: every node's properties and children sit two columns right of its name.
 */
public final class TextPlanReader {

    private static final Pattern ARROW_NODE = Pattern.compile("^->\\s+(?=[A-Z])");
    private static final Pattern HEADER = Pattern.compile(
            "^(?:(?:InitPlan|SubPlan)(?:\\s+\\d+)?(?:\\s+\\(returns [^)]*\\))?|CTE (?:\"(?:[^\"]|\"\")*\"|\\S+))\\s*$");
    private static final Pattern WORKER = Pattern.compile("^Worker (\\d+):\\s+(.*)$");
    private static final Pattern PROPERTY = Pattern.compile("^([A-Z][A-Za-z0-9 /&()_\\-]*?):(?:\\s+(.*))?$");
    private static final Pattern SUMMARY = Pattern.compile(
            "^(Planning [Tt]ime|Execution [Tt]ime|Total runtime|Settings|Query Identifier|Serialization"
                    + "|Query Text|Query Parameters): (.*)$");
    private static final Pattern SECTION = Pattern.compile("^(JIT|Planning):\\s*$");
    private static final Pattern TRIGGER = Pattern.compile(
            "^Trigger(?: (?!for constraint )(.+?))?(?: for constraint (.+?))?(?: on (.+?))?: (?:time=([0-9.]+) )?calls=([0-9]+)\\s*$");
    private static final Pattern LOG_PREFIX = Pattern.compile(
            "^(?:(?:\\S+ )*(?:LOG|INFO|DEBUG[0-9]?|NOTICE):\\s+duration: |duration: |Query Text: |Query Parameters: )");
    private static final Pattern MS = Pattern.compile("^([0-9.]+)\\s*ms$");

    private enum Kind { NODE, HEADER, WORKER, PROPERTY, SUMMARY, SECTION, TRIGGER }

    /** One logical line: a classified line with its continuation lines joined. */
    private static final class Logical {
        final Kind kind;
        final int indent;
        final int line;
        final int column;
        final StringBuilder text;

        Logical(Kind kind, int indent, int line, int column, String text) {
            this.kind = kind;
            this.indent = indent;
            this.line = line;
            this.column = column;
            this.text = new StringBuilder(text);
        }
    }

    /** An open element on the indentation stack. */
    private static final class Frame {
        final int body;
        final NodeDraft node;
        final Props target;
        final String header;
        final Map<String, Object> section;
        final Props sectionProps;
        /** The plan level of the node this frame belongs to (the root is 1). */
        int level;

        Frame(int body, NodeDraft node, Props target, String header, Map<String, Object> section,
                Props sectionProps) {
            this.body = body;
            this.node = node;
            this.target = target;
            this.header = header;
            this.section = section;
            this.sectionProps = sectionProps;
        }
    }

    private TextPlanReader() {
    }

    /**
     * Reads the plan.
     *
     * @param source the cleaned text
     * @return the query's plan
     * @throws PlanReadException when no plan node is found or a node line is malformed
     */
    public static QueryDraft read(SourceText source) {
        List<SourceText.Line> lines = source.lines();
        int start = firstNodeLine(lines);
        List<Logical> logical = logicalLines(lines.subList(start, lines.size()));
        refuseNonPlan(source, logical);
        QueryDraft query = new QueryDraft();
        for (SourceText.Line skipped : lines.subList(0, start)) {
            Matcher m = SUMMARY.matcher(skipped.text.strip());
            if (m.matches() && (m.group(1).equals("Query Text") || m.group(1).equals("Query Parameters"))) {
                query.top.put(m.group(1), m.group(2).strip());
            }
        }
        Deque<Frame> stack = new ArrayDeque<>();
        int rootBody = -1;
        for (Logical l : logical) {
            String text = l.text.toString().strip();
            try {
                if (query.root == null) {
                    NodeDraft root = new NodeDraft();
                    int nameCol = nameColumn(l);
                    TextNodeLine.parse(nameText(l, nameCol), root.props, l.line, l.column + nameCol - l.indent);
                    query.root = root;
                    rootBody = nameCol + 2;
                    Frame rootFrame = new Frame(rootBody, root, root.props, null, null, null);
                    rootFrame.level = 1;
                    stack.push(rootFrame);
                    continue;
                }
                apply(l, text, query, stack, rootBody);
            } catch (PlanReadException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new PlanReadException(String.valueOf(e.getMessage()), l.line, l.column, e);
            }
        }
        if (query.root == null) {
            throw new PlanReadException("no plan found: expected a line such as"
                    + " \"Seq Scan on users  (cost=0.00..35.50 rows=2550 width=4)\"", 1, 1, null);
        }
        return query;
    }

    /**
     * Where the plan starts: lines before the first node line that auto_explain and server logs
     * put in front of it ({@code LOG:  duration: 0.045 ms  plan:}, {@code Query Text: ...}) are
     * skipped, when a node line follows within a few lines.
     */
    private static int firstNodeLine(List<SourceText.Line> lines) {
        int nonBlank = 0;
        for (int i = 0; i < lines.size() && nonBlank < 8; i++) {
            String t = lines.get(i).text.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (TextNodeLine.recognised(t) && !t.startsWith("->")) {
                return nonBlank == 0 || LOG_PREFIX.matcher(lines.get(firstNonBlank(lines)).text.strip()).find() ? i : 0;
            }
            nonBlank++;
        }
        return 0;
    }

    private static int firstNonBlank(List<SourceText.Line> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).text.isBlank()) {
                return i;
            }
        }
        return 0;
    }

    /**
     * Refuses input whose first line is not a plan node, unless a later line is one (a node type
     * from an extension at the root), saying what the input looks like instead.
     */
    private static void refuseNonPlan(SourceText source, List<Logical> logical) {
        SourceText.Line first = null;
        for (SourceText.Line line : source.lines()) {
            if (!line.text.isBlank()) {
                first = line;
                break;
            }
        }
        if (first == null) {
            throw new PlanReadException("the input is empty: expected the output of EXPLAIN", 1, 1, null);
        }
        for (Logical l : logical) {
            if (l.kind == Kind.NODE && TextNodeLine.recognised(nameText(l, nameColumn(l)))) {
                return;
            }
        }
        throw NotAPlan.refuse(source.raw(), first);
    }

    private static void apply(Logical l, String text, QueryDraft query, Deque<Frame> stack, int rootBody) {
        if (l.kind == Kind.SUMMARY || l.kind == Kind.SECTION || l.kind == Kind.TRIGGER) {
            while (stack.size() > 1) {
                stack.pop();
            }
            summary(l, text, query, stack);
            return;
        }
        while (stack.size() > 1 && stack.peek().body > l.indent) {
            stack.pop();
        }
        Frame top = stack.peek();
        switch (l.kind) {
            case NODE: {
                while (stack.size() > 1 && !isNode(stack.peek()) && !isHeader(stack.peek())) {
                    stack.pop();
                }
                top = stack.peek();
                NodeDraft node = new NodeDraft();
                int nameCol = nameColumn(l);
                TextNodeLine.parse(nameText(l, nameCol), node.props, l.line, l.column + nameCol - l.indent);
                if (isHeader(top)) {
                    boolean init = !top.header.startsWith("SubPlan");
                    node.props.set(NodeKey.PARENT_RELATIONSHIP, init ? "InitPlan" : "SubPlan");
                    node.props.set(NodeKey.SUBPLAN_NAME, top.header);
                }
                if (top.level >= PlanLimits.MAX_DEPTH) {
                    throw new PlanReadException(PlanLimits.tooDeep(), l.line, l.column, null);
                }
                top.node.children.add(node);
                Frame child = new Frame(nameCol + 2, node, node.props, null, null, null);
                child.level = top.level + 1;
                stack.push(child);
                break;
            }
            case HEADER:
                while (stack.size() > 1 && !isNode(stack.peek())) {
                    stack.pop();
                }
                Frame header = new Frame(l.indent + 2, stack.peek().node, stack.peek().node.props, text, null, null);
                header.level = stack.peek().level;
                stack.push(header);
                break;
            case WORKER: {
                while (stack.size() > 1 && !isNode(stack.peek())) {
                    stack.pop();
                }
                NodeDraft node = stack.peek().node;
                Matcher m = WORKER.matcher(text);
                if (!m.matches()) {
                    throw new PlanReadException("malformed worker line", l.line, l.column, null);
                }
                Props worker = node.worker(Integer.parseInt(m.group(1)));
                Frame workerFrame = new Frame(l.indent + 2, node, worker, null, null, null);
                workerFrame.level = stack.peek().level;
                stack.push(workerFrame);
                property(m.group(2), worker);
                break;
            }
            default:
                if (top.section != null) {
                    sectionProperty(top, text);
                } else {
                    property(text, top.target);
                }
                break;
        }
    }

    private static boolean isNode(Frame f) {
        return f.node != null && f.header == null && f.target == f.node.props;
    }

    private static boolean isHeader(Frame f) {
        return f.header != null;
    }

    private static void property(String text, Props target) {
        Matcher actual = TextNodeLine.WORKER_ACTUAL.matcher(text);
        if (actual.matches()) {
            TextNodeLine.setActuals(target, actual, 0, 0);
            return;
        }
        Matcher m = PROPERTY.matcher(text);
        if (m.matches()) {
            TextProperties.apply(m.group(1), m.group(2) == null ? "" : m.group(2).strip(), target);
        } else {
            target.putExtra("Unparsed", text);
        }
    }

    private static void summary(Logical l, String text, QueryDraft query, Deque<Frame> stack) {
        if (l.kind == Kind.SECTION) {
            Matcher m = SECTION.matcher(text);
            if (!m.matches()) {
                throw new PlanReadException("cannot read the section line \"" + text + "\"", l.line, l.column, null);
            }
            if (m.group(1).equals("Planning")) {
                Props planning = new Props();
                query.top.put("Planning", planning);
                stack.push(new Frame(l.indent + 2, null, planning, null, new LinkedHashMap<>(), planning));
            } else {
                Map<String, Object> jit = new LinkedHashMap<>();
                query.top.put("JIT", jit);
                stack.push(new Frame(l.indent + 2, null, null, null, jit, null));
            }
            return;
        }
        if (l.kind == Kind.TRIGGER) {
            Matcher m = TRIGGER.matcher(text);
            if (!m.matches()) {
                throw new PlanReadException("cannot read the trigger line \"" + text + "\"", l.line, l.column, null);
            }
            Map<String, Object> t = new LinkedHashMap<>();
            if (m.group(1) != null) {
                t.put("Trigger Name", m.group(1));
            }
            if (m.group(2) != null) {
                t.put("Constraint Name", m.group(2));
            }
            if (m.group(3) != null) {
                t.put("Relation", m.group(3));
            }
            if (m.group(4) != null) {
                t.put("Time", Double.parseDouble(m.group(4)));
            }
            t.put("Calls", Double.parseDouble(m.group(5)));
            triggers(query).add(t);
            return;
        }
        Matcher m = SUMMARY.matcher(text);
        if (!m.matches()) {
            throw new PlanReadException("cannot read the summary line \"" + text + "\"", l.line, l.column, null);
        }
        String label = m.group(1);
        String value = m.group(2).strip();
        switch (label) {
            case "Planning Time":
            case "Planning time":
                query.top.put("Planning Time", ms(value));
                break;
            case "Execution Time":
            case "Execution time":
            case "Total runtime":
                query.top.put("Execution Time", ms(value));
                break;
            case "Settings":
                query.top.put("Settings", settings(value));
                break;
            case "Query Identifier":
                query.top.put("Query Identifier", Long.parseLong(value));
                break;
            case "Serialization":
                query.top.put("Serialization", serialization(value));
                break;
            default:
                query.top.put(label, value);
                break;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> triggers(QueryDraft query) {
        return (List<Object>) query.top.computeIfAbsent("Triggers", k -> new ArrayList<>());
    }

    private static void sectionProperty(Frame section, String text) {
        if (section.sectionProps != null) {
            Matcher mem = Pattern.compile("^Memory: used=(\\d+)kB\\s+allocated=(\\d+)kB$").matcher(text);
            if (mem.matches()) {
                section.sectionProps.putExtra("Memory Used", Double.parseDouble(mem.group(1)));
                section.sectionProps.putExtra("Memory Allocated", Double.parseDouble(mem.group(2)));
            } else {
                property(text, section.sectionProps);
            }
            return;
        }
        JitText.apply(text, section.section);
    }

    private static double ms(String value) {
        Matcher m = MS.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a time such as \"1.234 ms\", was \"" + value + "\"");
        }
        return Double.parseDouble(m.group(1));
    }

    /** {@code work_mem = '64MB', search_path = 'a, b'}. */
    static Map<String, Object> settings(String value) {
        Map<String, Object> out = new LinkedHashMap<>();
        int i = 0;
        int n = value.length();
        while (i < n) {
            int eq = value.indexOf(" = ", i);
            if (eq < 0) {
                break;
            }
            String name = value.substring(i, eq).strip();
            int v = eq + 3;
            String setting;
            if (v < n && value.charAt(v) == '\'') {
                int close = value.indexOf("', ", v + 1);
                int end = close < 0 ? (value.endsWith("'") ? n - 1 : n) : close;
                setting = value.substring(v + 1, Math.max(v + 1, end));
                i = close < 0 ? n : close + 3;
            } else {
                int comma = value.indexOf(", ", v);
                setting = value.substring(v, comma < 0 ? n : comma);
                i = comma < 0 ? n : comma + 2;
                if (setting.equals("NULL")) {
                    setting = null;
                }
            }
            out.put(name, setting);
        }
        return out;
    }

    private static Map<String, Object> serialization(String value) {
        Map<String, Object> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(time|output|format)=(\\S+)").matcher(value);
        while (m.find()) {
            switch (m.group(1)) {
                case "time":
                    out.put("Time", Double.parseDouble(m.group(2)));
                    break;
                case "output":
                    out.put("Output Volume", Double.parseDouble(m.group(2).replace("kB", "")));
                    break;
                default:
                    out.put("Format", m.group(2));
                    break;
            }
        }
        return out;
    }

    private static String nameText(Logical l, int nameCol) {
        String t = l.text.toString();
        return t.substring(Math.min(nameCol, t.length())).strip();
    }

    private static int nameColumn(Logical l) {
        String t = l.text.toString();
        int i = l.indent;
        if (t.startsWith("->", i)) {
            i += 2;
            while (i < t.length() && t.charAt(i) == ' ') {
                i++;
            }
        }
        return i;
    }

    private static List<Logical> logicalLines(List<SourceText.Line> lines) {
        List<Logical> out = new ArrayList<>();
        int rootIndent = -1;
        for (SourceText.Line line : lines) {
            String t = line.text;
            if (t.isBlank()) {
                continue;
            }
            int indent = 0;
            while (indent < t.length() && t.charAt(indent) == ' ') {
                indent++;
            }
            String c = t.substring(indent).stripTrailing();
            if (rootIndent < 0) {
                rootIndent = indent;
                out.add(new Logical(Kind.NODE, indent, line.origLine, line.colOffset + indent + 1, t));
                continue;
            }
            Kind kind = classify(c, indent, rootIndent);
            if (kind == null) {
                out.get(out.size() - 1).text.append(t);
            } else {
                out.add(new Logical(kind, indent, line.origLine, line.colOffset + indent + 1, t));
            }
        }
        return out;
    }

    private static Kind classify(String c, int indent, int rootIndent) {
        if (indent < rootIndent + 2) {
            if (SUMMARY.matcher(c).matches()) {
                return Kind.SUMMARY;
            }
            if (SECTION.matcher(c).matches()) {
                return Kind.SECTION;
            }
            if (c.startsWith("Trigger") && c.length() < 2000 && c.contains("calls=") && TRIGGER.matcher(c).matches()) {
                return Kind.TRIGGER;
            }
        }
        if (ARROW_NODE.matcher(c).find()) {
            return Kind.NODE;
        }
        if (indent <= rootIndent) {
            return null;
        }
        if (HEADER.matcher(c).matches()) {
            return Kind.HEADER;
        }
        if (WORKER.matcher(c).matches()) {
            return Kind.WORKER;
        }
        if (PROPERTY.matcher(c).matches()) {
            return Kind.PROPERTY;
        }
        return null;
    }
}
