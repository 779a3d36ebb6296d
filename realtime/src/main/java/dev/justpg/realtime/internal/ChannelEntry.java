package dev.justpg.realtime.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** The subscriptions of one channel name, and whether the server listens to it yet. */
final class ChannelEntry {

    final String name;
    final String quoted;
    final CopyOnWriteArrayList<SubscriptionImpl<?>> subscriptions = new CopyOnWriteArrayList<>();
    /** Completed by the reading thread once LISTEN has run for this entry; failed if it cannot. */
    final CompletableFuture<Void> ready = new CompletableFuture<>();

    ChannelEntry(String name, String quoted) {
        this.name = name;
        this.quoted = quoted;
    }
}
