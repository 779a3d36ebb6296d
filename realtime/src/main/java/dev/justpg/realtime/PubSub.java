package dev.justpg.realtime;

import dev.justpg.core.Database;
import dev.justpg.core.Identifier;
import dev.justpg.core.JustPgException;
import dev.justpg.core.Tx;
import dev.justpg.core.internal.Jdbc;
import dev.justpg.realtime.internal.DaemonThreads;
import dev.justpg.realtime.internal.Envelope;
import dev.justpg.realtime.internal.Hub;
import dev.justpg.realtime.internal.HubConfig;
import dev.justpg.realtime.internal.ListenConnector;
import dev.justpg.realtime.internal.PayloadSize;
import dev.justpg.realtime.internal.SpillStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pub/sub over PostgreSQL's LISTEN/NOTIFY that survives disconnects: typed channels, bounded
 * queues, handlers that never hold up reading for more than about 10 ms, reconnect with backoff,
 * and an explicit {@link Resync} whenever messages may have been missed.
 *
 * <pre>{@code
 * Channel<OrderStatus> statuses = Channel.of("order_status", OrderStatus.class);
 * try (PubSub pubsub = PubSub.builder(db).build()) {
 *     Subscription sub = pubsub.subscribe(statuses, msg -> dashboard.show(msg.payload()));
 *     db.useTransaction(tx -> {
 *         tx.update("update orders set status = 'shipped' where id = ?", 42);
 *         pubsub.publish(tx, statuses, new OrderStatus(42, "shipped")); // sent at commit
 *     });
 * }
 * }</pre>
 *
 * <h2>Subscribing</h2>
 * All subscriptions of a {@code PubSub} share one dedicated connection, taken from the
 * {@linkplain Builder#listenerDataSource listener data source} at the first subscription and held
 * until {@link #close()}. Exactly one thread at a time reads it and runs every
 * {@code LISTEN}/{@code UNLISTEN}, the liveness probes and the reconnects (see Threads below for
 * which thread that is). It reads pgjdbc's protocol stream directly instead of calling
 * {@code PGConnection.getNotifications(timeout)}, which under a steady stream returns only after
 * a millisecond of silence (hundreds of milliseconds of latency at a few thousand messages a
 * second); if that stream cannot be reached or fails its self-check it falls back to
 * {@code getNotifications} and says so once in the log ({@link Builder#useDriverInternals} turns
 * the direct path off). Handlers run one message at a time per subscription, in order, from a
 * bounded queue with a declared {@link OverflowPolicy}. A subscription receives what is read
 * after its {@code LISTEN} took effect; a handler that throws is reported and gets the next
 * message, unless it threw a virtual machine error (see {@link Subscription#failure()}).
 *
 * <h2>Threads</h2>
 * By default justpg's own daemon threads do the work. The thread that read a notification runs
 * its handler itself, with no hand-off to another thread, once nothing more is buffered; it does
 * not read meanwhile, and reads on when the handler returns. If a handler runs past 5 ms, a
 * watcher thread (awake only while messages flow) takes over the reading, so a slow handler keeps
 * only its own thread: the connection, the probes, the reconnects and the other channels carry on
 * on the others. Messages for several subscriptions read together start
 * on other threads. With a {@linkplain Builder#executor caller's executor} one dedicated thread
 * reads for the life of the {@code PubSub} and hands each message to a drain task on that
 * executor.
 *
 * <h2>Surviving disconnects</h2>
 * Every read has a timeout; after {@linkplain Builder#idleProbe a quiet period} an empty query
 * checks that the server still answers. A lost connection is replaced with capped, jittered
 * exponential backoff ({@link ReconnectPolicy}) that never gives up. After reconnecting, justpg
 * runs {@code LISTEN} for every channel, checks that a notification from another session
 * arrives, and only then delivers a {@link Resync} to every subscription, followed by the
 * messages published after the reconnect. NOTIFY keeps nothing for a disconnected session:
 * re-read state on {@code Resync}.
 *
 * <h2>Publishing</h2>
 * {@link #publish(Tx, Channel, Object)} calls {@code pg_notify} in the caller's transaction:
 * delivered at commit, never on rollback. Payloads of 8000 bytes or more (in the server
 * encoding) are stored in a spill table in the same transaction and the notification carries
 * the row id; subscribers read the row transparently. With spilling off they fail with
 * {@link PayloadTooLargeException} before anything is sent.
 *
 * <p>Immutable configuration, thread-safe. Close it to stop justpg's threads and release the
 * connection.
 */
public final class PubSub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PubSub.class);

    /** Default wait before a liveness probe on a silent connection: 15 s. */
    public static final Duration DEFAULT_IDLE_PROBE = Duration.ofSeconds(15);
    /** Default time the server has to answer a probe or a LISTEN: 10 s. */
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Default bound on each attempt to open the listening connection: 10 s, whatever the data
     * source's own timeouts.
     */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default time {@link #subscribe} waits for LISTEN to be in effect: 15 s. */
    public static final Duration DEFAULT_SUBSCRIBE_TIMEOUT = Duration.ofSeconds(15);
    /** Default bound on each step of {@link #close()}: 5 s. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** Default spill table for oversized payloads: {@code justpg_pubsub_spill} on the search path. */
    public static final Identifier DEFAULT_SPILL_TABLE = Identifier.of("justpg_pubsub_spill");
    /** Default time spilled payloads are kept for subscribers: 1 hour. */
    public static final Duration DEFAULT_SPILL_RETENTION = Duration.ofHours(1);
    /** How often a listening PubSub removes expired spilled payloads: every minute. */
    static final Duration SPILL_SWEEP = Duration.ofMinutes(1);

    private static final String NOTIFY_SQL = "select pg_notify(?, ?)";

    private final Database db;
    private final Hub hub;
    private final SubscribeOptions defaults;
    private final boolean spill;
    private final SpillStore spillStore;
    private volatile PayloadSize payloadSize;

    private PubSub(Builder b, Hub hub, SpillStore spillStore) {
        this.db = b.db;
        this.hub = hub;
        this.defaults = b.subscribeOptions;
        this.spill = b.spill;
        this.spillStore = spillStore;
    }

    /**
     * A builder over a database; its data source is used for publishing, for spilled payloads
     * and (unless {@link Builder#listenerDataSource} says otherwise) for the listening connection.
     *
     * @param db the database
     * @return the builder
     */
    public static Builder builder(Database db) {
        return new Builder(db);
    }

    /**
     * Subscribes with the default queue settings. Returns once {@code LISTEN} is in effect, so
     * every message committed after this returns is delivered.
     *
     * @param channel the channel
     * @param subscriber the handler
     * @param <T> the payload type
     * @return the subscription; close it to stop
     * @throws JustPgException when listening could not start within the subscribe timeout (the
     *     message carries the connection error), or the server refused {@code LISTEN}
     * @throws dev.justpg.core.UnsupportedFeatureException when the connection cannot LISTEN
     *     (not pgjdbc, or behind a pooler in transaction mode)
     * @throws IllegalStateException when this PubSub is closed
     */
    public <T> Subscription subscribe(Channel<T> channel, Subscriber<T> subscriber) {
        return subscribe(channel, defaults, subscriber);
    }

    /**
     * Subscribes with the given queue settings; see {@link #subscribe(Channel, Subscriber)}.
     *
     * @param channel the channel
     * @param options queue capacity and overflow policy
     * @param subscriber the handler
     * @param <T> the payload type
     * @return the subscription
     */
    public <T> Subscription subscribe(Channel<T> channel, SubscribeOptions options, Subscriber<T> subscriber) {
        Objects.requireNonNull(channel, "channel must not be null");
        Objects.requireNonNull(options, "options must not be null");
        Objects.requireNonNull(subscriber, "subscriber must not be null");
        return hub.subscribe(channel, options, subscriber);
    }

    /**
     * Publishes in the caller's transaction: subscribers receive it when the transaction commits,
     * and never if it rolls back. PostgreSQL folds identical notifications (same channel and
     * payload) sent in one transaction into one; pass a message id to keep them apart.
     *
     * @param tx the transaction
     * @param channel the channel
     * @param value the payload
     * @param <T> the payload type
     * @throws PayloadTooLargeException when the payload is too large and spilling is off
     * @throws JustPgException when the statement fails
     */
    public <T> void publish(Tx tx, Channel<T> channel, T value) {
        publish(tx.connection(), channel, value, null);
    }

    /**
     * Publishes in the caller's transaction with a message id, which subscribers see as
     * {@link Message#id()}.
     *
     * @param tx the transaction
     * @param channel the channel
     * @param value the payload
     * @param messageId 1 to 200 characters, without NUL, ';' or U+001E
     * @param <T> the payload type
     */
    public <T> void publish(Tx tx, Channel<T> channel, T value, String messageId) {
        publish(tx.connection(), channel, value, Objects.requireNonNull(messageId, "messageId must not be null"));
    }

    /**
     * Publishes on a connection the caller manages (for example in a Spring-managed transaction).
     * In autocommit mode it is sent at once.
     *
     * @param connection the connection
     * @param channel the channel
     * @param value the payload
     * @param <T> the payload type
     */
    public <T> void publish(Connection connection, Channel<T> channel, T value) {
        publish(connection, channel, value, null);
    }

    /**
     * Publishes on a connection the caller manages, with an optional message id.
     *
     * @param connection the connection
     * @param channel the channel
     * @param value the payload
     * @param messageId the id, or {@code null} for none
     * @param <T> the payload type
     * @throws IllegalArgumentException when the payload or id cannot be sent (before any side effect)
     * @throws PayloadTooLargeException when the payload is too large and spilling is off
     */
    public <T> void publish(Connection connection, Channel<T> channel, T value, String messageId) {
        Objects.requireNonNull(connection, "connection must not be null");
        Objects.requireNonNull(channel, "channel must not be null");
        if (messageId != null) {
            Envelope.checkId(messageId);
        }
        String body = channel.codec().encode(value);
        if (body == null) {
            throw new IllegalArgumentException("the codec of " + channel + " encoded a value as null; encode to text");
        }
        if (body.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the payload for channel " + channel.name() + " contains a NUL"
                    + " character, which PostgreSQL text cannot hold; encode binary data (for example Base64)");
        }
        String text = Envelope.encode(messageId, 0, body);
        long bytes = sizer(connection).bytes(connection, text);
        if (bytes >= PayloadSize.NOTIFY_LIMIT) {
            if (!spill) {
                throw new PayloadTooLargeException("the payload for channel " + channel.name() + " is " + bytes
                        + " bytes in the server encoding; NOTIFY carries less than " + PayloadSize.NOTIFY_LIMIT
                        + ". Send a key and let subscribers read the data, or turn spilling on"
                        + " (PubSub.Builder.spill(true))", bytes);
            }
            long spillId = spillStore.insert(connection, channel.name(), body);
            text = Envelope.encode(messageId, spillId, "");
        }
        notify(connection, channel.name(), text);
    }

    /** One {@code pg_notify} with bind parameters: the lean path publishers pay for on every message. */
    private static void notify(Connection connection, String channel, String text) {
        try (PreparedStatement ps = connection.prepareStatement(NOTIFY_SQL)) {
            ps.setString(1, channel);
            ps.setString(2, text);
            ps.execute();
        } catch (SQLException e) {
            throw Jdbc.failure(NOTIFY_SQL, e);
        }
    }

    /**
     * Publishes on its own, in autocommit mode (a spilled payload is committed before the
     * notification is sent).
     *
     * @param channel the channel
     * @param value the payload
     * @param <T> the payload type
     */
    public <T> void publish(Channel<T> channel, T value) {
        db.withConnection(c -> {
            publish(c, channel, value, null);
            return null;
        });
    }

    private PayloadSize sizer(Connection c) {
        PayloadSize s = payloadSize;
        if (s == null) {
            s = PayloadSize.of(c);
            payloadSize = s;
        }
        return s;
    }

    /**
     * How full the server's notification queue is: {@code pg_notification_queue_usage()}, from 0
     * to 1. It grows when a listening session (of any application) does not read; at 1, every
     * NOTIFY fails until it drains.
     *
     * @return the fraction in use
     */
    public double notificationQueueUsage() {
        return db.withConnection(c -> Jdbc.query(c, "select pg_notification_queue_usage()", r -> r.getDouble(1))
                .get(0));
    }

    /**
     * A snapshot of the counters.
     *
     * @return the stats
     */
    public PubSubStats stats() {
        return hub.stats();
    }

    /**
     * Creates the spill table, or adds the expiry column to a table made by an earlier version,
     * now, on one connection of the database in autocommit mode (idempotent). Call it at startup
     * as a role with CREATE, or run {@link #spillTableDdl} in a migration; otherwise the first
     * spill creates it on the publisher's connection.
     *
     * @throws JustPgException when the table cannot be created (the message says what to do)
     */
    public void installSpillTable() {
        spillStore.install();
    }

    /**
     * The statements that create a spill table, or migrate one of the earlier shape, for
     * migrations run by a role with CREATE (publishers need INSERT on it, subscribers SELECT and
     * DELETE: the listening connection removes expired rows).
     *
     * @param table the table name
     * @return the idempotent DDL statements
     */
    public static List<String> spillTableDdl(Identifier table) {
        return SpillStore.ddl(Objects.requireNonNull(table, "table must not be null"));
    }

    /**
     * Stops listening ({@code UNLISTEN *}, then the connection is closed or returned to its
     * pool), discards undelivered messages, waits for running handlers and stops justpg's own
     * threads. Idempotent; each step is bounded by the close timeout.
     */
    @Override
    public void close() {
        hub.close();
    }

    /** Configures a {@link PubSub}; see {@link PubSub#builder(Database)}. */
    public static final class Builder {

        private final Database db;
        private DataSource listenerDataSource;
        private Executor executor;
        private ThreadFactory threadFactory;
        private SubscribeOptions subscribeOptions = SubscribeOptions.DEFAULT;
        private ReconnectPolicy reconnect = ReconnectPolicy.DEFAULT;
        private Duration idleProbe = DEFAULT_IDLE_PROBE;
        private Duration probeTimeout = DEFAULT_PROBE_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration subscribeTimeout = DEFAULT_SUBSCRIBE_TIMEOUT;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private boolean spill = true;
        private Identifier spillTable = DEFAULT_SPILL_TABLE;
        private Duration spillRetention = DEFAULT_SPILL_RETENTION;
        private PubSubListener listener = PubSubListener.NONE;
        private Duration spillSweep = SPILL_SWEEP;
        private ListenConnector.Mode mode = ListenConnector.Mode.AUTO;

        private Builder(Database db) {
            this.db = Objects.requireNonNull(db, "db must not be null");
        }

        /**
         * Where the dedicated listening connection comes from (default: the database's data
         * source). Pass a non-pooling data source, or one that reaches PostgreSQL directly,
         * when the database's goes through PgBouncer in transaction mode or a pool whose leak
         * detection would flag a connection held for hours.
         *
         * @param dataSource the data source
         * @return this builder
         */
        public Builder listenerDataSource(DataSource dataSource) {
            this.listenerDataSource = Objects.requireNonNull(dataSource, "listenerDataSource must not be null");
            return this;
        }

        /**
         * Where handlers run (default: justpg's own daemon threads named
         * {@code justpg-pubsub-worker-N}, which also read the connection: one reading (and running
         * the handler of what it read), at most one per other subscription with work, one watcher
         * while messages flow, idle ones ended after 30 s and all by {@link PubSub#close()}).
         * With a caller's executor, one dedicated thread reads and hands each message to a task
         * on the executor, which costs a thread hand-off per message; the executor is not shut
         * down by close, and each subscription uses at most one of its threads at a time.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor must not be null");
            return this;
        }

        /**
         * Makes justpg's threads: by default the threads that read and run handlers (daemon
         * threads named {@code justpg-pubsub-worker-N}); with a caller's {@linkplain #executor
         * executor}, the one reading thread (default: a daemon thread named
         * {@code justpg-pubsub-listener}). Also the short-lived thread of each attempt to open
         * the listening connection (see {@link #connectTimeout}).
         *
         * @param factory the thread factory
         * @return this builder
         */
        public Builder threadFactory(ThreadFactory factory) {
            this.threadFactory = Objects.requireNonNull(factory, "threadFactory must not be null");
            return this;
        }

        /**
         * Queue settings for subscriptions that do not pass their own (default
         * {@link SubscribeOptions#DEFAULT}: 10,000 messages, drop oldest).
         *
         * @param options the options
         * @return this builder
         */
        public Builder subscribeOptions(SubscribeOptions options) {
            this.subscribeOptions = Objects.requireNonNull(options, "subscribeOptions must not be null");
            return this;
        }

        /**
         * The backoff between reconnect attempts (default {@link ReconnectPolicy#DEFAULT}).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder reconnect(ReconnectPolicy policy) {
            this.reconnect = Objects.requireNonNull(policy, "reconnect must not be null");
            return this;
        }

        /**
         * How long the connection may be silent before an empty query checks that the server
         * still answers (default {@link #DEFAULT_IDLE_PROBE}). A dead peer is noticed within
         * this plus the probe timeout.
         *
         * @param quiet the quiet period, at least 100 ms
         * @return this builder
         */
        public Builder idleProbe(Duration quiet) {
            this.idleProbe = quiet;
            return this;
        }

        /**
         * How long the server has to answer a probe or a {@code LISTEN} (default
         * {@link #DEFAULT_PROBE_TIMEOUT}).
         *
         * @param timeout the timeout, at least 100 ms
         * @return this builder
         */
        public Builder probeTimeout(Duration timeout) {
            this.probeTimeout = timeout;
            return this;
        }

        /**
         * The bound on each attempt to open the listening connection (default
         * {@link #DEFAULT_CONNECT_TIMEOUT}), whatever the data source's own login, connect and
         * socket timeouts: an attempt past it (a server that accepts the connection and never
         * answers) is abandoned and retried with backoff, and {@link PubSub#close()} does not
         * wait for it. With pgjdbc's {@code PGSimpleDataSource} justpg connects with connect and
         * socket timeouts a second below this and below the close timeout (at least 1 s), so the
         * attempt's thread ends in time too; with another data source the thread ends when the driver returns,
         * so give it timeouts of its own.
         *
         * @param timeout the bound, at least 100 ms
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * Whether the listener may read pgjdbc's protocol stream through its internals (default
         * {@code true}): a few fields reached by reflection, checked at start, with a fallback to
         * the public API that is logged once at INFO when they are not as expected. {@code false}
         * uses only pgjdbc's public API ({@code PGConnection.getNotifications}): correct, with
         * more latency under a steady stream of notifications (see docs/pubsub.md).
         *
         * @param allowed whether to use the internals
         * @return this builder
         */
        public Builder useDriverInternals(boolean allowed) {
            this.mode = allowed ? ListenConnector.Mode.AUTO : ListenConnector.Mode.JDBC;
            return this;
        }

        /**
         * How long {@link PubSub#subscribe} waits for {@code LISTEN} to be in effect (default
         * {@link #DEFAULT_SUBSCRIBE_TIMEOUT}).
         *
         * @param timeout the timeout, positive
         * @return this builder
         */
        public Builder subscribeTimeout(Duration timeout) {
            this.subscribeTimeout = timeout;
            return this;
        }

        /**
         * The bound on each step of {@link PubSub#close()} (default {@link #DEFAULT_CLOSE_TIMEOUT}).
         *
         * @param timeout the timeout, positive
         * @return this builder
         */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = timeout;
            return this;
        }

        /**
         * Whether payloads of 8000 bytes or more go to the spill table (default {@code true}). The
         * table is created by {@link PubSub#installSpillTable()}, by a migration running
         * {@link PubSub#spillTableDdl}, or else at the first spill on the publisher's own
         * connection (inside its transaction, under a savepoint). Off, they fail with
         * {@link PayloadTooLargeException}.
         *
         * @param enabled whether to spill
         * @return this builder
         */
        public Builder spill(boolean enabled) {
            this.spill = enabled;
            return this;
        }

        /**
         * The spill table (default {@link #DEFAULT_SPILL_TABLE}). Publishers and subscribers of
         * a channel must use the same table.
         *
         * @param table the table
         * @return this builder
         */
        public Builder spillTable(Identifier table) {
            this.spillTable = Objects.requireNonNull(table, "spillTable must not be null");
            return this;
        }

        /**
         * How long payloads spilled by this PubSub are kept for subscribers (default
         * {@link #DEFAULT_SPILL_RETENTION}), counted from the publishing statement and stored in
         * each row ({@code expires_at}): PubSubs with different retentions can share a table. A
         * subscriber that reads a payload after it was removed gets a {@link Resync} with
         * {@link Resync.Reason#PAYLOAD_LOST}. Every listening PubSub removes expired rows about
         * once a minute on its listening connection.
         *
         * @param retention the retention, at least 1 s
         * @return this builder
         */
        public Builder spillRetention(Duration retention) {
            this.spillRetention = retention;
            return this;
        }

        /**
         * The observer for metrics and alerts (default {@link PubSubListener#NONE}).
         *
         * @param value the listener
         * @return this builder
         */
        public Builder listener(PubSubListener value) {
            this.listener = Objects.requireNonNull(value, "listener must not be null");
            return this;
        }

        /** How often the listening connection removes expired spilled payloads (tests shorten it). */
        Builder spillSweepEvery(Duration period) {
            this.spillSweep = period;
            return this;
        }

        /**
         * Validates the settings and builds the PubSub. Connects to nothing until the first
         * subscription (publishing uses the database's connections).
         *
         * @return the PubSub
         * @throws IllegalArgumentException naming a bad setting
         */
        public PubSub build() {
            check("idleProbe", idleProbe, Duration.ofMillis(100));
            check("probeTimeout", probeTimeout, Duration.ofMillis(100));
            check("connectTimeout", connectTimeout, Duration.ofMillis(100));
            check("subscribeTimeout", subscribeTimeout, Duration.ofMillis(1));
            check("closeTimeout", closeTimeout, Duration.ofMillis(1));
            check("spillRetention", spillRetention, Duration.ofSeconds(1));
            if (idleProbe.toMillis() > Integer.MAX_VALUE || probeTimeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("idleProbe and probeTimeout must be at most "
                        + Integer.MAX_VALUE + " ms");
            }
            DataSource listenFrom = listenerDataSource != null ? listenerDataSource : db.dataSource();
            boolean ownsExecutor = executor == null;
            ThreadFactory threads = threadFactory != null ? threadFactory
                    : ownsExecutor ? DaemonThreads.numbered("justpg-pubsub-worker")
                    : DaemonThreads.factory("justpg-pubsub-listener");
            SpillStore store = new SpillStore(db, spillTable, spillRetention);
            ListenConnector connector = new ListenConnector(listenFrom, mode, (int) idleProbe.toMillis(),
                    (int) probeTimeout.toMillis(), connectTimeout.toMillis(), closeTimeout.toMillis(), threads);
            Hub hub = new Hub(new HubConfig(db, connector, reconnect, idleProbe, subscribeTimeout, closeTimeout,
                    listener, threads, executor, store, spillSweep));
            LOG.info("justpg PubSub: queue {} ({}), reconnect {}..{} ms, connect timeout {} ms, idle probe {} ms,"
                            + " probe timeout {} ms, spill {}{}, handlers on {}, listening connection from {}{}",
                    subscribeOptions.queueCapacity(), subscribeOptions.overflow(), reconnect.initial().toMillis(),
                    reconnect.max().toMillis(), connectTimeout.toMillis(), idleProbe.toMillis(),
                    probeTimeout.toMillis(),
                    spill ? "to " + spillTable : "off",
                    spill ? " (kept " + spillRetention + ")" : "",
                    ownsExecutor ? "justpg daemon threads" : "caller's executor",
                    listenerDataSource != null ? "its own data source" : "the database's data source",
                    mode == ListenConnector.Mode.JDBC ? ", pgjdbc public API only" : "");
            return new PubSub(this, hub, store);
        }

        private static void check(String name, Duration value, Duration min) {
            if (value == null) {
                throw new IllegalArgumentException(name + " must not be null");
            }
            if (value.compareTo(min) < 0) {
                throw new IllegalArgumentException(name + " must be at least " + min.toMillis() + " ms, was " + value);
            }
        }
    }
}
