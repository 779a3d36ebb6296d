package dev.justpg.realtime.internal;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * An ErrorResponse or NoticeResponse read off the wire.
 *
 * @param severity the non-localized severity ({@code ERROR}, {@code FATAL}, {@code PANIC}, ...)
 * @param sqlState the SQLSTATE
 * @param message the primary message
 */
record ServerError(String severity, String sqlState, String message) {

    /**
     * Parses the body of an ErrorResponse / NoticeResponse: (type byte, C string)* then 0.
     *
     * @param body the message body
     * @return the error
     */
    static ServerError parse(byte[] body) {
        String severity = "ERROR";
        String localized = null;
        String code = null;
        String message = "";
        int i = 0;
        while (i < body.length && body[i] != 0) {
            byte type = body[i++];
            int end = i;
            while (end < body.length && body[end] != 0) {
                end++;
            }
            String value = new String(body, i, end - i, StandardCharsets.UTF_8);
            i = end + 1;
            switch (type) {
                case 'V':
                    severity = value;
                    break;
                case 'S':
                    localized = value;
                    break;
                case 'C':
                    code = value;
                    break;
                case 'M':
                    message = value;
                    break;
                default:
                    break;
            }
        }
        if (localized != null && "ERROR".equals(severity) && (localized.equals("FATAL") || localized.equals("PANIC"))) {
            severity = localized;
        }
        return new ServerError(severity, code, message);
    }

    /**
     * Whether the server ends the session after this error.
     *
     * @return {@code true} for FATAL and PANIC
     */
    boolean fatal() {
        return severity.equals("FATAL") || severity.equals("PANIC");
    }

    /**
     * As a {@link SQLException}, the cause justpg exceptions keep.
     *
     * @return the exception
     */
    SQLException toSqlException() {
        return new SQLException(severity + ": " + message, sqlState);
    }
}
