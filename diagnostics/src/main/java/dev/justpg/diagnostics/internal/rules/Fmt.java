package dev.justpg.diagnostics.internal.rules;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Number formatting and evidence maps for finding texts. */
final class Fmt {

    private Fmt() {
    }

    static String n(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, "%,.1f", v);
    }

    static String ms(double v) {
        return String.format(Locale.ROOT, v < 10 ? "%.3f ms" : "%,.1f ms", v);
    }

    static String pct(double share) {
        return String.format(Locale.ROOT, share < 0.001 ? "%.3f%%" : share < 0.1 ? "%.1f%%" : "%.0f%%", 100 * share);
    }

    static Map<String, Double> evidence(Object... nameValue) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            Object v = nameValue[i + 1];
            if (v instanceof Number && !Double.isNaN(((Number) v).doubleValue())) {
                m.put((String) nameValue[i], ((Number) v).doubleValue());
            }
        }
        return m;
    }

    /** A work_mem value covering {@code kb} kilobytes, rounded up to a power of two megabytes. */
    static String workMem(double kb) {
        long mb = 1;
        while (mb * 1024 < kb) {
            mb *= 2;
        }
        return mb >= 1024 && mb % 1024 == 0 ? (mb / 1024) + "GB" : mb + "MB";
    }
}
