package dev.justpg.diagnostics.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code Label: value} lines of a node in TEXT format into the properties PostgreSQL
 * writes in JSON: one TEXT line can hold several JSON properties ({@code Sort Method: quicksort
 * Memory: 25kB}), and TEXT leaves out zero counters that JSON prints, which are filled in here
 * whenever the line they belong to is present.
 */
final class TextProperties {

    private static final Pattern SORT_SPACE = Pattern.compile("^(.*?)\\s+(Memory|Disk):\\s*(\\d+)kB\\s*$");
    private static final Pattern SEGMENTS = Pattern.compile("\\s{2,}");
    private static final Pattern ORIGINALLY = Pattern.compile("^(\\d+)\\s*\\(originally (\\d+)\\)$");
    private static final Pattern KEY_VALUE = Pattern.compile("([a-z][a-z ]*?)=([0-9.]+)");

    /** Lines parsed with patterns; longer ones cannot be PostgreSQL's and are kept verbatim. */
    private static final int MAX_COMPOSITE = 4096;
    private static final java.util.Set<String> COMPOSITE = java.util.Set.of("Sort Method", "Buffers", "I/O Timings",
            "WAL", "Heap Blocks", "Tuples", "Buckets", "Batches", "Planned Partitions", "Hits", "Storage",
            "Full-sort Groups", "Pre-sorted Groups");

    private TextProperties() {
    }

    /**
     * Applies one property line to a node or worker.
     *
     * @param label the text before the first colon
     * @param value the text after it, stripped
     * @param props the target
     */
    static void apply(String label, String value, Props props) {
        if (value.length() > MAX_COMPOSITE && COMPOSITE.contains(label)) {
            props.putExtra(label, value);
            return;
        }
        switch (label) {
            case "Sort Method":
                sortMethod(value, props);
                return;
            case "Buffers":
                buffers(value, props);
                return;
            case "I/O Timings":
                ioTimings(value, props);
                return;
            case "WAL":
                wal(value, props);
                return;
            case "Heap Blocks":
                pairs(value, props, "exact", NodeKey.EXACT_HEAP_BLOCKS, "lossy", NodeKey.LOSSY_HEAP_BLOCKS);
                return;
            case "Tuples":
                pairs(value, props, "inserted", NodeKey.TUPLES_INSERTED, "updated", NodeKey.TUPLES_UPDATED,
                        "deleted", NodeKey.TUPLES_DELETED, "skipped", NodeKey.TUPLES_SKIPPED);
                return;
            case "Buckets":
            case "Batches":
            case "Planned Partitions":
            case "Hits":
            case "Storage":
                segments(label + ": " + value, props);
                return;
            case "Full-sort Groups":
            case "Pre-sorted Groups":
                sortGroups(label, value, props);
                return;
            default:
                break;
        }
        NodeKey key = NodeKey.byJson(label);
        if (key == null) {
            props.putExtra(label, value);
            return;
        }
        switch (key.kind()) {
            case LIST:
                props.set(key, splitTopLevel(value));
                break;
            case NUM:
                props.setNum(key, Props.toNumber(label, value));
                break;
            default:
                props.set(key, value);
                break;
        }
    }

    private static void sortMethod(String value, Props props) {
        Matcher m = SORT_SPACE.matcher(value);
        if (m.matches()) {
            props.set(NodeKey.SORT_METHOD, m.group(1).strip());
            props.set(NodeKey.SORT_SPACE_TYPE, m.group(2));
            props.setNum(NodeKey.SORT_SPACE_USED, Double.parseDouble(m.group(3)));
        } else {
            props.set(NodeKey.SORT_METHOD, value);
        }
    }

    private static final NodeKey[] BUFFER_KEYS = {
        NodeKey.SHARED_HIT_BLOCKS, NodeKey.SHARED_READ_BLOCKS, NodeKey.SHARED_DIRTIED_BLOCKS,
        NodeKey.SHARED_WRITTEN_BLOCKS, NodeKey.LOCAL_HIT_BLOCKS, NodeKey.LOCAL_READ_BLOCKS,
        NodeKey.LOCAL_DIRTIED_BLOCKS, NodeKey.LOCAL_WRITTEN_BLOCKS, NodeKey.TEMP_READ_BLOCKS,
        NodeKey.TEMP_WRITTEN_BLOCKS
    };

