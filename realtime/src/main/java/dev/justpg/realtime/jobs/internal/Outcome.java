package dev.justpg.realtime.jobs.internal;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * How an attempt ended, as the completer writes it.
 *
 * @param job the job
 * @param type what to record
 * @param delayMs the wait before the next attempt (retry, snooze)
 * @param error the error text, or {@code null}
 * @param stack the stack head, or {@code null}
 */
public record Outcome(ClaimedJob job, Type type, long delayMs, String error, String stack) {

    /** What to record. */
    public enum Type {
        /** Completed. */
        COMPLETE,
        /** Failed; available again after the delay, the attempt counted. */
        RETRY,
        /** Available again after the delay, the attempt not counted. */
        SNOOZE,
        /** Discarded. */
        DISCARD,
        /** Cancelled. */
        CANCEL,
        /** Handed back untouched (shutdown): available now, the attempt not counted. */
        RELEASE
    }

    private static final int STACK_FRAMES = 12;
    private static final int MAX_TEXT = 4000;

    /**
     * A completion.
     *
     * @param job the job
     * @return the outcome
     */
    public static Outcome complete(ClaimedJob job) {
        return new Outcome(job, Type.COMPLETE, 0, null, null);
    }

    /**
     * Describes a throwable: class and message.
     *
     * @param t the throwable
     * @return the text
     */
    public static String describe(Throwable t) {
        String s = t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) : s;
    }

    /**
     * The first frames of a stack trace (with the causes' headlines).
     *
     * @param t the throwable
     * @return the text
     */
    public static String stackHead(Throwable t) {
        StringBuilder b = new StringBuilder();
        StackTraceElement[] frames = t.getStackTrace();
        for (int i = 0; i < Math.min(STACK_FRAMES, frames.length); i++) {
            b.append("at ").append(frames[i]).append('\n');
        }
        if (frames.length > STACK_FRAMES) {
            b.append("... ").append(frames.length - STACK_FRAMES).append(" more\n");
        }
        for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
            b.append("caused by ").append(describe(c)).append('\n');
            if (c.getCause() == c) {
                break;
            }
        }
        String s = b.toString();
        return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) : s;
    }

    static String fullStack(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
