package dev.justpg.diagnostics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares a PEV2 expectation with justpg's JSON output. PEV2's expectations use PostgreSQL's
 * key names but a few conventions of PEV2's own, which are translated here before comparing;
 * each translation is listed with its reason:
 * <ul>
 *   <li>{@code "Nested Loop Join"} is PEV2's name for {@code Nested Loop} with a join type.</li>
 *   <li>{@code GroupAggregate}/{@code HashAggregate}/{@code MixedAggregate} are TEXT names:
 *       PostgreSQL's JSON says {@code Aggregate} with a {@code Strategy}.</li>
 *   <li>{@code Insert}/{@code Update}/{@code Delete}/{@code Merge} are TEXT names: JSON says
 *       {@code ModifyTable} with an {@code Operation}.</li>
 *   <li>{@code "Subquery Scan poly_inter_1"}: PEV2 does not read the pre-9.x syntax without
 *       {@code on}; PostgreSQL's JSON would say {@code Subquery Scan} with that alias.</li>
 *   <li>Qualified or quoted {@code Relation Name}/{@code Index Name}: PEV2 keeps the TEXT
 *       spelling; JSON has the bare name and a separate {@code Schema}.</li>
 *   <li>{@code "Hash Semi Join"}: PEV2 sometimes keeps the join type in the node type.</li>
 *   <li>{@code Output} as one string: PostgreSQL's JSON has a list.</li>
 *   <li>{@code Total Runtime}: justpg reports it as {@code Execution Time}.</li>
 *   <li>{@code Temp Hit Blocks}, {@code Temp Dirtied Blocks}: PEV2 invents them as zero;
 *       PostgreSQL has no such counters.</li>
 *   <li>Numbers compare by value ({@code "Sort Space Used": "50"} is a string in PEV2; the query
 *       identifier lost precision in JavaScript).</li>
 * </ul>
 */
final class PevExpectation {

    private PevExpectation() {
    }

    static List<String> mismatches(JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        compare("$", normalize(expected), actual, out);
        return out;
    }

    static JsonNode normalize(JsonNode n) {
        if (n.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode a = JsonNodeFactory.instance.arrayNode();
            n.forEach(e -> a.add(normalize(e)));
            return a;
        }
        if (!n.isObject()) {
            return n;
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            String k = e.getKey();
            JsonNode v = normalize(e.getValue());
            if (k.equals("Temp Hit Blocks") || k.equals("Temp Dirtied Blocks")) {
                continue;
            }
            if (k.equals("Total Runtime")) {
                k = "Execution Time";
            }
            o.set(k, v);
        }
        JsonNode type = o.get("Node Type");
        if (type != null) {
            String t = type.asText();
            if (t.equals("Nested Loop Join")) {
                o.put("Node Type", "Nested Loop");
            } else if (t.equals("GroupAggregate") || t.equals("HashAggregate") || t.equals("MixedAggregate")) {
                o.put("Node Type", "Aggregate");
                o.put("Strategy", t.startsWith("Group") ? "Sorted" : t.startsWith("Hash") ? "Hashed" : "Mixed");
            } else if (t.equals("Insert") || t.equals("Update") || t.equals("Delete") || t.equals("Merge")) {
                o.put("Node Type", "ModifyTable");
                o.put("Operation", t);
            } else if (t.matches("(Hash|Merge) (Left|Full|Right|Semi|Anti) Join")) {
                o.put("Node Type", t.substring(0, t.indexOf(' ')) + " Join");
                o.put("Join Type", t.substring(t.indexOf(' ') + 1, t.lastIndexOf(' ')));
            } else if (t.startsWith("Subquery Scan ")) {
                o.put("Node Type", "Subquery Scan");
                o.put("Alias", t.substring("Subquery Scan ".length()));
            }
        }
        JsonNode rel = o.get("Relation Name");
        if (rel != null && (rel.asText().contains(".") || rel.asText().contains("\""))) {
            List<String> parts = identifiers(rel.asText());
            if (parts.size() == 2) {
                o.put("Schema", parts.get(0));
                o.put("Relation Name", parts.get(1));
            } else {
                o.put("Relation Name", parts.get(0));
            }
        }
        JsonNode idx = o.get("Index Name");
        if (idx != null && idx.asText().startsWith("\"")) {
            o.put("Index Name", identifiers(idx.asText()).get(0));
        }
        return o;
    }

    private static List<String> identifiers(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == '.' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<String> out) {
        if (actual == null || actual.isMissingNode()) {
            out.add(path + ": missing, expected " + expected);
            return;
        }
        if (expected.isObject()) {
            if (!actual.isObject()) {
                out.add(path + ": expected an object, got " + actual);
                return;
            }
            expected.properties().forEach(e ->
                    compare(path + "." + e.getKey(), e.getValue(), actual.get(e.getKey()), out));
        } else if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) {
                out.add(path + ": expected " + expected.size() + " items, got " + actual);
                return;
            }
            for (int i = 0; i < expected.size(); i++) {
                compare(path + "[" + i + "]", expected.get(i), actual.get(i), out);
            }
        } else if (expected.isTextual() && actual.isArray()) {
            List<String> items = new ArrayList<>();
            actual.forEach(i -> items.add(i.asText()));
            if (!expected.asText().equals(String.join(", ", items))) {
                out.add(path + ": expected " + expected + ", got " + actual);
            }
        } else if (expected.isNumber() || (expected.isTextual() && actual.isNumber())) {
            double e = expected.asDouble();
            double a = actual.asDouble();
            if (Math.abs(e - a) > 1e-9 * Math.max(1, Math.abs(e))) {
                out.add(path + ": expected " + expected + ", got " + actual);
            }
        } else if (!expected.asText().equals(actual.asText()) || expected.isBoolean() != actual.isBoolean()) {
            out.add(path + ": expected " + expected + ", got " + actual);
        }
    }
}
