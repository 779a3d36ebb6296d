package dev.justpg.diagnostics.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads plans in JSON or YAML format with Jackson's streaming parser, straight into the typed
 * slots: no intermediate tree. Repeated keys (older servers repeat {@code "Workers"}) merge.
 */
public final class JsonPlanReader {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(PlanLimits.MAX_DOCUMENT_NESTING).build())
            .build();
    private static final YAMLFactory YAML;

    static {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE);
        options.setMaxAliasesForCollections(10);
        options.setNestingDepthLimit(PlanLimits.MAX_DOCUMENT_NESTING);
        YAML = YAMLFactory.builder().loaderOptions(options)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(PlanLimits.MAX_DOCUMENT_NESTING).build())
                .build();
    }

    private final JsonParser p;
    private final SourceText.Joined source;

    private JsonPlanReader(JsonParser p, SourceText.Joined source) {
        this.p = p;
        this.source = source;
    }

    /**
     * Reads every query plan in the text.
     *
     * @param source the cleaned text (starting with {@code [} or {@code {} for JSON)
     * @param yaml true for YAML
     * @return the plans, at least one
     * @throws PlanReadException with the position of the problem
     */
    public static List<QueryDraft> read(SourceText source, boolean yaml) {
        SourceText.Joined joined = source.joined();
        return read(joined.text, yaml, joined);
    }

    /**
     * Reads JSON that needs no cleaning (the {@code Explainer}'s output, benchmarks).
     *
     * @param json the JSON text
     * @return the plans
     */
    public static List<QueryDraft> readRaw(String json) {
        return read(json, false, null);
    }

    private static List<QueryDraft> read(String text, boolean yaml, SourceText.Joined source) {
        try (JsonParser p = yaml ? YAML.createParser(text) : JSON.createParser(text)) {
            JsonPlanReader r = new JsonPlanReader(p, source);
            return r.document();
        } catch (PlanReadException e) {
            throw e;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String msg = e.getOriginalMessage();
            String what = msg == null ? "malformed input" : firstLine(msg);
            if (what.startsWith("Unexpected end-of-input")) {
                what = what + " (the input ends here: was it cut off?)";
            }
            throw position(what, loc, source, e);
        } catch (IOException | RuntimeException e) {
            throw new PlanReadException("cannot read the plan: " + e.getMessage(), 1, 1, e);
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static PlanReadException position(String msg, JsonLocation loc, SourceText.Joined source,
            Throwable cause) {
        int line = loc == null ? 1 : loc.getLineNr();
        int col = loc == null ? 1 : loc.getColumnNr();
        return source == null ? new PlanReadException(msg, Math.max(1, line), Math.max(1, col), cause)
                : source.error(msg, line, col, cause);
    }

    private PlanReadException error(String msg) {
        return position(msg, p.currentTokenLocation(), source, null);
    }

    private List<QueryDraft> document() throws IOException {
        JsonToken t = p.nextToken();
        List<QueryDraft> out = new ArrayList<>(1);
        if (t == JsonToken.START_ARRAY) {
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.START_OBJECT) {
                    throw error("expected a query object with a \"Plan\" key, found " + describe(t));
                }
                out.add(query());
            }
        } else if (t == JsonToken.START_OBJECT) {
            out.add(query());
        } else {
            throw error("expected a JSON array or object, found " + describe(t));
        }
        if (out.isEmpty()) {
            throw error("the plan list is empty");
        }
        return out;
    }

    private QueryDraft query() throws IOException {
        QueryDraft q = new QueryDraft();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals("Plan")) {
                if (v != JsonToken.START_OBJECT) {
                    throw error("\"Plan\" must be an object, found " + describe(v));
                }
                q.root = node(1);
            } else if (name.equals("Planning") && v == JsonToken.START_OBJECT) {
                Props planning = new Props();
                fields(planning);
                q.top.put("Planning", planning);
            } else {
                q.top.put(name, value(v, 0));
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw error("expected a key, found " + describe(t));
        }
        if (q.root == null) {
            throw error("query object has no \"Plan\"");
        }
        return q;
    }

    private NodeDraft node(int level) throws IOException {
        if (level > PlanLimits.MAX_DEPTH) {
            throw error(PlanLimits.tooDeep());
        }
        NodeDraft n = new NodeDraft();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals("Plans")) {
                if (v != JsonToken.START_ARRAY) {
                    throw error("\"Plans\" must be an array, found " + describe(v));
                }
                while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (v != JsonToken.START_OBJECT) {
                        throw error("\"Plans\" must hold plan objects, found " + describe(v));
                    }
                    n.children.add(node(level + 1));
                }
            } else if (name.equals("Workers") && v == JsonToken.START_ARRAY) {
                while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (v != JsonToken.START_OBJECT) {
                        throw error("\"Workers\" must hold objects, found " + describe(v));
                    }
                    Props w = new Props();
                    fields(w);
                    double number = w.num(NodeKey.WORKER_NUMBER);
                    if (!Double.isNaN(number)) {
                        mergeWorker(n, w, (int) number);
                    } else {
                        n.workers.add(w);
                    }
                }
            } else {
                field(n.props, name, v);
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw error("expected a key, found " + describe(t));
        }
        return n;
    }

    private static void mergeWorker(NodeDraft n, Props w, int number) {
        for (int i = 0; i < n.workers.size(); i++) {
            if (n.workers.get(i).num(NodeKey.WORKER_NUMBER) == number) {
                Props existing = n.workers.get(i);
                for (NodeKey k : NodeKey.values()) {
                    if (w.has(k)) {
                        existing.set(k, w.value(k));
                    }
                }
                w.extras().forEach(existing::putExtra);
                return;
            }
        }
        n.workers.add(w);
    }

    private void fields(Props props) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            field(props, name, p.nextToken());
        }
        if (t != JsonToken.END_OBJECT) {
            throw error("expected a key, found " + describe(t));
        }
    }

    private void field(Props props, String name, JsonToken v) throws IOException {
        if (v == null) {
            throw error("unexpected end of input after \"" + name + "\"");
        }
        NodeKey key = NodeKey.byJson(name);
        try {
            if (key != null && key.kind() == NodeKey.Kind.NUM && v.isNumeric()) {
                props.setNum(key, p.getDoubleValue());
            } else if (key != null && key.kind() == NodeKey.Kind.TEXT && v == JsonToken.VALUE_STRING) {
                props.set(key, p.getText());
            } else {
                Object value = value(v, 0);
                if (key != null) {
                    props.set(key, value);
                } else {
                    props.putExtra(name, value);
                }
            }
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    private Object value(JsonToken t, int depth) throws IOException {
        if (depth > PlanLimits.MAX_VALUE_DEPTH) {
            throw error("a property value is nested deeper than " + PlanLimits.MAX_VALUE_DEPTH + " levels");
        }
        switch (t) {
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (e == null) {
                        throw error("unexpected end of input inside a list");
                    }
                    list.add(value(e, depth + 1));
                }
                return list;
            }
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                JsonToken e;
                while ((e = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    map.put(k, value(p.nextToken(), depth + 1));
                }
                if (e != JsonToken.END_OBJECT) {
                    throw error("expected a key, found " + describe(e));
                }
                return map;
            }
            default:
                throw error("unexpected " + describe(t));
        }
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "the end of the input";
        }
        switch (t) {
            case START_ARRAY:
                return "a list";
            case START_OBJECT:
                return "an object";
            case END_ARRAY:
                return "']'";
            case END_OBJECT:
                return "'}'";
            case FIELD_NAME:
                return "a key";
            case VALUE_STRING:
                return "a string";
            case VALUE_NULL:
                return "null";
            default:
                return t.isNumeric() ? "a number" : t.isBoolean() ? "a boolean" : t.name();
        }
    }
}
