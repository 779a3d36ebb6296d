package dev.justpg.diagnostics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import dev.justpg.diagnostics.internal.PlanLimits;
import dev.justpg.diagnostics.internal.NodeKey;
import dev.justpg.diagnostics.internal.Props;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Plan} in PostgreSQL's JSON layout. Its nesting limit is the readers' one, so
 * every plan the parser accepted can be written.
 */
final class PlanJsonWriter {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamWriteConstraints(StreamWriteConstraints.builder()
                    .maxNestingDepth(PlanLimits.MAX_DOCUMENT_NESTING).build())
            .build();

    private PlanJsonWriter() {
    }

    static String write(Plan plan) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartArray();
            g.writeStartObject();
            g.writeFieldName("Plan");
            node(g, plan.root());
            if (plan.planningProps().extras().size() > 0 || PropsView.buffers(plan.planningProps()).isPresent()
                    || PropsView.ioTimings(plan.planningProps()).isPresent()) {
                g.writeFieldName("Planning");
                g.writeStartObject();
                props(g, plan.planningProps());
                g.writeEndObject();
            }
            if (plan.planningTime().isPresent()) {
                g.writeNumberField("Planning Time", plan.planningTime().getAsDouble());
            }
            if (!plan.triggers().isEmpty()) {
                g.writeArrayFieldStart("Triggers");
                for (TriggerStats t : plan.triggers()) {
                    g.writeStartObject();
                    if (t.name().isPresent()) {
                        g.writeStringField("Trigger Name", t.name().get());
                    }
                    if (t.constraintName().isPresent()) {
                        g.writeStringField("Constraint Name", t.constraintName().get());
                    }
                    if (t.relation().isPresent()) {
                        g.writeStringField("Relation", t.relation().get());
                    }
                    if (t.timeMs().isPresent()) {
                        g.writeNumberField("Time", t.timeMs().getAsDouble());
                    }
                    g.writeNumberField("Calls", t.calls());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            if (plan.jit().isPresent()) {
                JitStats j = plan.jit().get();
                g.writeObjectFieldStart("JIT");
                g.writeNumberField("Functions", j.functions());
                g.writeObjectFieldStart("Options");
                g.writeBooleanField("Inlining", j.inlining());
                g.writeBooleanField("Optimization", j.optimization());
                g.writeBooleanField("Expressions", j.expressions());
                g.writeBooleanField("Deforming", j.deforming());
                g.writeEndObject();
                g.writeObjectFieldStart("Timing");
                g.writeNumberField("Generation", j.generationMs());
                g.writeNumberField("Inlining", j.inliningMs());
                g.writeNumberField("Optimization", j.optimizationMs());
                g.writeNumberField("Emission", j.emissionMs());
                g.writeNumberField("Total", j.totalMs());
                g.writeEndObject();
                g.writeEndObject();
            }
            if (!plan.settings().isEmpty()) {
                g.writeObjectFieldStart("Settings");
                for (Map.Entry<String, String> e : plan.settings().entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            if (plan.queryIdentifier().isPresent()) {
                g.writeNumberField("Query Identifier", plan.queryIdentifier().getAsLong());
            }
            for (Map.Entry<String, Object> e : plan.extras().entrySet()) {
                g.writeFieldName(e.getKey());
                value(g, e.getValue());
            }
            if (plan.executionTime().isPresent()) {
                g.writeNumberField("Execution Time", plan.executionTime().getAsDouble());
            }
            g.writeEndObject();
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void node(JsonGenerator g, PlanNode n) throws IOException {
        g.writeStartObject();
        props(g, n.props());
        if (!n.workers().isEmpty()) {
            g.writeArrayFieldStart("Workers");
            for (WorkerStats w : n.workers()) {
                g.writeStartObject();
                props(g, w.props());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (!n.children().isEmpty()) {
            g.writeArrayFieldStart("Plans");
            for (PlanNode c : n.children()) {
                node(g, c);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void props(JsonGenerator g, Props p) throws IOException {
        for (NodeKey k : NodeKey.values()) {
            Object v = p.value(k);
            if (v != null) {
                g.writeFieldName(k.json());
                value(g, v);
            }
        }
        for (Map.Entry<String, Object> e : p.extras().entrySet()) {
            g.writeFieldName(e.getKey());
            value(g, e.getValue());
        }
    }

    static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Double) {
            double d = (Double) v;
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
                g.writeNumber((long) d);
            } else {
                g.writeNumber(d);
            }
        } else if (v instanceof Number) {
            g.writeNumber(v.toString());
        } else if (v instanceof Boolean) {
            g.writeBoolean((Boolean) v);
        } else if (v instanceof List) {
            g.writeStartArray();
            for (Object o : (List<?>) v) {
                value(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Props) {
            g.writeStartObject();
            props(g, (Props) v);
            g.writeEndObject();
        } else {
            g.writeString(String.valueOf(v));
        }
    }
}
