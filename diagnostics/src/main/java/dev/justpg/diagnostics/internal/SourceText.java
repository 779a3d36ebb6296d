package dev.justpg.diagnostics.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Plan text as people paste it, with the decoration removed: pgAdmin quotes, psql headers,
 * separator lines, ascii/unicode borders, {@code +}/{@code ↵} continuation markers, the
 * {@code (N rows)} footer, comment lines and psql {@code \timing} lines. Every remaining line
 * remembers where it came from so errors point at the original input.
 */
public final class SourceText {

    /** One cleaned line. */
    public static final class Line {
        /** The text, tabs expanded. */
        public final String text;
        /** 1-based line number in the original input. */
        public final int origLine;
        /** Characters removed at the left (borders), to map columns back. */
        public final int colOffset;

        Line(String text, int origLine, int colOffset) {
            this.text = text;
            this.origLine = origLine;
            this.colOffset = colOffset;
        }
    }

    private static final String FRAME_CHARS = "-+=─━═┼╪╫╬├┤┌┐└┘┬┴│|╞╡╔╗╚╝╠╣╦╩║╟╢╤╧╥╨";
    private static final Pattern ROWS_FOOTER = Pattern.compile("^\\s*\\(\\d+ [^()\\s]+\\)\\s*$");
    private static final Pattern TIMING_LINE = Pattern.compile("^[\\p{L}]+ ?: [\\d.,]+ ms( \\(.*\\))?\\s*$");

    /** The cleaned lines joined into one text, with the way back to original positions. */
    public static final class Joined {
        /** The text, one cleaned line after another, each ended by a newline. */
        public final String text;
        private final int[] lineMap;
        private final int[] colMap;
        private final int lastLength;

        Joined(List<Line> lines) {
            StringBuilder sb = new StringBuilder();
            lineMap = new int[lines.size() + 2];
            colMap = new int[lines.size() + 2];
            for (int i = 0; i < lines.size(); i++) {
                sb.append(lines.get(i).text).append('\n');
                lineMap[i + 1] = lines.get(i).origLine;
                colMap[i + 1] = lines.get(i).colOffset;
            }
            lastLength = lines.isEmpty() ? 0 : lines.get(lines.size() - 1).text.length();
            text = sb.toString();
        }

        /**
         * A failure at a position of the joined text, reported at the original position.
         *
         * @param message what is wrong
         * @param line 1-based line in the joined text
         * @param column 1-based column in the joined text
         * @param cause the underlying failure, or null
         * @return the exception
         */
        public PlanReadException error(String message, int line, int column, Throwable cause) {
            int l = Math.max(1, line);
            int c = Math.max(1, column);
            int last = lineMap.length - 2;
            if (l > last && last >= 1) {
                // past the last line: the input ended too early, which is where its last line ends
                return new PlanReadException(message, lineMap[last], colMap[last] + lastLength + 1, cause);
            }
            int idx = Math.min(l, lineMap.length - 1);
            if (lineMap[idx] != 0) {
                return new PlanReadException(message, lineMap[idx], c + colMap[idx], cause);
            }
            return new PlanReadException(message, l, c, cause);
        }
    }

    private final List<Line> lines;
    private final String raw;

    private SourceText(List<Line> lines, String raw) {
        this.lines = lines;
        this.raw = raw;
    }

    /**
     * The input as given, before cleaning.
     *
     * @return the raw input
     */
    public String raw() {
        return raw;
    }

    /**
     * The lines joined, for the structured readers.
     *
     * @return the joined text
     */
    public Joined joined() {
        return new Joined(lines);
    }

    /** Whether every non-blank line (trailing blanks stripped) passes the test; false when all are blank. */
    private static boolean allNonBlank(List<Line> in, java.util.function.Predicate<String> test) {
        boolean any = false;
        for (Line l : in) {
            String t = l.text.stripTrailing();
            if (t.isBlank()) {
                continue;
            }
            any = true;
            if (!test.test(t)) {
                return false;
            }
        }
        return any;
    }

    /**
     * The cleaned lines.
     *
     * @return the lines, blank ones included
     */
    public List<Line> lines() {
        return lines;
    }

