package dev.justpg.realtime.internal;

import dev.justpg.realtime.Channel;
import dev.justpg.realtime.Message;
import dev.justpg.realtime.OverflowPolicy;
import dev.justpg.realtime.Resync;
import dev.justpg.realtime.SubscribeOptions;
import dev.justpg.realtime.Subscriber;
import dev.justpg.realtime.Subscription;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription: a bounded queue filled by the reader and drained by at most one task at a
 * time, so the handler sees messages one by one, in order. The drain runs on the handler
 * executor, or (with justpg's own threads) on the thread that read the messages, with the reader
 * role lent meanwhile ({@link #claimDrain()}).
 *
 * <p>The reading thread only takes the queue lock for a few instructions; it never waits for the
 * handler. When the queue is full the overflow policy drops messages and leaves a {@link Gap}
 * where they were.
 *
 * @param <T> the payload type
 */
final class SubscriptionImpl<T> implements Subscription, Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionImpl.class);
    private static final int BATCH = 256;

    private final Hub hub;
    private final Channel<T> channel;
    private final Subscriber<T> subscriber;
    private final SubscribeOptions options;
    private final Executor executor;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private int messages;
    private boolean scheduled;
    private volatile boolean closed;
    /** Set once the server listens for this subscription; notifications read before are not its. */
    private volatile boolean live;
    /** Why the subscription ended on its own (a handler's fatal error); {@code null} otherwise. */
    private volatile Throwable failure;
    private volatile long delivered;
    private volatile long dropped;
    private final FailureLog failureLog = new FailureLog();

    SubscriptionImpl(Hub hub, Channel<T> channel, Subscriber<T> subscriber, SubscribeOptions options,
                     Executor executor) {
        this.hub = hub;
        this.channel = channel;
        this.subscriber = subscriber;
        this.options = options;
        this.executor = executor;
    }

    /**
     * Called by the reader for each notification on the channel. Returns whether the drain must
     * be started ({@link #wakeDrain()} or {@link #claimDrain()}), which the reader batches while
     * more notifications are ready to read.
     */
    boolean offer(Raw raw) {
        int droppedNow = 0;
        boolean needsWake;
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            if (messages >= options.queueCapacity()) {
                droppedNow = overflow();
                if (options.overflow() == OverflowPolicy.DROP_OLDEST) {
                    queue.addLast(raw);
                    messages++;
                }
            } else {
                queue.addLast(raw);
                messages++;
            }
            needsWake = !scheduled;
        } finally {
            lock.unlock();
        }
        if (droppedNow > 0) {
            dropped += droppedNow;
            hub.events().dropped(channel.name(), options.overflow(), droppedNow);
        }
        return needsWake;
    }

    /** From now on every notification read on the channel is this subscription's. */
    void goLive() {
        live = true;
    }

    boolean isLive() {
        return live;
    }

    /** Starts a drain task on the executor unless one is already scheduled. */
    void wakeDrain() {
        if (claimDrain()) {
            submit();
        }
    }

    /**
     * Claims the drain for the caller, who then runs it ({@link #run()}) or passes it to the
     * executor ({@link #submitClaimed()}).
     *
     * @return {@code false} when a drain is already scheduled (it will see the new messages)
     */
    boolean claimDrain() {
        lock.lock();
        try {
            return claimLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: whether a drain must be started (none is scheduled yet); marks it scheduled. */
    private boolean claimLocked() {
        boolean claimed = !scheduled;
        scheduled = true;
        return claimed;
    }

    /** Submits a drain claimed with {@link #claimDrain()} to the executor. */
    void submitClaimed() {
        submit();
    }

    /** Applies the overflow policy to a full queue; returns how many messages it dropped. */
    private int overflow() {
        switch (options.overflow()) {
            case DROP_NEWEST: {
                Object tail = queue.peekLast();
                if (tail instanceof Gap) {
                    ((Gap) tail).addDropped(1);
                } else {
                    queue.addLast(newGap(Resync.Reason.OVERFLOW, 1));
                }
                return 1;
            }
            case DROP_OLDEST: {
                Iterator<Object> it = queue.iterator();
                while (it.hasNext()) {
                    if (it.next() instanceof Raw) {
                        it.remove();
                        messages--;
                        break;
                    }
                }
                Object head = queue.peekFirst();
                if (head instanceof Gap) {
                    ((Gap) head).addDropped(1);
                } else {
                    queue.addFirst(newGap(Resync.Reason.OVERFLOW, 1));
                }
                return 1;
            }
            case RESYNC:
            default: {
                // Drop every queued message and the new one; one gap (carrying earlier gaps'
                // counts) replaces them all.
                long earlier = 0;
                Gap kept = null;
                for (Object o : queue) {
                    if (o instanceof Gap) {
                        kept = (Gap) o;
                        earlier += kept.dropped();
                    }
                }
                int n = messages + 1;
                queue.clear();
                messages = 0;
                if (kept == null) {
                    kept = newGap(Resync.Reason.OVERFLOW, n);
                } else {
                    kept.setDropped(earlier + n);
                }
                queue.addLast(kept);
                return n;
            }
        }
    }

    private Gap newGap(Resync.Reason reason, long n) {
        hub.events().resyncQueued();
        return new Gap(reason, n);
    }

    /** Queues a gap (for a reconnect), merged with a gap already at the tail. */
    void resync(Resync.Reason reason) {
        boolean submit;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (!(queue.peekLast() instanceof Gap)) {
                queue.addLast(newGap(reason, 0));
            }
            submit = claimLocked();
        } finally {
            lock.unlock();
        }
        if (submit) {
            submit();
        }
    }

    private void submit() {
        try {
            executor.execute(this);
        } catch (RejectedExecutionException e) {
            lock.lock();
            try {
                scheduled = false;
            } finally {
                lock.unlock();
            }
            if (!closed && !hub.isClosed()) {
                LOG.warn("the handler executor rejected delivery for channel {}; {} message(s) wait until the next"
                        + " notification", channel.name(), messages, e);
            }
        }
    }

    /**
     * Delivers up to a batch of queued entries, then yields the thread (resubmits itself) if more
     * remain. Only ever runs after a successful claim, so at most one runs at a time.
     */
    @Override
    public void run() {
        try {
            drainBatch();
        } catch (Throwable unexpected) {
            // Only justpg code runs outside the handler guards: end visibly rather than stall.
            end(unexpected);
        }
    }

    private void drainBatch() {
        for (int i = 0; i < BATCH; i++) {
            Object next;
            int depth;
            lock.lock();
            try {
                next = closed ? null : queue.pollFirst();
                if (next == null) {
                    scheduled = false;
                    return;
                } else if (next instanceof Raw) {
                    messages--;
                }
                depth = messages;
            } finally {
                lock.unlock();
            }
            deliver(next, depth);
        }
        lock.lock();
        try {
            if (queue.isEmpty() || closed) {
                scheduled = false;
                return;
            }
        } finally {
            lock.unlock();
        }
        submit();
    }

    private void deliver(Object entry, int depth) {
        if (entry instanceof Gap) {
            deliverResync(((Gap) entry).toResync());
            return;
        }
        Raw raw = (Raw) entry;
        Envelope env = Envelope.decode(raw.payload());
        String text = env.body();
        if (env.spillId() != 0) {
            Optional<String> spilled;
            try {
                spilled = hub.readSpilled(env.spillId());
            } catch (RuntimeException e) {
                LOG.warn("could not read spilled payload {} for channel {}", env.spillId(), channel.name(), e);
                spilled = Optional.empty();
            }
            if (spilled.isEmpty()) {
                hub.events().resyncQueued();
                deliverResync(new Resync(Resync.Reason.PAYLOAD_LOST, 1, java.time.Instant.now()));
                return;
            }
            text = spilled.get();
        }
        T value;
        try {
            value = channel.codec().decode(text);
        } catch (RuntimeException e) {
            hub.events().decodeFailed(channel.name(), text, e);
            return;
        }
        Throwable thrown = null;
        try {
            subscriber.onMessage(Message.of(channel, value, env.id(), raw.senderPid()));
        } catch (Throwable e) {
            thrown = e;
        }
        delivered++;
        if (thrown != null) {
            handlerThrew(thrown);
        }
        hub.events().delivered(channel.name(), depth);
    }

    private void deliverResync(Resync resync) {
        hub.events().resyncDelivered(channel.name(), resync);
        try {
            subscriber.onResync(resync);
        } catch (Throwable e) {
            handlerThrew(e);
        }
    }

    /**
     * A handler threw: reported (log rate-limited, counted, listener told), then delivery goes on,
     * unless the error says the JVM itself is failing ({@link HandlerErrors#endsSubscription}),
     * which ends the subscription visibly.
     */
    private void handlerThrew(Throwable e) {
        boolean ends = HandlerErrors.endsSubscription(e);
        hub.events().handlerFailed(channel.name(), e, failureLog, ends);
        if (ends) {
            end(e);
        }
    }

    /** Ends the subscription on its own: closed, queue discarded, unlistened, reported. */
    private void end(Throwable cause) {
        lock.lock();
        try {
            if (closed) {
                scheduled = false;
                return;
            }
            failure = cause;
            closed = true;
            queue.clear();
            messages = 0;
            scheduled = false;
        } finally {
            lock.unlock();
        }
        hub.unsubscribe(this);
        hub.events().subscriptionEnded(channel.name(), cause);
    }

    @Override
    public String channel() {
        return channel.name();
    }

    @Override
    public int queueDepth() {
        lock.lock();
        try {
            return messages;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long delivered() {
        return delivered;
    }

    @Override
    public long dropped() {
        return dropped;
    }

    @Override
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public boolean isOpen() {
        return !closed && !hub.isClosed();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        discard();
        hub.unsubscribe(this);
    }

    /** Stops delivery and empties the queue (for close, of this subscription or of the PubSub). */
    void discard() {
        lock.lock();
        try {
            closed = true;
            queue.clear();
            messages = 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Subscription[" + channel.name() + ", queued=" + queueDepth() + ", delivered=" + delivered
                + ", dropped=" + dropped + (isOpen() ? "" : ", closed")
                + (failure == null ? "" : ", ended by " + failure) + "]";
    }
}
