/**
 * Real-time features on plain PostgreSQL.
 *
 * <p>Pub/sub over LISTEN/NOTIFY that survives disconnects: {@link dev.justpg.realtime.PubSub}
 * (subscribe and publish), typed {@link dev.justpg.realtime.Channel}s,
 * {@link dev.justpg.realtime.Subscriber}s that receive {@link dev.justpg.realtime.Message}s and
 * {@link dev.justpg.realtime.Resync} gaps, and {@link dev.justpg.realtime.ChangeFeed} triggers that
 * notify row changes as {@link dev.justpg.realtime.RowChange} events.
 */
package dev.justpg.realtime;
