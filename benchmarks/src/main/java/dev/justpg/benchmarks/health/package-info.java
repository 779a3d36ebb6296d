/** Benchmarks of the health checks: a full run's time and round trips as the schema grows. */
package dev.justpg.benchmarks.health;
