package dev.justpg.realtime.internal;

import dev.justpg.core.SqlStates;
import dev.justpg.realtime.OverflowPolicy;
import dev.justpg.realtime.PubSubListener;
import dev.justpg.realtime.PubSubStats;
import dev.justpg.realtime.Resync;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a hub reports: its counters, the caller's {@link PubSubListener} and the log lines about
 * deliveries and failures. Called from whichever thread reads or runs a handler; thread-safe.
 */
final class HubEvents {

    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);

    private final PubSubListener listener;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();
    private final AtomicLong handlerFailures = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();

    HubEvents(PubSubListener listener) {
        this.listener = listener;
    }

    void received() {
        received.incrementAndGet();
    }

    void connected(int backendPid, boolean reconnect) {
        connects.incrementAndGet();
        if (reconnect) {
            reconnects.incrementAndGet();
        }
    }

    void notifyConnected(int backendPid, boolean reconnect) {
        notifyListener(l -> l.onConnected(backendPid, reconnect));
    }

    void disconnected(int attempt, Duration delay, Throwable cause) {
        notifyListener(l -> l.onDisconnected(attempt, delay, cause));
    }

    void delivered(String channel, int depth) {
        delivered.incrementAndGet();
        if (listener != PubSubListener.NONE) {
            notifyListener(l -> l.onDelivered(channel, depth));
        }
    }

    void dropped(String channel, OverflowPolicy policy, int count) {
        dropped.addAndGet(count);
        notifyListener(l -> l.onDropped(channel, policy, count));
    }

    void resyncQueued() {
        resyncs.incrementAndGet();
    }

    void resyncDelivered(String channel, Resync resync) {
        notifyListener(l -> l.onResync(channel, resync));
    }

    void decodeFailed(String channel, String payload, RuntimeException e) {
        LOG.warn("justpg PubSub could not decode a payload on channel {}; skipped it: {}", channel, e.toString());
        String shown = payload.length() > 200 ? payload.substring(0, 200) : payload;
        notifyListener(l -> l.onDecodeFailure(channel, shown, e));
    }

    /**
     * A subscriber threw: counted, logged (a WARN with the stack trace at most once a minute per
     * subscription, or an ERROR when the subscription ends), and the listener told.
     */
    void handlerFailed(String channel, Throwable e, FailureLog log, boolean ends) {
        handlerFailures.incrementAndGet();
        if (ends) {
            LOG.error("a subscriber on channel {} threw {}; its subscription ends", channel, e.toString(), e);
        } else {
            long skipped = log.record(System.nanoTime());
            if (skipped >= 0) {
                LOG.warn("a subscriber on channel {} threw; delivery continues{}", channel,
                        skipped == 0 ? "" : " (" + skipped + " more failure(s) since the last warning were not"
                                + " logged; this warning comes at most once a minute per subscription)", e);
            } else if (LOG.isDebugEnabled()) {
                LOG.debug("a subscriber on channel {} threw: {}", channel, e.toString());
            }
        }
        notifyListener(l -> l.onHandlerFailure(channel, e));
    }

    void subscriptionEnded(String channel, Throwable cause) {
        notifyListener(l -> l.onSubscriptionEnded(channel, cause));
    }

    /** Calls the listener; whatever it throws is logged and ignored. */
    private void notifyListener(Consumer<PubSubListener> call) {
        try {
            call.accept(listener);
        } catch (Throwable e) {
            LOG.warn("a PubSubListener threw; ignored", e);
        }
    }

    PubSubStats stats(ListenConnection current, int subscriptions, int channels, long queueDepth) {
        return new PubSubStats(current != null, current == null ? 0 : current.backendPid(), connects.get(),
                reconnects.get(), received.get(), delivered.get(), dropped.get(), resyncs.get(), subscriptions,
                channels, queueDepth, handlerFailures.get());
    }

    /** A failure for the log: its SQLSTATE, if any, and its message. */
    static String describe(Throwable e) {
        String state = SqlStates.find(e).map(s -> "SQLSTATE " + s + ": ").orElse("");
        return state + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
}
