package dev.justpg.diagnostics;

import dev.justpg.diagnostics.internal.NodeDraft;
import dev.justpg.diagnostics.internal.NodeKey;
import dev.justpg.diagnostics.internal.Props;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Converts statement-level values (numbers as JSON numbers or XML/TEXT strings) to types. */
final class TopLevel {

    private TopLevel() {
    }

    static OptionalDouble number(Object o) {
        if (o instanceof Number) {
            return OptionalDouble.of(((Number) o).doubleValue());
        }
        if (o instanceof String) {
            try {
                return OptionalDouble.of(Double.parseDouble(((String) o).strip()));
            } catch (NumberFormatException e) {
                return OptionalDouble.empty();
            }
        }
        return OptionalDouble.empty();
    }

    static java.util.OptionalLong longValue(Object o) {
        if (o instanceof Number) {
            return java.util.OptionalLong.of(((Number) o).longValue());
        }
        if (o instanceof String) {
            try {
                return java.util.OptionalLong.of(Long.parseLong(((String) o).strip()));
            } catch (NumberFormatException e) {
                return java.util.OptionalLong.empty();
            }
        }
        return java.util.OptionalLong.empty();
    }

    private static boolean bool(Object o) {
        return o instanceof Boolean ? (Boolean) o : o instanceof String && Boolean.parseBoolean(((String) o).strip());
    }

    static Props props(Object o) {
        Props p = new Props();
        if (o instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
                try {
                    p.put(String.valueOf(e.getKey()), e.getValue());
                } catch (IllegalArgumentException ignored) {
                    p.putExtra(String.valueOf(e.getKey()), e.getValue());
                }
            }
        }
        return p;
    }

    static List<TriggerStats> triggers(Object o) {
        if (!(o instanceof List)) {
            return List.of();
        }
        List<TriggerStats> out = new ArrayList<>();
        for (Object t : (List<?>) o) {
            if (t instanceof Map) {
                Map<?, ?> m = (Map<?, ?>) t;
                out.add(TriggerStats.of(text(m.get("Trigger Name")), text(m.get("Constraint Name")),
                        text(m.get("Relation")), number(m.get("Time")),
                        Math.round(number(m.get("Calls")).orElse(0))));
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static Optional<String> text(Object o) {
        return o == null ? Optional.empty() : Optional.of(String.valueOf(o));
    }

    static Optional<JitStats> jit(Object o) {
        if (!(o instanceof Map)) {
            return Optional.empty();
        }
        Map<?, ?> m = (Map<?, ?>) o;
        Map<?, ?> options = m.get("Options") instanceof Map ? (Map<?, ?>) m.get("Options") : Map.of();
        Map<?, ?> timing = m.get("Timing") instanceof Map ? (Map<?, ?>) m.get("Timing") : Map.of();
        Object generation = timing.get("Generation");
        double gen = generation instanceof Map ? number(((Map<?, ?>) generation).get("Total")).orElse(0)
                : number(generation).orElse(0);
        return Optional.of(JitStats.of(Math.round(number(m.get("Functions")).orElse(0)),
                bool(options.get("Inlining")), bool(options.get("Optimization")), bool(options.get("Expressions")),
                bool(options.get("Deforming")), gen, number(timing.get("Inlining")).orElse(0),
                number(timing.get("Optimization")).orElse(0), number(timing.get("Emission")).orElse(0),
                number(timing.get("Total")).orElse(0)));
    }

    static Map<String, String> settings(Object o) {
        if (!(o instanceof Map)) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
            out.put(String.valueOf(e.getKey()), e.getValue() == null ? null : Props.class.isInstance(e.getValue())
                    ? null : valueText(e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    private static String valueText(Object v) {
        if (v instanceof Double && ((Double) v) == Math.rint((Double) v)) {
            return Long.toString(((Double) v).longValue());
        }
        return String.valueOf(v);
    }

    /**
     * Fills in "Parent Relationship" where the input did not say (TEXT): joins have an outer and
     * an inner input, Append and bitmap nodes have members, a Subquery Scan has a subquery.
     */
    static void inferRelationships(NodeDraft node) {
        List<NodeDraft> pending = new ArrayList<>();
        pending.add(node);
        while (!pending.isEmpty()) {
            NodeDraft n = pending.remove(pending.size() - 1);
            String type = n.props.text(NodeKey.NODE_TYPE);
            int ordinal = 0;
            for (NodeDraft c : n.children) {
                pending.add(c);
                if (c.props.has(NodeKey.PARENT_RELATIONSHIP)) {
                    continue;
                }
                String rel;
                if ("Append".equals(type) || "Merge Append".equals(type) || "BitmapAnd".equals(type)
                        || "BitmapOr".equals(type)) {
                    rel = "Member";
                } else if ("Subquery Scan".equals(type)) {
                    rel = "Subquery";
                } else if ("Custom Scan".equals(type)) {
                    rel = "children";
                } else {
                    rel = ordinal == 0 ? "Outer" : "Inner";
                }
                ordinal++;
                c.props.set(NodeKey.PARENT_RELATIONSHIP, rel);
            }
        }
    }
}
