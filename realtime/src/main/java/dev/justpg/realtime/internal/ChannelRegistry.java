package dev.justpg.realtime.internal;

import dev.justpg.core.Identifier;
import dev.justpg.core.JustPgException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The channels a hub's subscriptions want, and the channels the server listens to for it.
 * Subscriptions come and go on any thread (under the registry lock); the thread holding the
 * reader role reconciles the two with {@code LISTEN}/{@code UNLISTEN} ({@link #reconcile}) and
 * releases the entries the server listens to ({@link #release}).
 */
final class ChannelRegistry {

    private final ConcurrentHashMap<String, ChannelEntry> channels = new ConcurrentHashMap<>();
    /** Guards adding and removing subscriptions, and the hub's closing. */
    private final Object lock = new Object();
    /** What the server listens to; reader role only. */
    private final Set<String> listened = new HashSet<>();
    /** Set when a subscription came or went; the reader reconciles LISTEN with the registry. */
    private final AtomicBoolean changed = new AtomicBoolean();

    /** The lock under which subscriptions are added and removed. */
    Object lock() {
        return lock;
    }

    /**
     * Adds a subscription; call under {@link #lock()}. It goes live at once when its channel is
     * listened to already.
     *
     * @return the channel's entry, whose {@code ready} future says when the server listens
     */
    ChannelEntry add(SubscriptionImpl<?> sub, String name, String quoted) {
        ChannelEntry entry = channels.computeIfAbsent(name, n -> new ChannelEntry(n, quoted));
        entry.subscriptions.add(sub);
        if (entry.ready.isDone()) {
            sub.goLive(); // the channel is listened to already: nothing before this is owed
        }
        changed.set(true);
        return entry;
    }

    /** Removes a subscription (its channel's entry goes with its last one). */
    void remove(SubscriptionImpl<?> sub) {
        synchronized (lock) {
            ChannelEntry entry = channels.get(sub.channel());
            if (entry != null && entry.subscriptions.remove(sub) && entry.subscriptions.isEmpty()) {
                channels.remove(entry.name, entry);
            }
            changed.set(true);
        }
    }

    /** Whether a subscription came or went since the last call (which clears it). */
    boolean takeChanged() {
        return changed.getAndSet(false);
    }

    ChannelEntry get(String channel) {
        return channels.get(channel);
    }

    Iterable<ChannelEntry> entries() {
        return channels.values();
    }

    int size() {
        return channels.size();
    }

    /** The entries whose subscribers were released (before a reconnect: they get a Resync). */
    List<ChannelEntry> active() {
        List<ChannelEntry> active = new ArrayList<>();
        for (ChannelEntry e : channels.values()) {
            if (e.ready.isDone() && !e.ready.isCompletedExceptionally()) {
                active.add(e);
            }
        }
        return active;
    }

    /** A new connection listens to nothing yet. */
    void forgetListened() {
        listened.clear();
    }

    int listenedCount() {
        return listened.size();
    }

    /**
     * Makes the server listen to exactly the registered channels.
     *
     * @param failHard whether a server error fails the connection (on connect) or only the
     *     subscriptions waiting for the new channels
     * @return the entries now listened to whose subscribers may be released
     */
    List<ChannelEntry> reconcile(ListenConnection lc, NotificationSink sink, boolean failHard) throws Exception {
        List<ChannelEntry> release = new ArrayList<>();
        List<ChannelEntry> toListen = new ArrayList<>();
        List<String> toUnlisten = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        for (ChannelEntry e : channels.values()) {
            if (e.ready.isCompletedExceptionally()) {
                continue;
            }
            if (listened.contains(e.name)) {
                release.add(e);
            } else {
                toListen.add(e);
                sql.append("LISTEN ").append(e.quoted).append(';');
            }
        }
        for (String name : listened) {
            if (!channels.containsKey(name)) {
                toUnlisten.add(name);
                sql.append("UNLISTEN ").append(Identifier.quote(name)).append(';');
            }
        }
        if (sql.length() == 0) {
            return release;
        }
        try {
            lc.execute(sql.toString(), sink);
        } catch (java.sql.SQLException e) {
            String state = e.getSQLState();
            if (failHard || state == null || state.startsWith("08") || state.startsWith("57")) {
                throw e;
            }
            JustPgException failure = new JustPgException("LISTEN failed (SQLSTATE " + state + "): " + e.getMessage(), e);
            for (ChannelEntry entry : toListen) {
                entry.ready.completeExceptionally(failure);
            }
            return release;
        }
        for (ChannelEntry e : toListen) {
            listened.add(e.name);
            release.add(e);
        }
        toUnlisten.forEach(listened::remove);
        return release;
    }

    /**
     * The server listens to the entry's channel: its subscribers are released and, from here on,
     * get every notification read. Completed first, then marked live: a subscription added
     * meanwhile either sees the completed future (and goes live itself) or is marked here.
     */
    void release(ChannelEntry e) {
        e.ready.complete(null);
        for (SubscriptionImpl<?> s : e.subscriptions) {
            s.goLive();
        }
    }

    /** Fails the subscribers still waiting for LISTEN. */
    void failWaiting(JustPgException failure) {
        for (ChannelEntry entry : channels.values()) {
            if (!entry.ready.isDone()) {
                entry.ready.completeExceptionally(failure);
            }
        }
    }

    /** Discards every subscription and fails their waits; call under {@link #lock()} when closing. */
    void discardAll() {
        for (ChannelEntry e : channels.values()) {
            for (SubscriptionImpl<?> s : e.subscriptions) {
                s.discard();
            }
            e.ready.completeExceptionally(new IllegalStateException("the PubSub was closed"));
        }
        channels.clear();
    }
}
