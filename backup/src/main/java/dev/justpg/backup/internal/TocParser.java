package dev.justpg.backup.internal;

import dev.justpg.backup.TocEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code pg_restore -l} output into typed entries. */
public final class TocParser {

    /** Entry types pg_dump writes, longest first so that {@code TABLE DATA} wins over {@code TABLE}. */
    static final List<String> TYPES = List.of("ACCESS METHOD", "ACL", "AGGREGATE", "BLOB", "BLOB METADATA", "BLOBS", "CAST",
            "CHECK CONSTRAINT", "COLLATION", "COMMENT", "CONSTRAINT", "CONVERSION", "DATABASE", "DATABASE PROPERTIES", "DEFAULT",
            "DEFAULT ACL", "DOMAIN", "ENCODING", "EVENT TRIGGER", "EXTENSION", "FK CONSTRAINT", "FOREIGN DATA WRAPPER",
            "FOREIGN SERVER", "FOREIGN TABLE", "FUNCTION", "INDEX", "INDEX ATTACH", "LARGE OBJECT", "LARGE OBJECTS",
            "MATERIALIZED VIEW", "MATERIALIZED VIEW DATA", "OPERATOR", "OPERATOR CLASS", "OPERATOR FAMILY", "POLICY",
            "PROCEDURAL LANGUAGE", "PROCEDURE", "PUBLICATION", "PUBLICATION TABLE", "PUBLICATION TABLES IN SCHEMA", "ROW SECURITY",
            "RULE", "SCHEMA", "SEARCHPATH", "SECURITY LABEL", "SEQUENCE", "SEQUENCE OWNED BY", "SEQUENCE SET", "SERVER",
            "SHELL TYPE", "STATISTICS", "STATISTICS DATA", "STDSTRINGS", "SUBSCRIPTION", "SUBSCRIPTION TABLE", "TABLE",
            "TABLE ATTACH", "TABLE DATA", "TABLESPACE", "TEXT SEARCH CONFIGURATION", "TEXT SEARCH DICTIONARY",
            "TEXT SEARCH PARSER", "TEXT SEARCH TEMPLATE", "TRANSFORM", "TRIGGER", "TYPE", "USER MAPPING", "VIEW")
            .stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();

    private static final Pattern HEAD = Pattern.compile("^(\\d+); (\\d+) (\\d+) (.*)$");

    private TocParser() {
    }

    /**
     * Parses a listing; comment lines ({@code ;}) and unknown lines are skipped.
     *
     * @param listing the output of {@code pg_restore -l}
     * @return the entries in listing order
     */
    public static List<TocEntry> parse(String listing) {
        List<TocEntry> out = new ArrayList<>();
        for (String line : listing.split("\n")) {
            TocEntry e = parseLine(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    static TocEntry parseLine(String line) {
        Matcher m = HEAD.matcher(line);
        if (!m.matches()) {
            return null;
        }
        String rest = m.group(4);
        String type = null;
        for (String t : TYPES) {
            if (rest.startsWith(t + " ")) {
                type = t;
                break;
            }
        }
        if (type == null) {
            int sp = rest.indexOf(' ');
            type = sp < 0 ? rest : rest.substring(0, sp);
        }
        String tail = rest.length() > type.length() ? rest.substring(type.length() + 1) : "";
        int sp = tail.indexOf(' ');
        String schema = sp < 0 ? tail : tail.substring(0, sp);
        String afterSchema = sp < 0 ? "" : tail.substring(sp + 1);
        String name;
        String owner;
        if (afterSchema.endsWith(" ") || afterSchema.indexOf(' ') < 0) {
            name = afterSchema.strip();
            owner = "";
        } else {
            int last = afterSchema.lastIndexOf(' ');
            name = afterSchema.substring(0, last);
            owner = afterSchema.substring(last + 1);
        }
        return new TocEntry(Integer.parseInt(m.group(1)), type, schema.equals("-") ? "" : schema, name, owner, line);
    }
}