    /** {@code shared hit=1 read=2, local dirtied=3, temp read=4 written=5}. */
    static void buffers(String value, Props props) {
        for (NodeKey k : BUFFER_KEYS) {
            props.setNum(k, 0);
        }
        for (String group : value.split(",")) {
            String g = group.strip();
            int sp = g.indexOf(' ');
            if (sp < 0) {
                continue;
            }
            String scope = g.substring(0, sp);
            Matcher m = KEY_VALUE.matcher(g.substring(sp));
            while (m.find()) {
                NodeKey k = NodeKey.byJson(capitalize(scope) + " " + capitalize(m.group(1)) + " Blocks");
                if (k != null) {
                    props.setNum(k, Double.parseDouble(m.group(2)));
                } else {
                    props.putExtra("Buffers " + scope + " " + m.group(1), Double.parseDouble(m.group(2)));
                }
            }
        }
    }

    /**
     * {@code read=1.0 write=2.0} (PostgreSQL 14 and older), {@code shared/local read=1.0, temp
     * write=2.0} (15, 16) or {@code shared read=1.0, local write=2.0, temp read=3.0} (17+).
     */
    static void ioTimings(String value, Props props) {
        boolean split = false;
        for (String group : value.split(",")) {
            String g = group.strip();
            if (g.startsWith("shared ") || g.startsWith("local ")) {
                split = true;
            }
        }
        if (split) {
            for (NodeKey k : new NodeKey[] {NodeKey.SHARED_IO_READ_TIME, NodeKey.SHARED_IO_WRITE_TIME,
                NodeKey.LOCAL_IO_READ_TIME, NodeKey.LOCAL_IO_WRITE_TIME, NodeKey.TEMP_IO_READ_TIME,
                NodeKey.TEMP_IO_WRITE_TIME}) {
                props.setNum(k, 0);
            }
        } else {
            for (NodeKey k : new NodeKey[] {NodeKey.IO_READ_TIME, NodeKey.IO_WRITE_TIME,
                NodeKey.TEMP_IO_READ_TIME, NodeKey.TEMP_IO_WRITE_TIME}) {
                props.setNum(k, 0);
            }
        }
        for (String group : value.split(",")) {
            String g = group.strip();
            String prefix;
            if (g.startsWith("shared/local ")) {
                prefix = "I/O ";
            } else if (g.startsWith("shared ")) {
                prefix = "Shared I/O ";
            } else if (g.startsWith("local ")) {
                prefix = "Local I/O ";
            } else if (g.startsWith("temp ")) {
                prefix = "Temp I/O ";
            } else {
                prefix = "I/O ";
            }
            Matcher m = KEY_VALUE.matcher(g);
            while (m.find()) {
                String op = m.group(1).strip();
                op = op.substring(op.lastIndexOf(' ') + 1);
                NodeKey k = NodeKey.byJson(prefix + capitalize(op) + " Time");
                if (k != null) {
                    props.setNum(k, Double.parseDouble(m.group(2)));
                }
            }
        }
    }

    private static void wal(String value, Props props) {
        props.setNum(NodeKey.WAL_RECORDS, 0);
        props.setNum(NodeKey.WAL_FPI, 0);
        props.setNum(NodeKey.WAL_BYTES, 0);
        Matcher m = KEY_VALUE.matcher(value);
        while (m.find()) {
            switch (m.group(1).strip()) {
                case "records":
                    props.setNum(NodeKey.WAL_RECORDS, Double.parseDouble(m.group(2)));
                    break;
                case "fpi":
                    props.setNum(NodeKey.WAL_FPI, Double.parseDouble(m.group(2)));
                    break;
                case "bytes":
                    props.setNum(NodeKey.WAL_BYTES, Double.parseDouble(m.group(2)));
                    break;
                case "buffers full":
                    props.setNum(NodeKey.WAL_BUFFERS_FULL, Double.parseDouble(m.group(2)));
                    break;
                default:
                    props.putExtra("WAL " + m.group(1).strip(), Double.parseDouble(m.group(2)));
                    break;
            }
        }
    }

    private static void pairs(String value, Props props, Object... nameKey) {
        for (int i = 0; i < nameKey.length; i += 2) {
            props.setNum((NodeKey) nameKey[i + 1], 0);
        }
        Matcher m = KEY_VALUE.matcher(value);
        while (m.find()) {
            for (int i = 0; i < nameKey.length; i += 2) {
                if (nameKey[i].equals(m.group(1).strip())) {
                    props.setNum((NodeKey) nameKey[i + 1], Double.parseDouble(m.group(2)));
                }
            }
        }
    }

