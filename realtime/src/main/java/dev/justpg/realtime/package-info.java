/**
 * LISTEN/NOTIFY pub/sub that survives disconnects, and a {@code FOR UPDATE SKIP LOCKED} job queue.
 *
 * <p>This module is reserved: its API lands with the pub/sub and job-queue issues.
 */
package dev.justpg.realtime;
