/** The {@code pubsub} benchmark: justpg's PubSub against a raw pgjdbc loop and Vert.x's PgSubscriber. */
package dev.justpg.benchmarks.pubsub;
