package dev.justpg.diagnostics.health.internal;

import java.util.Locale;

/** Numbers for humans in explanations: bytes, durations, percentages. */
public final class Fmt {

    private Fmt() {
    }

    /**
     * Bytes as B, kB, MB, GB, TB (powers of 1024, as PostgreSQL's {@code pg_size_pretty}).
     *
     * @param bytes the bytes
     * @return the text
     */
    public static String bytes(double bytes) {
        String[] units = {"bytes", "kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = 0;
        while (Math.abs(v) >= 10 * 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f %s", v, units[u])
                : String.format(Locale.ROOT, "%.0f %s", v, units[u]);
    }

    /**
     * Seconds as a short duration ({@code 42 s}, {@code 7 min}, {@code 3.5 h}, {@code 12 days}).
     *
     * @param seconds the seconds
     * @return the text
     */
    public static String seconds(double seconds) {
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(Locale.ROOT, "%.0f min", seconds / 60);
        }
        if (seconds < 172800) {
            return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
        }
        return String.format(Locale.ROOT, "%.0f days", seconds / 86400);
    }

    /**
     * A fraction as a percentage.
     *
     * @param fraction 0 to 1
     * @return for example {@code 83%}
     */
    public static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }

    /**
     * A count with thousands separators.
     *
     * @param n the number
     * @return for example {@code 1,200,000}
     */
    public static String count(double n) {
        return String.format(Locale.ROOT, "%,.0f", n);
    }

    /**
     * Milliseconds with sensible precision.
     *
     * @param ms milliseconds
     * @return for example {@code 312 ms}
     */
    public static String ms(double ms) {
        return ms >= 10_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000) : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    /**
     * One line of a query, cut.
     *
     * @param query the text
     * @param max the maximum length
     * @return the cut text
     */
    public static String oneLine(String query, int max) {
        String s = query.replaceAll("\\s+", " ").strip();
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
