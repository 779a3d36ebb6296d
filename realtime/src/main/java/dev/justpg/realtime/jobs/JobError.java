package dev.justpg.realtime.jobs;

import java.time.Instant;

/**
 * One failed attempt as recorded on the job.
 *
 * @param attempt the attempt, from 1
 * @param at when it failed (database clock)
 * @param error the exception's class and message, or why the worker gave up on it
 * @param stack the first frames of the stack trace, or {@code null}
 */
public record JobError(int attempt, Instant at, String error, String stack) {
}