    /**
     * Lines of {@code Name: value} segments separated by two spaces: hash, hash aggregate,
     * memoize and storage statistics.
     */
    private static void segments(String line, Props props) {
        Map<String, String> seg = new LinkedHashMap<>();
        for (String s : SEGMENTS.split(line.strip())) {
            int colon = s.indexOf(':');
            if (colon > 0) {
                seg.put(s.substring(0, colon).strip(), s.substring(colon + 1).strip());
            }
        }
        boolean hash = seg.containsKey("Buckets");
        boolean memoize = seg.containsKey("Hits");
        for (Map.Entry<String, String> e : seg.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "Buckets":
                    original(v, props, NodeKey.HASH_BUCKETS, NodeKey.ORIGINAL_HASH_BUCKETS);
                    break;
                case "Batches":
                    if (hash) {
                        original(v, props, NodeKey.HASH_BATCHES, NodeKey.ORIGINAL_HASH_BATCHES);
                    } else {
                        props.setNum(NodeKey.HASHAGG_BATCHES, kb(v));
                        props.defaultNum(NodeKey.DISK_USAGE, 0);
                    }
                    break;
                case "Memory Usage":
                    props.setNum(NodeKey.PEAK_MEMORY_USAGE, kb(v));
                    break;
                case "Disk Usage":
                    props.setNum(NodeKey.DISK_USAGE, kb(v));
                    break;
                case "Planned Partitions":
                    props.setNum(NodeKey.PLANNED_PARTITIONS, kb(v));
                    break;
                case "Hits":
                    props.setNum(NodeKey.CACHE_HITS, kb(v));
                    break;
                case "Misses":
                    props.setNum(NodeKey.CACHE_MISSES, kb(v));
                    break;
                case "Evictions":
                    props.setNum(NodeKey.CACHE_EVICTIONS, kb(v));
                    break;
                case "Overflows":
                    props.setNum(NodeKey.CACHE_OVERFLOWS, kb(v));
                    break;
                case "Storage":
                    props.set(NodeKey.STORAGE, v);
                    break;
                case "Maximum Storage":
                    props.setNum(NodeKey.MAXIMUM_STORAGE, kb(v));
                    break;
                default:
                    props.putExtra(e.getKey(), v);
                    break;
            }
        }
        if (memoize) {
            props.defaultNum(NodeKey.PEAK_MEMORY_USAGE, 0);
        }
    }

    private static void original(String v, Props props, NodeKey now, NodeKey orig) {
        Matcher m = ORIGINALLY.matcher(v);
        if (m.matches()) {
            props.setNum(now, Double.parseDouble(m.group(1)));
            props.setNum(orig, Double.parseDouble(m.group(2)));
        } else {
            double d = kb(v);
            props.setNum(now, d);
            props.setNum(orig, d);
        }
    }

    /** {@code 1  Sort Methods: top-N heapsort, quicksort  Average Memory: 25kB  Peak Memory: 25kB}. */
    private static void sortGroups(String label, String value, Props props) {
        Map<String, Object> group = new LinkedHashMap<>();
        Map<String, Object> memory = null;
        Map<String, Object> disk = null;
        String[] segs = SEGMENTS.split(value.strip());
        group.put("Group Count", kb(segs[0]));
        for (int i = 1; i < segs.length; i++) {
            String s = segs[i];
            int colon = s.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = s.substring(0, colon).strip();
            String v = s.substring(colon + 1).strip();
            if (name.startsWith("Sort Method")) {
                group.put("Sort Methods Used", splitTopLevel(v));
            } else if (name.endsWith("Memory")) {
                if (memory == null) {
                    memory = new LinkedHashMap<>();
                    group.put("Sort Space Memory", memory);
                }
                memory.put(name.startsWith("Average") ? "Average Sort Space Used" : "Peak Sort Space Used", kb(v));
            } else if (name.endsWith("Disk")) {
                if (disk == null) {
                    disk = new LinkedHashMap<>();
                    group.put("Sort Space Disk", disk);
                }
                disk.put(name.startsWith("Average") ? "Average Sort Space Used" : "Peak Sort Space Used", kb(v));
            } else {
                group.put(name, v);
            }
        }
        props.putExtra(label, group);
    }

    private static double kb(String v) {
        String s = v.strip();
        if (s.endsWith("kB")) {
            s = s.substring(0, s.length() - 2);
        }
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number, was \"" + v + "\"", e);
        }
    }

    private static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    /**
     * Splits a list such as {@code a, lower((b)::text), 'x, y'::text} at the commas that are not
     * inside parentheses, brackets or quotes.
     *
     * @param value the list text
     * @return the items, stripped
     */
    static List<String> splitTopLevel(String value) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth = Math.max(0, depth - 1);
            } else if (c == ',' && depth == 0) {
                out.add(value.substring(start, i).strip());
                start = i + 1;
            }
        }
        String last = value.substring(start).strip();
        if (!last.isEmpty() || !out.isEmpty()) {
            out.add(last);
        }
        return out;
    }
}
