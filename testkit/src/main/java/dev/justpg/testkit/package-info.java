/**
 * The justpg testkit: a real PostgreSQL for every test class, with no install and no Docker.
 * Start with {@link dev.justpg.testkit.PostgresTest}; examples and benchmarks use
 * {@link dev.justpg.testkit.EmbeddedServer} directly.
 */
package dev.justpg.testkit;
