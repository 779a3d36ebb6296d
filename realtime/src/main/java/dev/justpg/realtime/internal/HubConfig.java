package dev.justpg.realtime.internal;

import dev.justpg.core.Database;
import dev.justpg.realtime.PubSubListener;
import dev.justpg.realtime.ReconnectPolicy;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * Everything the {@link Hub} needs, validated by the public builder.
 *
 * @param db the database (probe notifications, spilled payloads)
 * @param connector opens the listening connection
 * @param reconnect the backoff between connection attempts
 * @param idle how long the connection may be silent before a liveness probe
 * @param subscribeTimeout how long {@code subscribe} waits for LISTEN
 * @param closeTimeout how long {@code close} waits for each of its steps
 * @param listener the observer
 * @param threads makes justpg's threads: the one reading thread with a caller's executor,
 *     else the threads that read and run handlers ({@link WorkerPool})
 * @param handlers the caller's executor for subscriber callbacks, or {@code null} for justpg's
 *     own threads
 * @param spill the spill table, for reading spilled payloads and sweeping expired ones
 * @param spillSweep how often the listening connection removes expired spilled payloads
 */
public record HubConfig(Database db, ListenConnector connector, ReconnectPolicy reconnect, Duration idle,
                        Duration subscribeTimeout, Duration closeTimeout, PubSubListener listener,
                        ThreadFactory threads, Executor handlers, SpillStore spill,
                        Duration spillSweep) {
}
