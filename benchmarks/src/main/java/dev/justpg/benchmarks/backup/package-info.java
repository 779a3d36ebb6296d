/** The {@code backup} benchmark: orchestration overhead against running pg_dump and pg_restore directly. */
package dev.justpg.benchmarks.backup;
