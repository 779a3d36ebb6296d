package dev.justpg.realtime.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A job to enqueue: a kind, its arguments (encoded as JSON by the queue's codec) and options.
 * Immutable; each {@code with}-style method returns a copy.
 *
 * <pre>{@code
 * JobRequest.of("send-email", new Email("ada@example.com", "Welcome"))
 *         .queue("mail").priority(1).runAt(Instant.now().plusSeconds(60))
 *         .maxAttempts(5).unique("welcome:ada").tags("signup").timeout(Duration.ofSeconds(30));
 * }</pre>
 */
public final class JobRequest {

    /** The queue a job goes to unless told otherwise: {@code default}. */
    public static final String DEFAULT_QUEUE = "default";
    /** The priority unless told otherwise: 0, the highest (0 runs before 9). */
    public static final int DEFAULT_PRIORITY = 0;
    /** Attempts before a failing job is discarded, unless told otherwise: 20. */
    public static final int DEFAULT_MAX_ATTEMPTS = 20;
    /** The states a unique key is held in unless told otherwise: available and running. */
    public static final Set<JobState> DEFAULT_UNIQUE_STATES = Set.copyOf(EnumSet.of(JobState.AVAILABLE, JobState.RUNNING));

    private static final int MAX_NAME = 128;

    private final String kind;
    private final Object args;
    private final String queue;
    private final int priority;
    private final int maxAttempts;
    private final Instant runAt;
    private final Duration timeout;
    private final String uniqueKey;
    private final Set<JobState> uniqueStates;
    private final List<String> tags;

    private JobRequest(String kind, Object args, String queue, int priority, int maxAttempts, Instant runAt,
            Duration timeout, String uniqueKey, Set<JobState> uniqueStates, List<String> tags) {
        this.kind = kind;
        this.args = args;
        this.queue = queue;
        this.priority = priority;
        this.maxAttempts = maxAttempts;
        this.runAt = runAt;
        this.timeout = timeout;
        this.uniqueKey = uniqueKey;
        this.uniqueStates = uniqueStates;
        this.tags = tags;
    }

    /**
     * A job of a kind with its arguments, on the default queue with default options.
     *
     * @param kind what handler runs it: 1 to 128 characters
     * @param args its arguments, any value the JSON codec can encode (a record, a map); {@code null}
     *     is stored as an empty object
     * @return the request
     * @throws IllegalArgumentException when the kind is empty or too long
     */
    public static JobRequest of(String kind, Object args) {
        return new JobRequest(checkName("kind", kind), args, DEFAULT_QUEUE, DEFAULT_PRIORITY,
                DEFAULT_MAX_ATTEMPTS, null, null, null, null, List.of());
    }

    /**
     * Puts the job on another queue.
     *
     * @param name 1 to 128 characters
     * @return the copy
     */
    public JobRequest queue(String name) {
        return new JobRequest(kind, args, checkName("queue", name), priority, maxAttempts, runAt, timeout,
                uniqueKey, uniqueStates, tags);
    }

    /**
     * Sets the priority within its queue: 0 (first) to 9 (last).
     *
     * @param value the priority
     * @return the copy
     */
    public JobRequest priority(int value) {
        if (value < 0 || value > 9) {
            throw new IllegalArgumentException("priority must be 0 (first) to 9 (last), got " + value);
        }
        return new JobRequest(kind, args, queue, value, maxAttempts, runAt, timeout, uniqueKey, uniqueStates, tags);
    }

    /**
     * Sets how many attempts the job gets before it is discarded.
     *
     * @param value 1 to 32767
     * @return the copy
     */
    public JobRequest maxAttempts(int value) {
        if (value < 1 || value > Short.MAX_VALUE) {
            throw new IllegalArgumentException("maxAttempts must be 1 to 32767, got " + value);
        }
        return new JobRequest(kind, args, queue, priority, value, runAt, timeout, uniqueKey, uniqueStates, tags);
    }

    /**
     * Runs the job no earlier than this instant (compared with the database clock).
     *
     * @param when the earliest start
     * @return the copy
     */
    public JobRequest runAt(Instant when) {
        return new JobRequest(kind, args, queue, priority, maxAttempts, Objects.requireNonNull(when, "runAt"),
                timeout, uniqueKey, uniqueStates, tags);
    }

    /**
     * Runs the job after a delay from now (this JVM's clock).
     *
     * @param delay zero or more
     * @return the copy
     */
    public JobRequest delay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, got " + delay);
        }
        return runAt(Instant.now().plus(delay));
    }

    /**
     * Limits one attempt of the job; past it the handler is told to stop (interrupted) and the
     * attempt fails. Overrides the workers' default timeout.
     *
     * @param value more than zero, at most about 24 days
     * @return the copy
     */
    public JobRequest timeout(Duration value) {
        if (value.isZero() || value.isNegative() || value.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timeout must be more than zero and at most "
                    + Integer.MAX_VALUE + " ms, got " + value);
        }
        return new JobRequest(kind, args, queue, priority, maxAttempts, runAt, value, uniqueKey, uniqueStates, tags);
    }

    /**
     * Deduplicates on a key while a job with it is available or running
     * ({@link #DEFAULT_UNIQUE_STATES}).
     *
     * @param key 1 to 512 characters
     * @return the copy
     */
    public JobRequest unique(String key) {
        return unique(key, DEFAULT_UNIQUE_STATES);
    }

    /**
     * Deduplicates on a key while a job with it is in one of the given states. The states must
     * include available and running (a retried job moves between them and must keep its key).
     * Add {@link JobState#COMPLETED} to also refuse a job whose twin completed and is still
     * retained.
     *
     * @param key 1 to 512 characters
     * @param states the states that hold the key
     * @return the copy
     */
    public JobRequest unique(String key, Set<JobState> states) {
        Objects.requireNonNull(key, "unique key must not be null");
        if (key.isEmpty() || key.length() > 512) {
            throw new IllegalArgumentException("unique key must be 1 to 512 characters, got " + key.length());
        }
        if (!states.contains(JobState.AVAILABLE) || !states.contains(JobState.RUNNING)) {
            throw new IllegalArgumentException("unique states must include AVAILABLE and RUNNING, got " + states);
        }
        return new JobRequest(kind, args, queue, priority, maxAttempts, runAt, timeout, key,
                Set.copyOf(EnumSet.copyOf(states)), tags);
    }

    /**
     * Labels the job, for inspection and for the handler.
     *
     * @param values 1 to 100 characters each, no control characters
     * @return the copy
     */
    public JobRequest tags(String... values) {
        for (String t : values) {
            Objects.requireNonNull(t, "tag must not be null");
            if (t.isEmpty() || t.length() > 100 || t.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("a tag must be 1 to 100 characters without control characters: '"
                        + t + "'");
            }
        }
        return new JobRequest(kind, args, queue, priority, maxAttempts, runAt, timeout, uniqueKey, uniqueStates,
                List.of(values));
    }

    /**
     * The kind.
     *
     * @return the kind
     */
    public String kind() {
        return kind;
    }

    /**
     * The arguments, before encoding.
     *
     * @return the arguments, possibly {@code null}
     */
    public Object args() {
        return args;
    }

    /**
     * The queue.
     *
     * @return the queue name
     */
    public String queue() {
        return queue;
    }

    /**
     * The priority.
     *
     * @return 0 to 9
     */
    public int priority() {
        return priority;
    }

    /**
     * The attempts allowed.
     *
     * @return at least 1
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * The earliest start, if set.
     *
     * @return the instant, or empty for now
     */
    public Optional<Instant> runAt() {
        return Optional.ofNullable(runAt);
    }

    /**
     * The timeout, if set.
     *
     * @return the timeout, or empty for the workers' default
     */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /**
     * The unique key, if set.
     *
     * @return the key
     */
    public Optional<String> uniqueKey() {
        return Optional.ofNullable(uniqueKey);
    }

    /**
     * The states the unique key is held in.
     *
     * @return the states, empty without a key
     */
    public Set<JobState> uniqueStates() {
        return uniqueStates == null ? Set.of() : uniqueStates;
    }

    /**
     * The tags.
     *
     * @return the tags
     */
    public List<String> tags() {
        return tags;
    }

    private static String checkName(String what, String value) {
        Objects.requireNonNull(value, what + " must not be null");
        if (value.isEmpty() || value.length() > MAX_NAME) {
            throw new IllegalArgumentException(what + " must be 1 to " + MAX_NAME + " characters, got '" + value + "'");
        }
        return value;
    }

    @Override
    public String toString() {
        return "JobRequest[" + kind + " on " + queue + ", priority " + priority + "]";
    }
}
