package dev.justpg.realtime.internal;

import dev.justpg.core.Identifier;
import dev.justpg.core.JustPgException;
import dev.justpg.core.SqlStates;
import dev.justpg.core.UnsupportedFeatureException;
import dev.justpg.core.internal.Jdbc;
import dev.justpg.realtime.Channel;
import dev.justpg.realtime.PubSubStats;
import dev.justpg.realtime.Resync;
import dev.justpg.realtime.SubscribeOptions;
import dev.justpg.realtime.Subscriber;
import dev.justpg.realtime.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@code PubSub}: the reader role that owns the listening connection,
 * reconnects, and close. What the reader reads goes to the subscriptions through the
 * {@link Dispatcher}; the channel registry and the server's listening state are in
 * {@link ChannelRegistry}; counters, the listener and the delivery log lines in {@link HubEvents}.
 *
 * <p>Exactly one thread at a time holds the reader role: it reads notifications and runs
 * {@code LISTEN}/{@code UNLISTEN} itself, reconciling what the server listens to with the
 * registry whenever a subscription comes or goes. After every (re)connect it first runs
 * {@code LISTEN} for every channel, checks that a notification sent from another session arrives
 * (a pooler in transaction mode fails here), and only then queues a {@link Resync} for every
 * subscription that was active before and hands on what it read. Every listening hub also removes
 * expired spilled payloads about once a minute ({@link SpillStore#sweepSql()}).
 *
 * <p>Who holds the role depends on the handler executor. With a caller's executor one dedicated
 * thread holds it for the hub's life and hands each message to a drain task on that executor.
 * With justpg's own threads ({@link WorkerPool}), once the reader has read notifications and
 * nothing more is buffered, it lends the role and runs the first ready subscription's drain
 * itself, without handing the message to another thread, then takes the role back and reads on.
 * If the drain runs past 5 ms, the pool's watcher thread takes the role and reads instead, so
 * a slow handler holds up reading for 5 to 10 ms at most. While bytes are
 * still buffered the role stays where it is.
 */
public final class Hub {

    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
    private static final String PROBE_PREFIX = "justpg_probe_";

    private final HubConfig config;
    private final ChannelRegistry registry = new ChannelRegistry();
    private final HubEvents events;
    /** Counted down when the reader has stopped and let go of the connection. */
    private final CountDownLatch readerDone = new CountDownLatch(1);
    /** justpg's own threads, or {@code null} with a caller's executor. */
    private final WorkerPool workers;
    private final Executor handlers;
    /** Where the reader puts what it reads; reader role only. */
    private final Dispatcher sink;
    private final ReentrantLock sleepLock = new ReentrantLock();
    private final Condition wake = sleepLock.newCondition();
    private volatile ListenConnection current;
    private volatile boolean closed;
    private volatile Throwable lastFailure;
    /** The thread holding the reader role, if any (for close() to interrupt a stuck one). */
    private volatile Thread roleHolder;
    /** Under the registry lock: whether the reader has been started. */
    private boolean started;
    /** With a caller's executor: the one reading thread. */
    private Thread ioThread;

    // Reader state: used only by the thread holding the reader role. Handing the role on goes
    // through the worker pool's lock, which orders one holder's writes before the next's reads.
    private ListenConnection lc;
    private int attempt;
    private boolean everConnected;
    private long lastTraffic;
    private long lastSweep;
    private boolean sweepFailureLogged;

    /**
     * An engine; nothing starts until the first subscription.
     *
     * @param config the settings
     */
    public Hub(HubConfig config) {
        this.config = config;
        this.events = new HubEvents(config.listener());
        this.workers = config.handlers() == null ? new WorkerPool(config.threads(), this::lead) : null;
        this.handlers = workers != null ? workers : config.handlers();
        this.sink = new Dispatcher(registry, events, workers != null);
    }

    /**
     * Subscribes; see {@code PubSub.subscribe}.
     *
     * @param channel the channel
     * @param options queue settings
     * @param subscriber the handler
     * @param <T> the payload type
     * @return the active subscription
     */
    public <T> Subscription subscribe(Channel<T> channel, SubscribeOptions options, Subscriber<T> subscriber) {
        SubscriptionImpl<T> sub = new SubscriptionImpl<>(this, channel, subscriber, options, handlers);
        ChannelEntry entry;
        synchronized (registry.lock()) {
            if (closed) {
                throw new IllegalStateException("this PubSub is closed; build a new one");
            }
            startIfNeeded();
            entry = registry.add(sub, channel.name(), channel.quotedName());
        }
        wakeup();
        try {
            entry.ready.get(config.subscribeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return sub;
        } catch (ExecutionException e) {
            sub.close();
            Throwable cause = e.getCause();
            if (cause instanceof JustPgException) {
                throw (JustPgException) cause;
            }
            throw new JustPgException("could not LISTEN on channel " + channel.name() + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            sub.close();
            Throwable last = lastFailure;
            throw new JustPgException("could not start listening on channel " + channel.name() + " within "
                    + config.subscribeTimeout().toMillis() + " ms"
                    + (last == null ? "" : ": " + last.getMessage())
                    + "; check that the server is reachable (justpg keeps reconnecting in the background)", last);
        } catch (InterruptedException e) {
            sub.close();
            Thread.currentThread().interrupt();
            throw new JustPgException("interrupted while waiting for LISTEN on channel " + channel.name(), e);
        }
    }

    void unsubscribe(SubscriptionImpl<?> sub) {
        registry.remove(sub);
        wakeup();
    }

    /** Under the registry lock: starts the reader with the first subscription. */
    private void startIfNeeded() {
        if (started) {
            return;
        }
        if (workers != null) {
            if (!workers.handOffRole()) {
                throw new JustPgException("justpg PubSub could not start a thread to listen with; see the log");
            }
        } else {
            ioThread = config.threads().newThread(this::lead);
            ioThread.start();
        }
        started = true;
    }

    private void wakeup() {
        ListenConnection c = current;
        if (c != null) {
            c.wakeup();
        }
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return {@code true} once closing started
     */
    public boolean isClosed() {
        return closed;
    }

    // ---- the reader role ----

    /**
     * Holds the reader role: connects, reads and reconnects until it has a drain to run on this
     * thread, which it returns after lending the role (only with justpg's own threads), or until
     * the hub closes, when it lets go of the connection and returns {@code null}. With a caller's
     * executor the one reading thread runs this until close.
     */
    private Runnable lead() {
        roleHolder = Thread.currentThread();
        while (!closed) {
            try {
                if (lc == null) {
                    ListenConnection opened = config.connector().open();
                    lc = opened;
                    connect(opened, everConnected);
                    everConnected = true;
                    attempt = 0;
                    lastFailure = null;
                    lastTraffic = System.nanoTime();
                    lastSweep = lastTraffic - config.spillSweep().toNanos(); // sweep once connected
                }
                Runnable mine = serve();
                if (mine != null) {
                    return mine;
                }
            } catch (Throwable e) {
                connectionLost(e);
            }
        }
        stopReading();
        return null;
    }

    /** The connection failed (or could not be opened): drop it and back off before the next attempt. */
    private void connectionLost(Throwable e) {
        current = null;
        sink.wakeDrains();
        if (lc != null) {
            lc.close(false);
            lc = null;
        }
        if (closed) {
            return;
        }
        if (e instanceof WireListenConnection.ProtocolException
                && config.connector().mode() == ListenConnector.Mode.AUTO) {
            config.connector().fallBack(e.getMessage());
        }
        if (e instanceof Error) {
            // The reader never stops on its own: an error is reported and treated as a lost connection.
            LOG.error("justpg PubSub's reader hit {}; it drops the connection and reconnects", e.toString(), e);
        }
        lastFailure = e;
        attempt++;
        Duration delay = config.reconnect().delay(attempt, ThreadLocalRandom.current().nextDouble());
        if (attempt == 1) {
            LOG.warn("justpg PubSub lost its listening connection ({}); reconnecting in {} ms", HubEvents.describe(e),
                    delay.toMillis());
        } else {
            LOG.info("justpg PubSub reconnect attempt {} failed ({}); next in {} ms", attempt - 1,
                    HubEvents.describe(e), delay.toMillis());
        }
        failWaitingIfPermanent(e);
        int n = attempt;
        events.disconnected(n, delay, e);
        sleep(delay);
    }

    /** The hub closed: hand on what was read, let go of the connection ({@code UNLISTEN *}). */
    private void stopReading() {
        current = null;
        sink.wakeDrains();
        if (lc != null) {
            lc.close(true);
            lc = null;
        }
        roleHolder = null;
        readerDone.countDown();
    }

    /** LISTEN everything, verify delivery, then resync and hand on what was read meanwhile. */
    private void connect(ListenConnection lc, boolean reconnect) throws Exception {
        List<ChannelEntry> wereActive = registry.active();
        List<Pending> buffered = new ArrayList<>();
        String probe = PROBE_PREFIX + lc.backendPid() + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        boolean[] probeSeen = new boolean[1];
        NotificationSink buffer = (pid, channel, payload) -> {
            if (channel.equals(probe)) {
                probeSeen[0] = true;
            } else {
                buffered.add(new Pending(pid, channel, payload));
            }
        };
        registry.forgetListened();
        lc.execute("LISTEN " + Identifier.quote(probe), buffer);
        List<ChannelEntry> nowListening = registry.reconcile(lc, buffer, true);
        verifyDelivery(lc, probe, buffer, probeSeen);
        lc.execute("UNLISTEN " + Identifier.quote(probe), buffer);
        current = lc;
        events.connected(lc.backendPid(), reconnect);
        for (ChannelEntry e : nowListening) {
            registry.release(e);
        }
        if (reconnect) {
            for (ChannelEntry e : wereActive) {
                for (SubscriptionImpl<?> s : e.subscriptions) {
                    s.resync(Resync.Reason.RECONNECTED);
                }
            }
        }
        for (Pending p : buffered) {
            sink.accept(p.pid(), p.channel(), p.payload());
        }
        sink.flush();
        LOG.info("justpg PubSub is listening on {} channel(s) (backend pid {}{})", registry.listenedCount(),
                lc.backendPid(), reconnect ? ", after a reconnect" : "");
        events.notifyConnected(lc.backendPid(), reconnect);
    }

    /** A notification read while (re)connecting, handed on after the resync. */
    private record Pending(int pid, String channel, String payload) {
    }

    /**
     * Sends a notification from another session and waits for it: a session that does not stay
     * attached to one server process (PgBouncer in transaction mode) never receives it.
     */
    private void verifyDelivery(ListenConnection lc, String probe, NotificationSink buffer, boolean[] seen)
            throws Exception {
        config.db().withConnection(c -> Jdbc.query(c, "select pg_notify(?, '')", r -> null, probe));
        long deadline = System.nanoTime() + config.connector().probeMillis() * 1_000_000L;
        long pause = 1;
        while (!seen[0]) {
            lc.probe(buffer);
            if (seen[0]) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new UnsupportedFeatureException("a notification sent from another session did not reach the"
                        + " listening connection within " + config.connector().probeMillis() + " ms: the connection"
                        + " does not stay attached to one server session, as behind PgBouncer in transaction or"
                        + " statement pooling mode, which cannot LISTEN. Give PubSub.Builder.listenerDataSource a"
                        + " direct connection to PostgreSQL (or a pool in session mode)");
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 50);
        }
    }

    /**
     * Reads until the hub closes ({@code null}) or, with justpg's own threads, until notifications
     * are ready for a subscription whose drain this thread then takes (returned, after the role
     * was lent).
     */
    private Runnable serve() throws Exception {
        long idleNanos = config.idle().toNanos();
        while (!closed) {
            if (registry.takeChanged()) {
                for (ChannelEntry e : registry.reconcile(lc, sink, false)) {
                    registry.release(e);
                }
            }
            if (closed) {
                break;
            }
            if (System.nanoTime() - lastSweep >= config.spillSweep().toNanos()) {
                sweepSpill();
            }
            if (sink.hasWork()) {
                Runnable mine = handOn();
                if (mine != null) {
                    return mine;
                }
            }
            if (lc.await(sink)) {
                lastTraffic = System.nanoTime();
            } else if (System.nanoTime() - lastTraffic >= idleNanos) {
                lc.probe(sink);
                lastTraffic = System.nanoTime();
            }
        }
        return null;
    }

    /**
     * Removes expired spilled payloads, on the listening connection (off every publisher's
     * transaction); each row's own expiry decides. A refusal (no DELETE privilege, a table of the
     * earlier shape) is logged once and listening goes on.
     */
    private void sweepSpill() throws Exception {
        lastSweep = System.nanoTime();
        try {
            lc.execute(config.spill().sweepSql(), sink);
        } catch (java.sql.SQLException e) {
            String state = e.getSQLState();
            if (state == null || state.startsWith("08") || state.startsWith("57")) {
                throw e;
            }
            if (!sweepFailureLogged) {
                sweepFailureLogged = true;
                LOG.warn("justpg PubSub could not remove expired spilled payloads from {} ({}); grant the listening"
                        + " role DELETE on it, or run PubSub.installSpillTable() to migrate it", config.spill().table(),
                        HubEvents.describe(e));
            }
        }
    }

    /**
     * Claims the first ready subscription's drain for this thread, starts the other ready drains
     * on idle threads, and lends the reader role while this thread runs the claimed drain
     * ({@link WorkerPool#lend()}: if the drain runs long, the watcher thread takes the role).
     *
     * @return the drain to run on this thread, or {@code null} when this thread keeps reading
     */
    private Runnable handOn() {
        SubscriptionImpl<?> mine = sink.claimOne();
        if (mine == null) {
            return null;
        }
        roleHolder = null; // taken again when this thread, or the watcher, reads next
        if (workers.lend()) {
            return mine;
        }
        // Closing, or no watcher could be started: keep reading, and let the pool try the drain.
        roleHolder = Thread.currentThread();
        mine.submitClaimed();
        return null;
    }

    /** Fails waiting subscribers at once when retrying cannot help (wrong password, pooler...). */
    private void failWaitingIfPermanent(Throwable e) {
        String state = SqlStates.find(e).orElse("");
        boolean permanent = e instanceof UnsupportedFeatureException || state.startsWith("28")
                || state.equals("3D000") || state.equals("42501");
        if (!permanent) {
            return;
        }
        JustPgException failure = e instanceof JustPgException ? (JustPgException) e
                : new JustPgException("cannot listen: " + e.getMessage(), e);
        registry.failWaiting(failure);
    }

    private void sleep(Duration d) {
        sleepLock.lock();
        try {
            long nanos = d.toNanos();
            while (nanos > 0 && !closed) {
                nanos = wake.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sleepLock.unlock();
        }
    }


    // ---- for subscriptions ----

    /** Where subscriptions report deliveries, drops and failures. */
    HubEvents events() {
        return events;
    }

    Optional<String> readSpilled(long id) {
        return config.spill().read(id);
    }

    // ---- stats and close ----

    /**
     * A snapshot of the counters.
     *
     * @return the stats
     */
    public PubSubStats stats() {
        int subs = 0;
        long depth = 0;
        for (ChannelEntry e : registry.entries()) {
            for (SubscriptionImpl<?> s : e.subscriptions) {
                subs++;
                depth += s.queueDepth();
            }
        }
        return events.stats(current, subs, registry.size(), depth);
    }

    /**
     * Stops the reader (after {@code UNLISTEN *}), discards queued messages and, with justpg's own
     * threads, waits for running handlers and ends the threads. Bounded by the close timeout per
     * step.
     */
    public void close() {
        boolean wasStarted;
        synchronized (registry.lock()) {
            if (closed) {
                return;
            }
            closed = true;
            wasStarted = started;
            registry.discardAll();
        }
        sleepLock.lock();
        try {
            wake.signalAll();
        } finally {
            sleepLock.unlock();
        }
        config.connector().close(); // a reader waiting for a connect attempt returns at once
        wakeup();
        long timeoutMs = config.closeTimeout().toMillis();
        // A listener callback on the reader may close the hub: the reader stops once it returns.
        boolean onReader = Thread.currentThread() == roleHolder;
        if (wasStarted && !onReader && !awaitReader(timeoutMs)) {
            ListenConnection c = current;
            LOG.warn("justpg PubSub's reader did not stop within {} ms; closing its socket", timeoutMs);
            if (c != null) {
                c.close(false);
            }
            Thread holder = roleHolder;
            if (holder != null) {
                holder.interrupt();
            }
            awaitReader(timeoutMs);
        }
        if (ioThread != null && !onReader) {
            join(ioThread, timeoutMs);
        }
        config.connector().awaitIdle(timeoutMs);
        if (workers != null) {
            workers.shutdown();
            try {
                if (!workers.awaitTermination(timeoutMs)) {
                    LOG.warn("justpg PubSub handlers did not finish within {} ms; interrupting them", timeoutMs);
                    workers.interruptAll();
                    workers.awaitTermination(timeoutMs);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean awaitReader(long millis) {
        try {
            return readerDone.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void join(Thread t, long millis) {
        try {
            t.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
