package dev.justpg.realtime;

import dev.justpg.core.JustPgException;

/**
 * A payload is 8000 bytes or more in the server encoding, which NOTIFY cannot carry, and
 * spilling is off ({@link PubSub.Builder#spill(boolean)}). Nothing was sent; the caller's
 * transaction is untouched.
 */
public final class PayloadTooLargeException extends JustPgException {

    private static final long serialVersionUID = 1L;

    /** The payload size in bytes, in the server encoding. */
    private final long bytes;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     * @param bytes the payload's size in the server encoding
     */
    public PayloadTooLargeException(String message, long bytes) {
        super(message);
        this.bytes = bytes;
    }

    /**
     * The payload's size in bytes in the server encoding.
     *
     * @return the size
     */
    public long bytes() {
        return bytes;
    }
}
