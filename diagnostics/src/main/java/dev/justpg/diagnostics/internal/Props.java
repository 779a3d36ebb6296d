package dev.justpg.diagnostics.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The properties of one plan node (or one worker's share of it): typed slots for every
 * {@link NodeKey}, and the keys justpg does not type kept verbatim, in input order.
 *
 * <p>Mutable while a parser fills it; the public model only reads it afterwards.
 */
public final class Props {

    private final double[] nums;
    private final Object[] refs;
    private Map<String, Object> extras;

    /** Empty properties. */
    public Props() {
        nums = new double[NodeKey.NUM_SLOTS];
        Arrays.fill(nums, Double.NaN);
        refs = new Object[NodeKey.REF_SLOTS];
    }

    /**
     * Stores a property under its JSON name: typed when justpg knows the key, verbatim otherwise.
     *
     * @param name the JSON name
     * @param value a String, Number, Boolean, List or Map
     * @throws IllegalArgumentException when a known key has a value of the wrong type
     */
    public void put(String name, Object value) {
        NodeKey key = NodeKey.byJson(name);
        if (key == null) {
            putExtra(name, value);
        } else {
            set(key, value);
        }
    }

    /**
     * Stores a typed property, converting strings (XML, TEXT) to numbers and booleans.
     *
     * @param key the key
     * @param value the value
     * @throws IllegalArgumentException when the value does not convert
     */
    public void set(NodeKey key, Object value) {
        switch (key.kind()) {
            case NUM:
                nums[key.slot()] = toNumber(key.json(), value);
                break;
            case BOOL:
                refs[key.slot()] = toBoolean(key.json(), value);
                break;
            case LIST:
                refs[key.slot()] = toList(value);
                break;
            default:
                refs[key.slot()] = toText(value);
                break;
        }
    }

    /**
     * Stores a number.
     *
     * @param key a {@link NodeKey.Kind#NUM} key
     * @param value the value
     */
    public void setNum(NodeKey key, double value) {
        nums[key.slot()] = value;
    }

    /**
     * Stores a number unless one is already there.
     *
     * @param key a {@link NodeKey.Kind#NUM} key
     * @param value the value
     */
    public void defaultNum(NodeKey key, double value) {
        if (Double.isNaN(nums[key.slot()])) {
            nums[key.slot()] = value;
        }
    }

    /**
     * Keeps a property justpg does not type.
     *
     * @param name its name as written
     * @param value its value
     */
    public void putExtra(String name, Object value) {
        if (extras == null) {
            extras = new LinkedHashMap<>(4);
        }
        Object previous = extras.get(name);
        if (previous instanceof Map && value instanceof Map) {
            mergeMaps(previous, value);
        } else {
            extras.put(name, value);
        }
    }

    @SuppressWarnings("unchecked")
    private static void mergeMaps(Object into, Object from) {
        ((Map<String, Object>) into).putAll((Map<String, Object>) from);
    }

    /**
     * Whether a typed property is present.
     *
     * @param key the key
     * @return true when set
     */
    public boolean has(NodeKey key) {
        return key.kind() == NodeKey.Kind.NUM ? !Double.isNaN(nums[key.slot()]) : refs[key.slot()] != null;
    }

    /**
     * A number.
     *
     * @param key a {@link NodeKey.Kind#NUM} key
     * @return the value, NaN when absent
     */
    public double num(NodeKey key) {
        return nums[key.slot()];
    }

    /**
     * A string.
     *
     * @param key a {@link NodeKey.Kind#TEXT} key
     * @return the value or null
     */
    public String text(NodeKey key) {
        return (String) refs[key.slot()];
    }

    /**
     * A boolean.
     *
     * @param key a {@link NodeKey.Kind#BOOL} key
     * @return the value or null
     */
    public Boolean bool(NodeKey key) {
        return (Boolean) refs[key.slot()];
    }

    /**
     * A list of strings.
     *
     * @param key a {@link NodeKey.Kind#LIST} key
     * @return the list (unmodifiable), empty when absent
     */
    @SuppressWarnings("unchecked")
    public List<String> list(NodeKey key) {
        Object v = refs[key.slot()];
        return v == null ? List.of() : (List<String>) v;
    }

    /**
     * The value of any key in its JSON form (Double, String, Boolean, List), or null.
     *
     * @param key the key
     * @return the value
     */
    public Object value(NodeKey key) {
        if (key.kind() == NodeKey.Kind.NUM) {
            double d = nums[key.slot()];
            return Double.isNaN(d) ? null : d;
        }
        return refs[key.slot()];
    }

    /**
     * The properties justpg does not type, in input order.
     *
     * @return an unmodifiable view, empty when none
     */
    public Map<String, Object> extras() {
        return extras == null ? Map.of() : Collections.unmodifiableMap(extras);
    }

    static double toNumber(String name, Object value) {
        if (value instanceof Number) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof String) {
            String s = ((String) value).trim();
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"" + name + "\" must be a number, was \"" + abbreviate(s) + "\"");
            }
        }
        throw new IllegalArgumentException("\"" + name + "\" must be a number, was " + describe(value));
    }

    static Boolean toBoolean(String name, Object value) {
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value instanceof String) {
            String s = ((String) value).trim();
            if (s.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (s.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
        }
        throw new IllegalArgumentException("\"" + name + "\" must be true or false, was " + describe(value));
    }

    static String toText(Object value) {
        if (value instanceof Double && ((Double) value) == Math.rint((Double) value)
                && !((Double) value).isInfinite()) {
            return Long.toString(((Double) value).longValue());
        }
        return value instanceof String ? (String) value : String.valueOf(value);
    }

    static List<String> toList(Object value) {
        if (value instanceof List) {
            List<?> in = (List<?>) value;
            List<String> out = new ArrayList<>(in.size());
            for (Object o : in) {
                out.add(toText(o));
            }
            return Collections.unmodifiableList(out);
        }
        return List.of(toText(value));
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "a list";
        }
        return "\"" + abbreviate(String.valueOf(value)) + "\"";
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
