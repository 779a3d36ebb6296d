package dev.justpg.realtime.internal;

import dev.justpg.core.internal.Jdbc;
import java.sql.Connection;
import java.util.Locale;

/**
 * Sizes payloads in the server encoding, where NOTIFY's limit applies: a payload must be shorter
 * than {@value #NOTIFY_LIMIT} bytes ({@code BLCKSZ - NAMEDATALEN - 128} in a default build).
 */
public final class PayloadSize {

    /** NOTIFY rejects payloads of this many bytes or more. */
    public static final int NOTIFY_LIMIT = 8000;

    private final boolean utf8Bytes;

    private PayloadSize(boolean utf8Bytes) {
        this.utf8Bytes = utf8Bytes;
    }

    /**
     * Sizing for a server encoding.
     *
     * @param serverEncoding the value of {@code server_encoding}
     * @return the sizer
     */
    public static PayloadSize forEncoding(String serverEncoding) {
        String e = serverEncoding.toUpperCase(Locale.ROOT);
        // pgjdbc always talks UTF-8; SQL_ASCII stores the bytes it gets, UTF8 is UTF-8.
        return new PayloadSize(e.equals("UTF8") || e.equals("SQL_ASCII"));
    }

    /**
     * The encoding of the connected database.
     *
     * @param c a connection to it
     * @return the sizer
     */
    public static PayloadSize of(Connection c) {
        return forEncoding(Jdbc.query(c, "select current_setting('server_encoding')", r -> r.getString(1)).get(0));
    }

    /**
     * The payload's size in the server encoding when it may reach the limit, else a smaller
     * figure that is still below it. No server work for UTF-8 databases or for short payloads:
     * no server encoding needs more than twice the UTF-8 bytes.
     *
     * @param c a connection, used only for the rare exact check on a non-UTF-8 database
     * @param text the payload
     * @return the size for the limit check
     */
    public long bytes(Connection c, String text) {
        long utf8 = utf8Length(text);
        if (utf8Bytes || utf8 * 2 < NOTIFY_LIMIT) {
            return utf8;
        }
        return Jdbc.query(c, "select octet_length(?::text)", r -> r.getLong(1), text).get(0);
    }

    /**
     * Counts UTF-8 bytes without encoding.
     *
     * @param s the text
     * @return its length in UTF-8
     */
    public static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
