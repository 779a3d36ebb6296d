/** Base backup overhead against pg_basebackup run directly, and recovery time for a WAL volume. */
package dev.justpg.benchmarks.pitr;
