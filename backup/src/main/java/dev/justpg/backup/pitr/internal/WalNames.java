package dev.justpg.backup.pitr.internal;

import java.util.regex.Pattern;

/** Names of files in a WAL archive: segments, partial segments, backup history and timeline history. */
public final class WalNames {

    private static final Pattern SEGMENT = Pattern.compile("[0-9A-F]{24}");
    private static final Pattern PARTIAL = Pattern.compile("[0-9A-F]{24}\\.partial");
    private static final Pattern BACKUP = Pattern.compile("[0-9A-F]{24}\\.[0-9A-F]{8}\\.backup");
    private static final Pattern HISTORY = Pattern.compile("[0-9A-F]{8}\\.history");

    private WalNames() {
    }

    /**
     * Whether a name is a full WAL segment ({@code 000000010000000000000003}).
     *
     * @param name the file name
     * @return {@code true} for a segment
     */
    public static boolean isSegment(String name) {
        return SEGMENT.matcher(name).matches();
    }

    /**
     * Whether a name is a segment, a partial segment or a backup history file: the files that
     * belong to a position in the WAL and can be cleaned up once no kept backup needs them.
     *
     * @param name the file name
     * @return {@code true} when the file has a WAL position
     */
    public static boolean hasPosition(String name) {
        return isSegment(name) || PARTIAL.matcher(name).matches() || BACKUP.matcher(name).matches();
    }

    /**
     * Whether a name is a timeline history file ({@code 00000002.history}), which is always kept.
     *
     * @param name the file name
     * @return {@code true} for a history file
     */
    public static boolean isHistory(String name) {
        return HISTORY.matcher(name).matches();
    }

    /**
     * Whether a file lies before a segment in the WAL, ignoring timelines (as
     * {@code pg_archivecleanup} does: a segment position is the same bytes on every timeline).
     *
     * @param name a file with a position ({@link #hasPosition(String)})
     * @param segment the first segment to keep
     * @return {@code true} when {@code name} is older than {@code segment}
     */
    public static boolean isBefore(String name, String segment) {
        return name.substring(8, 24).compareTo(segment.substring(8, 24)) < 0;
    }
}
