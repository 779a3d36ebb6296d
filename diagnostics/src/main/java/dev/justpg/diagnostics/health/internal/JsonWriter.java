package dev.justpg.diagnostics.health.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.justpg.diagnostics.health.CheckId;
import dev.justpg.diagnostics.health.HealthFinding;
import dev.justpg.diagnostics.health.HealthReport;
import dev.justpg.diagnostics.health.SkippedCheck;
import dev.justpg.diagnostics.health.StatementStat;
import dev.justpg.diagnostics.health.TableSize;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeSet;

/** The JSON report, schema {@link HealthReport#JSON_SCHEMA} (fields listed in docs/health.md). */
public final class JsonWriter {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonWriter() {
    }

    /**
     * Renders the report.
     *
     * @param r the report
     * @return the JSON text
     */
    public static String write(HealthReport r) {
        StringWriter w = new StringWriter(4096);
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("schema", HealthReport.JSON_SCHEMA);
            g.writeStringField("database", r.database());
            g.writeStringField("serverVersion", r.serverVersion());
            g.writeStringField("user", r.user());
            g.writeStringField("generatedAt", r.generatedAt().toString());
            g.writeNumberField("elapsedMillis", r.elapsed().toMillis());
            g.writeNumberField("roundTrips", r.roundTrips());
            g.writeArrayFieldStart("checks");
            for (CheckId c : new TreeSet<>(r.checks())) {
                g.writeString(c.name());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("findings");
            for (HealthFinding f : r.findings()) {
                g.writeStartObject();
                g.writeStringField("check", f.check().name());
                g.writeStringField("severity", f.severity().name());
                g.writeStringField("object", f.object());
                g.writeObjectFieldStart("evidence");
                for (Map.Entry<String, Double> e : f.evidence().entrySet()) {
                    g.writeFieldName(e.getKey());
                    double v = e.getValue();
                    if (Double.isNaN(v) || Double.isInfinite(v)) {
                        g.writeNull();
                    } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                        g.writeNumber((long) v);
                    } else {
                        g.writeNumber(v);
                    }
                }
                g.writeEndObject();
                g.writeStringField("explanation", f.explanation());
                if (f.fix().isPresent()) {
                    g.writeStringField("fix", f.fix().get());
                } else {
                    g.writeNullField("fix");
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("skipped");
            for (SkippedCheck s : r.skipped()) {
                g.writeStartObject();
                g.writeStringField("check", s.check().name());
                g.writeBooleanField("partial", s.partial());
                g.writeStringField("reason", s.reason());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("tableSizes");
            for (TableSize t : r.tableSizes()) {
                g.writeStartObject();
                g.writeStringField("table", t.table());
                g.writeNumberField("totalBytes", t.totalBytes());
                g.writeNumberField("tableBytes", t.tableBytes());
                g.writeNumberField("indexBytes", t.indexBytes());
                g.writeNumberField("toastBytes", t.toastBytes());
                g.writeNumberField("estimatedRows", t.estimatedRows());
                g.writeEndObject();
            }
            g.writeEndArray();
            statements(g, "topStatements", r.topStatements());
            statements(g, "slowestStatements", r.slowestStatements());
            if (r.statementStatsAge().isPresent()) {
                g.writeNumberField("statementStatsAgeSeconds", r.statementStatsAge().get().toMillis() / 1000.0);
            } else {
                g.writeNullField("statementStatsAgeSeconds");
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void statements(JsonGenerator g, String field, java.util.List<StatementStat> list) throws IOException {
        g.writeArrayFieldStart(field);
        for (StatementStat s : list) {
            g.writeStartObject();
            g.writeNumberField("queryId", s.queryId());
            g.writeStringField("query", s.query());
            g.writeNumberField("calls", s.calls());
            g.writeNumberField("totalMillis", s.totalMillis());
            g.writeNumberField("meanMillis", s.meanMillis());
            g.writeNumberField("rows", s.rows());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
