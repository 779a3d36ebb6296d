package dev.justpg.realtime.internal;

import dev.justpg.realtime.Resync;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the reader puts what it reads: each notification goes into the queues of the live
 * subscriptions of its channel, and the drains of the subscriptions that got messages are started
 * at the next flush, or (with justpg's own threads) claimed by the reader itself
 * ({@link #claimOne()}). Used by the thread holding the reader role only.
 */
final class Dispatcher implements NotificationSink {

    private final ChannelRegistry registry;
    private final HubEvents events;
    /** Whether the reader runs drains itself (justpg's own threads) rather than start them all. */
    private final boolean readerRunsDrains;
    /** Subscriptions whose drain must be started at the next flush. */
    private final List<SubscriptionImpl<?>> toWake = new ArrayList<>();

    Dispatcher(ChannelRegistry registry, HubEvents events, boolean readerRunsDrains) {
        this.registry = registry;
        this.events = events;
        this.readerRunsDrains = readerRunsDrains;
    }

    /**
     * Hands a notification to the live subscriptions of its channel. A subscription that is not
     * live yet (its {@code LISTEN} has not completed) gets nothing: what was read before may
     * predate an {@code UNLISTEN} that followed, so handing it on would leave a gap without a
     * {@link Resync} between it and the messages after the {@code LISTEN}.
     */
    @Override
    public void accept(int senderPid, String channel, String payload) {
        events.received();
        ChannelEntry entry = registry.get(channel);
        if (entry == null) {
            return;
        }
        Raw raw = new Raw(senderPid, payload);
        for (SubscriptionImpl<?> s : entry.subscriptions) {
            if (s.isLive() && s.offer(raw) && !toWake.contains(s)) {
                toWake.add(s);
            }
        }
    }

    /**
     * With justpg's own threads: whether the reader should stop reading to hand drains on. With a
     * caller's executor the drains start here, and reading goes on.
     */
    @Override
    public boolean flush() {
        if (readerRunsDrains) {
            return !toWake.isEmpty();
        }
        wakeDrains();
        return false;
    }

    /** Whether some subscriptions got messages since the drains were last started. */
    boolean hasWork() {
        return !toWake.isEmpty();
    }

    /** Starts the drains of the subscriptions that got messages since the last flush. */
    void wakeDrains() {
        for (int i = 0; i < toWake.size(); i++) {
            toWake.get(i).wakeDrain();
        }
        toWake.clear();
    }

    /**
     * Claims the first ready subscription's drain for the calling thread (with justpg's own
     * threads) and starts the others' drains.
     *
     * @return the claimed subscription, whose drain the caller runs or submits, or {@code null}
     */
    SubscriptionImpl<?> claimOne() {
        SubscriptionImpl<?> mine = null;
        for (int i = 0; i < toWake.size(); i++) {
            SubscriptionImpl<?> s = toWake.get(i);
            if (mine == null && readerRunsDrains && s.claimDrain()) {
                mine = s;
            } else {
                s.wakeDrain();
            }
        }
        toWake.clear();
        return mine;
    }
}
