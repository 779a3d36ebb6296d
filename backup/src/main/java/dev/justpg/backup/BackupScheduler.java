package dev.justpg.backup;

import dev.justpg.backup.internal.Connections;
import dev.justpg.core.AdvisoryLock;
import dev.justpg.core.SessionLock;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Back up daily at 02:00, verify on Sundays, apply retention" inside the application. Of many JVMs
 * running the same schedule against one database, only the one that takes a session advisory lock
 * runs a given slot; the others skip it.
 *
 * <p>A failed run is logged, reported to the {@link Outcome} callback and retried at the next slot:
 * the loop never dies silently. {@link #close()} cancels the schedule and waits, with a bound, for
 * a run in progress.
 */
public final class BackupScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackupScheduler.class);

    /** The default time of day: 02:00. */
    public static final LocalTime DEFAULT_TIME = LocalTime.of(2, 0);
    /** How long {@link #close()} waits for a run in progress when it owns the executor: 10 seconds. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    /** Receives the result of each scheduled run. */
    public interface Outcome {
        /** Does nothing. */
        Outcome NONE = new Outcome() { };

        /**
         * A run finished.
         *
         * @param backup the backup (verified when it was a verification day)
         */
        default void succeeded(Backup backup) {
        }

        /**
         * A run failed; the next slot runs as planned.
         *
         * @param failure the failure
         */
        default void failed(Exception failure) {
        }

        /** Another JVM held the lock; this one skipped the slot. */
        default void skipped() {
        }
    }

    private final Backups backups;
    private final LocalTime time;
    private final ZoneId zone;
    private final Set<DayOfWeek> verifyOn;
    private final DumpOptions options;
    private final RetentionPolicy retention;
    private final Outcome outcome;
    private final ScheduledExecutorService executor;
    private final boolean ownsExecutor;
    private final AdvisoryLock lock;
    private ScheduledFuture<?> next;
    private boolean closed;

    private BackupScheduler(Builder b) {
        this.backups = b.backups;
        this.time = b.time;
        this.zone = b.zone;
        this.verifyOn = EnumSet.copyOf(b.verifyOn);
        this.options = b.options;
        this.retention = b.retention;
        this.outcome = b.outcome;
        this.ownsExecutor = b.executor == null;
        this.executor = b.executor != null ? b.executor : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "justpg-backup-scheduler");
            t.setDaemon(true);
            return t;
        });
        this.lock = AdvisoryLock.of("justpg-backup:" + backups.source().database());
    }

    /**
     * Starts configuring a schedule.
     *
     * @param backups what to back up and where
     * @return a builder
     */
    public static Builder builder(Backups backups) {
        return new Builder(Objects.requireNonNull(backups, "backups"));
    }

    private synchronized void scheduleNext() {
        if (closed) {
            return;
        }
        ZonedDateTime now = ZonedDateTime.now(zone);
        ZonedDateTime at = now.with(time);
        if (!at.isAfter(now)) {
            at = at.plusDays(1);
        }
        long delay = Duration.between(now, at).toMillis();
        next = executor.schedule(this::slot, delay, TimeUnit.MILLISECONDS);
        LOG.debug("next backup of {} at {}", backups.source().database(), at);
    }

    private void slot() {
        try {
            runNow();
        } catch (RuntimeException e) {
            // reported in runNow
        } finally {
            scheduleNext();
        }
    }

    /**
     * Runs one slot now: back up, verify when today is a verification day, apply retention; only
     * when no other JVM is running it.
     *
     * @return the backup, or empty when another JVM held the lock
     * @throws BackupException when the run fails (also reported to the callback)
     */
    public Optional<Backup> runNow() {
        try (Connection c = Connections.open(backups.source())) {
            Optional<SessionLock> held = lock.tryLockSession(c);
            if (held.isEmpty()) {
                LOG.info("backup of {} skipped: another process holds {}", backups.source().database(), lock);
                outcome.skipped();
                return Optional.empty();
            }
            try (SessionLock l = held.get()) {
                Backup b = backups.dump(options);
                if (verifyOn.contains(ZonedDateTime.now(zone).getDayOfWeek())) {
                    b = backups.verify(b);
                    if (!b.manifest().isVerified()) {
                        throw new BackupException(FailureKind.VERIFICATION, "backup " + b.id() + " failed its verification drill: "
                                + b.manifest().verification().problems());
                    }
                }
                if (retention != null) {
                    backups.applyRetention(retention);
                }
                outcome.succeeded(b);
                return Optional.of(b);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.error("scheduled backup of {} failed; the next slot runs as planned", backups.source().database(), e);
            try {
                outcome.failed(e);
            } catch (RuntimeException ignored) {
                LOG.warn("backup outcome callback failed", ignored);
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new BackupException(FailureKind.OTHER, "scheduled backup failed: " + e.getMessage(), "", e);
        }
    }

    /** Cancels the schedule; waits up to {@link #DEFAULT_CLOSE_TIMEOUT} for a run in progress when it owns the executor. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (next != null) {
                next.cancel(false);
            }
        }
        if (ownsExecutor) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(DEFAULT_CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "BackupScheduler[daily at " + time + " " + zone + ", verify on " + verifyOn + ", retention=" + retention + "]";
    }

    /** Builds {@link BackupScheduler}. */
    public static final class Builder {
        private final Backups backups;
        private LocalTime time = DEFAULT_TIME;
        private ZoneId zone = ZoneId.systemDefault();
        private Set<DayOfWeek> verifyOn = EnumSet.allOf(DayOfWeek.class);
        private DumpOptions options = DumpOptions.defaults();
        private RetentionPolicy retention;
        private Outcome outcome = Outcome.NONE;
        private ScheduledExecutorService executor;

        private Builder(Backups backups) {
            this.backups = backups;
        }

        /**
         * @param at the time of day (default {@link #DEFAULT_TIME})
         * @param inZone the zone of that time (default the system zone)
         * @return this
         */
        public Builder dailyAt(LocalTime at, ZoneId inZone) {
            this.time = Objects.requireNonNull(at, "time");
            this.zone = Objects.requireNonNull(inZone, "zone");
            return this;
        }

        /**
         * @param days the days whose backup is verified by a restore drill (default every day; none to never verify)
         * @return this
         */
        public Builder verifyOn(DayOfWeek... days) {
            this.verifyOn = days.length == 0 ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(java.util.List.of(days));
            return this;
        }

        /**
         * @param value the dump options (default {@link DumpOptions#defaults()})
         * @return this
         */
        public Builder options(DumpOptions value) {
            this.options = Objects.requireNonNull(value, "options");
            return this;
        }

        /**
         * @param value retention applied after each successful run (default none)
         * @return this
         */
        public Builder retention(RetentionPolicy value) {
            this.retention = Objects.requireNonNull(value, "retention");
            return this;
        }

        /**
         * @param value receives each run's outcome (default none)
         * @return this
         */
        public Builder outcome(Outcome value) {
            this.outcome = Objects.requireNonNull(value, "outcome");
            return this;
        }

        /**
         * @param value the executor to run on (default: one named daemon thread, shut down by {@link #close()})
         * @return this
         */
        public Builder executor(ScheduledExecutorService value) {
            this.executor = Objects.requireNonNull(value, "executor");
            return this;
        }

        /**
         * Validates, builds and schedules the first slot.
         *
         * @return the running scheduler
         */
        public BackupScheduler start() {
            BackupScheduler s = new BackupScheduler(this);
            LOG.info("backup schedule for {}: {}", backups.source().database(), s);
            s.scheduleNext();
            return s;
        }
    }
}
