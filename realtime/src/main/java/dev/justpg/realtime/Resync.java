package dev.justpg.realtime;

import java.time.Instant;
import java.util.Objects;

/**
 * A gap: messages may have been lost before this point, so the application should re-read the
 * state it derives from the channel (for example reload the dashboard from its tables).
 *
 * <p>LISTEN/NOTIFY keeps nothing for a session that is not connected, so every reconnect is a
 * gap. justpg re-runs {@code LISTEN} for every channel first and only then delivers a
 * {@code Resync}, so every message committed after the {@code Resync} is delivered after it.
 *
 * @param reason why there is a gap
 * @param dropped how many messages this subscription dropped because its queue was full (for
 *     {@link Reason#OVERFLOW}); 0 when unknown, as for a reconnect
 * @param at when the gap was detected
 */
public record Resync(Reason reason, long dropped, Instant at) {

    /** Why a subscription may have missed messages. */
    public enum Reason {
        /** The listening connection was lost and re-established; nothing published meanwhile reached it. */
        RECONNECTED,
        /** The subscription's queue was full and its {@link OverflowPolicy} dropped messages. */
        OVERFLOW,
        /** A spilled payload could not be read any more (removed after the spill retention). */
        PAYLOAD_LOST
    }

    /**
     * Validates the fields.
     *
     * @param reason see the record description
     * @param dropped see the record description
     * @param at see the record description
     * @throws NullPointerException when reason or at is null
     * @throws IllegalArgumentException when dropped is negative
     */
    public Resync {
        Objects.requireNonNull(reason, "reason must not be null");
        Objects.requireNonNull(at, "at must not be null");
        if (dropped < 0) {
            throw new IllegalArgumentException("dropped must not be negative, was " + dropped);
        }
    }
}
