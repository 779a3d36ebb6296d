package dev.justpg.realtime.internal;

/**
 * The small header justpg puts in front of a payload when it must carry more than the payload:
 * a message id, or the id of a spilled payload. Plain payloads are sent as they are, so other
 * NOTIFY clients and SQL triggers interoperate.
 *
 * <p>Format: {@code RS "jpg1" (";id=" id)? (";spill=" number)? RS body}, where RS is the ASCII
 * record separator U+001E. A plain payload that happens to start with that prefix is wrapped in
 * an empty envelope so it arrives unchanged.
 *
 * @param id the message id, or null
 * @param spillId the spill row id, or 0 when the body is the payload
 * @param body the payload (empty when spilled)
 */
public record Envelope(String id, long spillId, String body) {

    /** The record separator that opens and closes the header. */
    public static final char RS = '\u001E';
    private static final String PREFIX = RS + "jpg1";

    /**
     * Checks a message id: 1 to 200 characters, none of them NUL, ';' or U+001E.
     *
     * @param id the id
     * @return the id
     * @throws IllegalArgumentException naming the broken rule
     */
    public static String checkId(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("message id must not be empty (pass no id instead)");
        }
        if (id.length() > 200) {
            throw new IllegalArgumentException("message id must be at most 200 characters, was " + id.length());
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == 0 || c == ';' || c == RS) {
                throw new IllegalArgumentException("message id must not contain NUL, ';' or U+001E (found at index "
                        + i + ")");
            }
        }
        return id;
    }

    /**
     * The text to send for a payload.
     *
     * @param id the message id, or null
     * @param spillId the spill row id, or 0
     * @param body the payload ("" when spilled)
     * @return the payload itself when no header is needed, else header and body
     */
    public static String encode(String id, long spillId, String body) {
        if (id == null && spillId == 0 && !body.startsWith(PREFIX)) {
            return body;
        }
        StringBuilder sb = new StringBuilder(body.length() + 32).append(PREFIX);
        if (id != null) {
            sb.append(";id=").append(id);
        }
        if (spillId != 0) {
            sb.append(";spill=").append(spillId);
        }
        return sb.append(RS).append(body).toString();
    }

    /**
     * Reads a received payload.
     *
     * @param text the payload as received
     * @return the envelope; a plain payload gives one with no id and no spill
     */
    public static Envelope decode(String text) {
        if (!text.startsWith(PREFIX)) {
            return new Envelope(null, 0, text);
        }
        int end = text.indexOf(RS, PREFIX.length());
        if (end < 0) {
            return new Envelope(null, 0, text);
        }
        String id = null;
        long spill = 0;
        for (String field : text.substring(PREFIX.length(), end).split(";")) {
            if (field.startsWith("id=")) {
                id = field.substring(3);
            } else if (field.startsWith("spill=")) {
                try {
                    spill = Long.parseLong(field.substring(6));
                } catch (NumberFormatException e) {
                    return new Envelope(null, 0, text);
                }
            }
        }
        return new Envelope(id, spill, text.substring(end + 1));
    }
}
