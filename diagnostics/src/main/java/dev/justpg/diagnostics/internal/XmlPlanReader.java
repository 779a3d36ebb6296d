package dev.justpg.diagnostics.internal;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads plans in XML format with the JDK's StAX parser; DTDs and external entities are disabled.
 * Element names are mapped back to PostgreSQL's property names ({@code I-O-Read-Time} is
 * {@code I/O Read Time}).
 */
public final class XmlPlanReader {

    private static final Set<String> ARRAYS = Set.of("Plans", "Workers", "Triggers", "Target-Tables",
            "Grouping-Sets", "Group-Keys", "Hash-Keys");
    private static final Map<String, String> TOP_NAMES = Map.of(
            "Planning-Time", "Planning Time", "Execution-Time", "Execution Time",
            "Total-Runtime", "Execution Time", "Query-Identifier", "Query Identifier",
            "Trigger-Name", "Trigger Name", "Constraint-Name", "Constraint Name",
            "Full-sort-Groups", "Full-sort Groups", "Pre-sorted-Groups", "Pre-sorted Groups");

    private final XMLStreamReader r;
    private final SourceText.Joined source;

    private XmlPlanReader(XMLStreamReader r, SourceText.Joined source) {
        this.r = r;
        this.source = source;
    }

    /**
     * Reads every query plan in the text.
     *
     * @param source the cleaned text, starting with {@code <}
     * @return the plans
     * @throws PlanReadException with the position of the problem
     */
    public static List<QueryDraft> read(SourceText source) {
        SourceText.Joined joined = source.joined();
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        XMLStreamReader reader = null;
        try {
            reader = f.createXMLStreamReader(new StringReader(joined.text));
            return new XmlPlanReader(reader, joined).document();
        } catch (XMLStreamException e) {
            Location loc = e.getLocation();
            String msg = e.getMessage();
            int at = msg == null ? -1 : msg.indexOf("Message: ");
            throw position(at >= 0 ? msg.substring(at + 9) : String.valueOf(msg), loc, joined, e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new PlanReadException("cannot read the XML plan: " + e.getMessage(), 1, 1, e);
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing left to release
                }
            }
        }
    }

    private static PlanReadException position(String msg, Location loc, SourceText.Joined source, Throwable cause) {
        return source.error(msg, loc == null ? 1 : loc.getLineNumber(), loc == null ? 1 : loc.getColumnNumber(), cause);
    }

    private PlanReadException error(String msg) {
        return position(msg, r.getLocation(), source, null);
    }

    private List<QueryDraft> document() throws XMLStreamException {
        List<QueryDraft> out = new ArrayList<>(1);
        int depth = 0;
        while (r.hasNext()) {
            int e = r.next();
            if (e == XMLStreamConstants.START_ELEMENT) {
                depth++;
                if (r.getLocalName().equals("Query")) {
                    out.add(query());
                    depth--;
                } else if (depth > 2) {
                    throw error("unexpected element <" + r.getLocalName() + ">: expected <explain><Query>");
                }
            } else if (e == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        if (out.isEmpty()) {
            throw error("no <Query> element found");
        }
        return out;
    }

    private QueryDraft query() throws XMLStreamException {
        QueryDraft q = new QueryDraft();
        while (nextChild()) {
            String tag = r.getLocalName();
            if (tag.equals("Plan")) {
                q.root = node(1);
            } else if (tag.equals("Planning")) {
                Props planning = new Props();
                fields(planning);
                q.top.put("Planning", planning);
            } else if (tag.equals("Settings")) {
                Map<String, Object> settings = new LinkedHashMap<>();
                while (nextChild()) {
                    String name = r.getLocalName();
                    settings.put(name, r.getElementText());
                }
                q.top.put("Settings", settings);
            } else {
                q.top.put(topName(tag), value(tag, 0));
            }
        }
        if (q.root == null) {
            throw error("<Query> has no <Plan>");
        }
        return q;
    }

    /** Moves to the next child start element; false at the parent's end element. */
    private boolean nextChild() throws XMLStreamException {
        while (r.hasNext()) {
            int e = r.next();
            if (e == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (e == XMLStreamConstants.END_ELEMENT) {
                return false;
            }
            if (e == XMLStreamConstants.CHARACTERS && !r.isWhiteSpace()) {
                throw error("unexpected text \"" + r.getText().strip() + "\"");
            }
        }
        throw error("unexpected end of input");
    }

    private NodeDraft node(int level) throws XMLStreamException {
        if (level > PlanLimits.MAX_DEPTH) {
            throw error(PlanLimits.tooDeep());
        }
        NodeDraft n = new NodeDraft();
        while (nextChild()) {
            String tag = r.getLocalName();
            if (tag.equals("Plans")) {
                while (nextChild()) {
                    n.children.add(node(level + 1));
                }
            } else if (tag.equals("Workers")) {
                while (nextChild()) {
                    Props w = new Props();
                    fields(w);
                    n.workers.add(w);
                }
            } else {
                field(n.props, tag);
            }
        }
        return n;
    }

    private void fields(Props props) throws XMLStreamException {
        while (nextChild()) {
            field(props, r.getLocalName());
        }
    }

    private void field(Props props, String tag) throws XMLStreamException {
        NodeKey key = NodeKey.byXml(tag);
        Object value = value(tag, 0);
        try {
            if (key != null) {
                props.set(key, value);
            } else {
                props.putExtra(topName(tag), value);
            }
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /** The value of the current element: text, a list of items, a list of groups or a group. */
    private Object value(String tag, int depth) throws XMLStreamException {
        if (depth > PlanLimits.MAX_VALUE_DEPTH) {
            throw error("value is nested too deeply");
        }
        StringBuilder text = new StringBuilder();
        List<Object> list = null;
        Map<String, Object> map = null;
        while (r.hasNext()) {
            int e = r.next();
            if (e == XMLStreamConstants.CHARACTERS || e == XMLStreamConstants.CDATA) {
                text.append(r.getText());
            } else if (e == XMLStreamConstants.START_ELEMENT) {
                String child = r.getLocalName();
                if (child.equals("Item")) {
                    if (list == null) {
                        list = new ArrayList<>();
                    }
                    list.add(r.getElementText());
                } else if (ARRAYS.contains(tag)) {
                    if (list == null) {
                        list = new ArrayList<>();
                    }
                    list.add(value(child, depth + 1));
                } else {
                    if (map == null) {
                        map = new LinkedHashMap<>();
                    }
                    map.put(topName(child), value(child, depth + 1));
                }
            } else if (e == XMLStreamConstants.END_ELEMENT) {
                if (list != null) {
                    return list;
                }
                if (map != null) {
                    return map;
                }
                return text.toString();
            }
        }
        throw error("unexpected end of input inside <" + tag + ">");
    }

    private static String topName(String tag) {
        String known = TOP_NAMES.get(tag);
        if (known != null) {
            return known;
        }
        NodeKey key = NodeKey.byXml(tag);
        return key != null ? key.json() : tag.replace('-', ' ');
    }
}
