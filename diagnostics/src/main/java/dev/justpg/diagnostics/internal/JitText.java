package dev.justpg.diagnostics.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the lines of the TEXT {@code JIT:} section into the JSON structure. */
final class JitText {

    private static final Pattern WORD_BOOL = Pattern.compile("(\\w+) (true|false)");
    private static final Pattern WORD_MS = Pattern.compile("(\\w+) ([0-9.]+) ms(?: \\(Deform ([0-9.]+) ms\\))?");

    private JitText() {
    }

    /**
     * Applies one line of the section.
     *
     * @param text the line, stripped
     * @param jit the JIT object being built
     */
    static void apply(String text, Map<String, Object> jit) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            jit.put("Unparsed", text);
            return;
        }
        String label = text.substring(0, colon).strip();
        String value = text.substring(colon + 1).strip();
        switch (label) {
            case "Functions":
                jit.put("Functions", Double.parseDouble(value));
                break;
            case "Options": {
                Map<String, Object> options = new LinkedHashMap<>();
                Matcher m = WORD_BOOL.matcher(value);
                while (m.find()) {
                    options.put(m.group(1), Boolean.parseBoolean(m.group(2)));
                }
                jit.put("Options", options);
                break;
            }
            case "Timing": {
                Map<String, Object> timing = new LinkedHashMap<>();
                Matcher m = WORD_MS.matcher(value);
                while (m.find()) {
                    double ms = Double.parseDouble(m.group(2));
                    if (m.group(3) != null) {
                        Map<String, Object> generation = new LinkedHashMap<>();
                        generation.put("Deform", Double.parseDouble(m.group(3)));
                        generation.put("Total", ms);
                        timing.put(m.group(1), generation);
                    } else {
                        timing.put(m.group(1), ms);
                    }
                }
                jit.put("Timing", timing);
                break;
            }
            default:
                jit.put(label, value);
                break;
        }
    }
}
