package dev.justpg.backup.pitr;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WAL location (log sequence number) as PostgreSQL prints it, {@code 16/B374D848}: two
 * hexadecimal halves of a 64-bit byte position.
 *
 * @param value the 64-bit position (compared unsigned)
 */
public record Lsn(long value) implements Comparable<Lsn> {

    private static final Pattern TEXT = Pattern.compile("([0-9A-Fa-f]{1,8})/([0-9A-Fa-f]{1,8})");

    /**
     * Parses {@code X/Y} as PostgreSQL prints a {@code pg_lsn}.
     *
     * @param text the text, such as {@code 0/3000060}
     * @return the LSN
     * @throws IllegalArgumentException when the text is not of that form
     */
    public static Lsn parse(String text) {
        Matcher m = text == null ? null : TEXT.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a WAL location: write it as PostgreSQL prints a"
                    + " pg_lsn, two hexadecimal numbers separated by '/', such as 0/3000060");
        }
        return new Lsn((Long.parseLong(m.group(1), 16) << 32) | Long.parseLong(m.group(2), 16));
    }

    /**
     * The name of the WAL segment file that holds this location.
     *
     * @param timeline the timeline, 1 or more
     * @param segmentSize the server's {@code wal_segment_size} in bytes (a power of two)
     * @return the 24-character file name, such as {@code 000000010000000000000003}
     */
    public String segmentFileName(int timeline, long segmentSize) {
        if (timeline < 1) {
            throw new IllegalArgumentException("timeline must be 1 or more, was " + timeline);
        }
        if (segmentSize <= 0 || Long.bitCount(segmentSize) != 1) {
            throw new IllegalArgumentException("segmentSize must be a power of two, was " + segmentSize);
        }
        long segno = Long.divideUnsigned(value, segmentSize);
        long perId = Long.divideUnsigned(0x1_0000_0000L, segmentSize);
        return String.format(Locale.ROOT, "%08X%08X%08X", timeline, Long.divideUnsigned(segno, perId),
                Long.remainderUnsigned(segno, perId));
    }

    @Override
    public int compareTo(Lsn o) {
        return Long.compareUnsigned(value, o.value);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%X/%X", value >>> 32, value & 0xFFFF_FFFFL);
    }
}
