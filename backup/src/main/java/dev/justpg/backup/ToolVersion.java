package dev.justpg.backup;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of a client tool or server: {@code 15.18} is major 15, minor 18.
 *
 * @param major the major version
 * @param minor the minor version
 * @param text the version as printed
 */
public record ToolVersion(int major, int minor, String text) implements Comparable<ToolVersion> {

    private static final Pattern VERSION = Pattern.compile("(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?");

    /**
     * Parses the output of {@code pg_dump --version} (or a bare version like {@code 15.18}).
     *
     * @param output the tool's output, such as {@code pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)}
     * @return the version
     * @throws IllegalArgumentException when no version is found
     */
    public static ToolVersion parse(String output) {
        String text = output.strip();
        int paren = text.indexOf(')');
        String tail = paren >= 0 ? text.substring(paren + 1) : text;
        Matcher m = VERSION.matcher(tail);
        if (!m.find()) {
            throw new IllegalArgumentException("no version number in " + text);
        }
        int major = Integer.parseInt(m.group(1));
        int minor = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        if (major < 10 && m.group(3) != null) { // 9.6.24: major 9.6 counts as 9, minor 24
            minor = Integer.parseInt(m.group(3));
        }
        return new ToolVersion(major, minor, m.group());
    }

    @Override
    public int compareTo(ToolVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return text;
    }
}