    /**
     * Cleans pasted plan text.
     *
     * @param input the text as pasted
     * @return the cleaned text
     */
    public static SourceText clean(String input) {
        String s = input.startsWith("\uFEFF") ? input.substring(1) : input;
        int bom = s.length() < input.length() ? 1 : 0;
        List<Line> raw = new ArrayList<>();
        int n = 1;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                raw.add(new Line(controlsToSpaces(s.substring(start, i)), n, n == 1 ? bom : 0));
                n++;
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < s.length()) {
            raw.add(new Line(controlsToSpaces(s.substring(start)), n, n == 1 ? bom : 0));
        }
        List<Line> body = unquote(raw);
        body = dropHeader(body);
        body = dropFooterAndNoise(body);
        body = stripBorders(body);
        body = stripContinuationMarkers(body);
        List<Line> out = new ArrayList<>(body.size());
        for (Line l : body) {
            out.add(new Line(expandTabs(l.text), l.origLine, l.colOffset));
        }
        return new SourceText(out, input);
    }

    /** Control characters and stray byte-order marks become spaces, which keeps every column in place. */
    private static String controlsToSpaces(String line) {
        StringBuilder sb = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < ' ' && c != '\t') || (c >= '\u007F' && c <= '\u009F') || c == '\uFEFF') {
                if (sb == null) {
                    sb = new StringBuilder(line);
                }
                sb.setCharAt(i, ' ');
            }
        }
        return sb == null ? line : sb.toString();
    }

    /** pgAdmin wraps each line in double (CSV, doubled inner quotes) or single quotes. */
    private static List<Line> unquote(List<Line> in) {
        for (char q : new char[] {'"', '\''}) {
            boolean allStart = allNonBlank(in, t -> t.charAt(0) == q);
            boolean allEnd = allNonBlank(in, t -> t.length() > 1 && t.charAt(t.length() - 1) == q);
            if (!allStart && !allEnd) {
                continue;
            }
            boolean csv = q == '"' && allStart && allEnd && innerQuotesDoubled(in);
            int left = allStart ? 1 : 0;
            return cut(in, t -> left, t -> allEnd ? 1 : 0, t -> csv ? t.replace("\"\"", "\"") : t);
        }
        return in;
    }

    private static boolean innerQuotesDoubled(List<Line> in) {
        boolean sawInner = false;
        for (Line l : in) {
            String t = l.text.strip();
            if (t.length() < 2) {
                continue;
            }
            String inner = t.substring(1, t.length() - 1);
            int i = 0;
            while ((i = inner.indexOf('"', i)) >= 0) {
                if (i + 1 >= inner.length() || inner.charAt(i + 1) != '"') {
                    return false;
                }
                sawInner = true;
                i += 2;
            }
        }
        return sawInner;
    }

    static boolean isSeparator(String text) {
        String t = text.strip();
        if (t.length() < 3) {
            return false;
        }
        int dashes = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == ' ') {
                continue;
            }
            if (FRAME_CHARS.indexOf(c) < 0) {
                return false;
            }
            if (c == '-' || c == '─' || c == '═' || c == '━') {
                dashes++;
            }
        }
        return dashes >= 3;
    }

    /**
     * Drops psql's header (column name and separator) when there is one. A separator with plan
     * lines above it is a bottom border, and a top border followed by plan lines opens a frame
     * whose header was not pasted: neither hides the plan.
     */
    private static List<Line> dropHeader(List<Line> in) {
        int first = -1;
        for (int i = 0; i < in.size(); i++) {
            if (isSeparator(in.get(i).text)) {
                first = i;
                break;
            }
        }
        int bodyStart;
        if (first >= 0 && !anyPlanContent(in, 0, first)) {
            String t = in.get(first).text.strip();
            char corner = t.charAt(0);
            int end = first;
            if (corner == '+' || corner == '┌' || corner == '╔') {
                for (int j = first + 1; j < in.size() && j <= first + 4; j++) {
                    if (isSeparator(in.get(j).text)) {
                        if (!anyPlanContent(in, first + 1, j)) {
                            end = j;
                        }
                        break;
                    }
                }
            }
            while (end + 1 < in.size() && isSeparator(in.get(end + 1).text)) {
                end++;
            }
            bodyStart = end + 1;
        } else {
            bodyStart = 0;
            while (bodyStart < in.size() && isPreamble(in.get(bodyStart).text)) {
                bodyStart++;
            }
        }
        List<Line> out = new ArrayList<>(in.size() - bodyStart);
        for (int i = bodyStart; i < in.size(); i++) {
            if (!isSeparator(in.get(i).text)) {
                out.add(in.get(i));
            }
        }
        return out;
    }

    private static boolean anyPlanContent(List<Line> in, int from, int to) {
        for (int i = from; i < to; i++) {
            if (looksLikePlanContent(in.get(i).text)) {
                return true;
            }
        }
        return false;
    }

    /** A line of a plan in any format (borders and continuation marks ignored), not a header. */
    private static boolean looksLikePlanContent(String text) {
        String t = text.strip();
        while (!t.isEmpty() && (isBorder(t.charAt(0)) || t.charAt(0) == '"' || t.charAt(0) == '\'')) {
            t = t.substring(1).strip();
        }
        while (!t.isEmpty() && (isBorder(t.charAt(t.length() - 1)) || t.endsWith("+") || t.endsWith("↵"))) {
            t = t.substring(0, t.length() - 1).strip();
        }
        if (t.isEmpty()) {
            return false;
        }
        String squeezed = t.replace(" ", "");
        if (squeezed.equals("[") || squeezed.equals("{") || squeezed.startsWith("[{") || squeezed.startsWith("{\"")
                || t.startsWith("<explain") || t.startsWith("<?xml") || t.startsWith("<Query") || t.startsWith("<Plan")
                || t.startsWith("->") || t.startsWith("- Plan") || t.startsWith("Plan:") || t.contains("\"Plan\"")
                || t.contains("Node Type")) {
            return true;
        }
        return TextNodeLine.recognised(t);
    }

    private static boolean isPreamble(String text) {
        String t = text.strip();
        if (t.endsWith("|")) {
            t = t.substring(0, t.length() - 1).strip();
        }
        return t.isEmpty() || t.startsWith("#") || t.startsWith("--") || t.equalsIgnoreCase("QUERY PLAN");
    }

    private static List<Line> dropFooterAndNoise(List<Line> in) {
        List<Line> out = new ArrayList<>(in.size());
        for (Line l : in) {
            if (ROWS_FOOTER.matcher(l.text).matches()) {
                break;
            }
            if (l.text.startsWith("#") || TIMING_LINE.matcher(l.text).matches()) {
                continue;
            }
            out.add(l);
        }
        return out;
    }

    private static boolean isBorder(char c) {
        return c == '|' || c == '│' || c == '║';
    }

    /**
     * Removes the left and right borders of a psql frame; the last line may have lost its right
     * border when the paste was cut.
     */
    private static List<Line> stripBorders(List<Line> in) {
        boolean left = allNonBlank(in, t -> isBorder(t.charAt(0)));
        int last = in.size() - 1;
        while (last >= 0 && in.get(last).text.isBlank()) {
            last--;
        }
        boolean right = last > 0 && allNonBlank(in.subList(0, last), t -> t.length() > 1 && isBorder(t.charAt(t.length() - 1)));
        if (!left && !right) {
            return in;
        }
        List<Line> out = cut(in, t -> left ? (t.length() > 1 && t.charAt(1) == ' ' ? 2 : 1) : 0,
                t -> right && t.length() > 1 && isBorder(t.charAt(t.length() - 1)) ? 1 : 0,
                t -> right && !t.endsWith("+") && !t.endsWith("↵") ? t.stripTrailing() : t);
        return out;
    }

    /** Cuts characters off both ends of every non-blank line (trailing blanks stripped first). */
    private static List<Line> cut(List<Line> in, java.util.function.ToIntFunction<String> left,
            java.util.function.ToIntFunction<String> rightOf, java.util.function.UnaryOperator<String> finish) {
        List<Line> out = new ArrayList<>(in.size());
        for (Line l : in) {
            String t = l.text.stripTrailing();
            if (t.isBlank()) {
                out.add(l);
                continue;
            }
            int lc = Math.min(left.applyAsInt(t), t.length());
            int right = rightOf.applyAsInt(t);
            String cutText = t.substring(lc, Math.max(lc, t.length() - right));
            out.add(new Line(finish.apply(cutText), l.origLine, l.colOffset + lc));
        }
        return out;
    }

    private static List<Line> stripContinuationMarkers(List<Line> in) {
        int width = 0;
        for (Line l : in) {
            width = Math.max(width, l.text.length());
        }
        List<Line> out = new ArrayList<>(in.size());
        for (Line l : in) {
            String t = l.text;
            if (t.endsWith("↵")) {
                t = t.substring(0, t.length() - 1).stripTrailing();
            } else if (t.length() == width && t.length() > 1 && t.endsWith("+")) {
                t = t.substring(0, t.length() - 1).stripTrailing();
            }
            out.add(t == l.text ? l : new Line(t, l.origLine, l.colOffset));
        }
        return out;
    }

    private static String expandTabs(String s) {
        if (s.indexOf('\t') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\t') {
                int spaces = 8 - (sb.length() % 8);
                sb.append(" ".repeat(spaces));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
