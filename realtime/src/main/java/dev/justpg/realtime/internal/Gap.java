package dev.justpg.realtime.internal;

import dev.justpg.realtime.Resync;
import java.time.Instant;

/** A queued {@link Resync} that later drops can still be merged into. Guarded by its queue's lock. */
final class Gap {

    private final Resync.Reason reason;
    private final Instant at = Instant.now();
    private long dropped;

    Gap(Resync.Reason reason, long dropped) {
        this.reason = reason;
        this.dropped = dropped;
    }

    void addDropped(long n) {
        dropped += n;
    }

    long dropped() {
        return dropped;
    }

    void setDropped(long n) {
        dropped = n;
    }

    Resync toResync() {
        return new Resync(reason, dropped, at);
    }
}
