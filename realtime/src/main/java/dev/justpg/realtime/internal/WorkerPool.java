package dev.justpg.realtime.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * justpg's own threads when the caller supplies no executor. Each thread is at any time either
 * the one reader (it holds the reader role: reads the connection, runs
 * {@code LISTEN}/{@code UNLISTEN}, probes, reconnects), or the reader running a drain with the
 * role lent, or the one watcher, or running another subscription's drain, or idle.
 *
 * <p>Work is assigned explicitly: whoever starts the reader or the watcher, or submits a drain,
 * takes the most recently idled thread (its caches are warm; the others stay idle and end after
 * {@link #IDLE_TIMEOUT_NANOS}) or starts a new one, stores the job in it and unparks it. A job
 * is never lost: a thread leaves the idle stack, to take a job or to end, under the pool lock.
 *
 * <p>The reader role is the {@code role} supplier: it reads until it has a drain to run itself,
 * which it returns after lending the role ({@link #lend()}), or until the hub closes
 * ({@code null}). The reader then runs the drain on its own thread, with no hand-off and no
 * thread woken, and takes the role back to read again. If the drain runs longer than
 * {@link #TAKEOVER_NANOS}, the one <em>watcher</em> thread takes the role instead and reads, and
 * the thread still in the handler goes idle when it returns ({@link RoleLease}). So a slow
 * handler holds up reading for 5 to 10 ms at most.
 *
 * <p>The watcher looks every {@link #WATCH_PERIOD_NANOS} while the role is being lent; after
 * {@link #DORMANT_AFTER_POLLS} looks (half a second) without a lend it sleeps until the next lend
 * wakes it (one wake per burst of traffic), and it ends like any idle thread.
 */
final class WorkerPool implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
    /** How long an idle thread waits for a job before it ends: 30 s. */
    static final long IDLE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** How long the role may stay lent before the watcher takes it: 5 ms. */
    static final long TAKEOVER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** How often the watcher looks at a lent role: 5 ms (every 1 ms cost latency at 1,000/s). */
    static final long WATCH_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** Looks without any lend before the watcher sleeps until the next lend. */
    static final int DORMANT_AFTER_POLLS = 100;
    /** The job that makes a thread the reader. */
    private static final Runnable ROLE = () -> { };
    /** The job that makes a thread the watcher. */
    private static final Runnable WATCH = () -> { };

    private final ThreadFactory factory;
    private final Supplier<Runnable> role;
    private final ReentrantLock lock = new ReentrantLock();
    /** Idle workers, most recently idled first. */
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    /** Every thread started and not yet seen dead (pruned when starting another). */
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean shutdown;
    private final RoleLease lease = new RoleLease();
    /** The token of the current lend; written and read by the role's holder only. */
    private long lentToken;
    /** The watcher thread, or {@code null}; under the lock. */
    private Worker watcher;

    /**
     * A pool; starts no thread until the first job.
     *
     * @param factory makes the threads
     * @param role runs the reader role; returns the drain to run after lending the role
     *     ({@link #lend()}), or {@code null} once the reader stopped
     */
    WorkerPool(ThreadFactory factory, Supplier<Runnable> role) {
        this.factory = factory;
        this.role = role;
    }

    /**
     * Starts the first reader: gives the role to an idle thread or a new one. Refused after
     * {@link #shutdown()} or when no thread can be started.
     *
     * @return whether another thread now holds (or is about to hold) the role
     */
    boolean handOffRole() {
        try {
            assign(ROLE);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /**
     * Lends the reader role while the calling thread, its holder, runs a drain itself; makes sure
     * a watcher is there to take the role if the drain runs long. Refused after
     * {@link #shutdown()} or when no watcher can be started; the caller then keeps the role.
     *
     * @return whether the role is lent
     */
    boolean lend() {
        long token = lease.lend();
        Worker wake = null;
        boolean watched = false;
        lock.lock();
        try {
            if (!shutdown) {
                if (watcher == null) {
                    watcher = hire(WATCH);
                    wake = watcher;
                } else if (watcher.dormant) {
                    watcher.dormant = false;
                    wake = watcher;
                }
                watched = true;
            }
        } catch (RejectedExecutionException e) {
            // no thread could be started: no watcher
        } finally {
            lock.unlock();
        }
        lentToken = token;
        if (wake != null) {
            LockSupport.unpark(wake.thread);
        }
        // Unwatched: take the role back at once. That fails only if a watcher that has just
        // left took it already (this thread stalled past the takeover time); then it is lent.
        return watched || !lease.take(token);
    }

    /** Runs a drain on an idle thread or a new one. */
    @Override
    public void execute(Runnable drain) {
        assign(drain);
    }

    private void assign(Runnable job) {
        Worker w;
        lock.lock();
        try {
            if (shutdown) {
                throw new RejectedExecutionException("the PubSub is closing");
            }
            w = hire(job);
        } finally {
            lock.unlock();
        }
        LockSupport.unpark(w.thread);
    }

    /** Under the lock: the most recently idled thread, or a new one, with {@code job} stored in it. */
    private Worker hire(Runnable job) {
        Worker w = idle.pollFirst();
        if (w == null) {
            return start(job);
        }
        w.job = job;
        return w;
    }

    /** Under the lock: a new thread whose first job is {@code job}. */
    private Worker start(Runnable job) {
        Worker w = new Worker(job);
        threads.removeIf(t -> !t.isAlive());
        Thread t;
        try {
            t = factory.newThread(w);
            w.thread = t;
            threads.add(t);
            t.start();
        } catch (RuntimeException | OutOfMemoryError e) {
            threads.remove(w.thread);
            LOG.warn("justpg PubSub could not start a thread", e);
            throw new RejectedExecutionException("could not start a thread: " + e, e);
        }
        return w;
    }

    /** Stops handing out jobs; idle threads end. Running jobs continue; the role can no longer move. */
    void shutdown() {
        lock.lock();
        try {
            shutdown = true;
            for (Worker w : idle) {
                LockSupport.unpark(w.thread);
            }
            if (watcher != null) {
                LockSupport.unpark(watcher.thread);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every thread has ended, except the calling one when it is one of the pool's
     * (a handler that closes the PubSub ends once it returns). Call after {@link #shutdown()},
     * when no thread can be added.
     *
     * @param millis the bound
     * @return whether they all ended
     * @throws InterruptedException when interrupted
     */
    boolean awaitTermination(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        List<Thread> all;
        lock.lock();
        try {
            all = new ArrayList<>(threads);
        } finally {
            lock.unlock();
        }
        for (Thread t : all) {
            if (t == Thread.currentThread()) {
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(t, left);
            }
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** Interrupts every thread but the calling one (handlers that do not finish after a shutdown). */
    void interruptAll() {
        Thread self = Thread.currentThread();
        lock.lock();
        try {
            for (Thread t : threads) {
                if (t != self) {
                    t.interrupt();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** One thread: runs its job, then waits idle for the next. */
    private final class Worker implements Runnable {

        /** The next job; written under the pool lock, read by the worker. */
        private volatile Runnable job;
        /** Set by the watcher when it sleeps until the next lend; cleared by the lender. */
        private volatile boolean dormant;
        private Thread thread;

        Worker(Runnable first) {
            this.job = first;
        }

        @Override
        public void run() {
            Runnable next;
            while ((next = take()) != null) {
                if (next == WATCH) {
                    next = watch();
                }
                if (next == ROLE) {
                    read();
                } else if (next != null) {
                    runDrain(next);
                }
            }
        }

        /** Holds the reader role: reads, runs lent drains and takes the role back, until it is lost. */
        private void read() {
            Runnable drain;
            while ((drain = role.get()) != null) {
                long token = lentToken;
                runDrain(drain);
                if (!lease.take(token)) {
                    return; // the watcher took the role while the drain ran
                }
            }
        }

        /**
         * Watches the role while it is lent; takes it when a lend runs past
         * {@link #TAKEOVER_NANOS}.
         *
         * @return {@link #ROLE} once this thread took the role, {@code null} when it stops watching
         */
        private Runnable watch() {
            long seen = lease.current();
            int quiet = 0;
            while (!shutdown) {
                if (dormant) {
                    if (!sleepUntilLend(seen)) {
                        break;
                    }
                    seen = lease.current();
                    quiet = 0;
                    continue;
                }
                LockSupport.parkNanos(this, WATCH_PERIOD_NANOS);
                long now = lease.current();
                if (lease.overdue(now, TAKEOVER_NANOS) && lease.take(now)) {
                    stopWatching(); // the next lend finds or starts another watcher
                    return ROLE;
                }
                if (now != seen) {
                    seen = now;
                    quiet = 0;
                } else if (++quiet >= DORMANT_AFTER_POLLS && (now & 1) == 0) {
                    dormant = true;
                    if (lease.current() != now) {
                        dormant = false; // a lend came meanwhile; it may not have seen the flag
                    }
                }
            }
            stopWatching();
            return null;
        }

        /**
         * Sleeps until a lend wakes this watcher. After {@link #IDLE_TIMEOUT_NANOS} without one it
         * stops watching, unless a lend came meanwhile.
         *
         * @return whether to watch again
         */
        private boolean sleepUntilLend(long seen) {
            long deadline = System.nanoTime() + IDLE_TIMEOUT_NANOS;
            while (dormant && !shutdown) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    lock.lock();
                    try {
                        if (lease.current() == seen && dormant) {
                            watcher = null;
                            dormant = false;
                            return false;
                        }
                    } finally {
                        lock.unlock();
                    }
                    continue;
                }
                LockSupport.parkNanos(this, left);
            }
            return !shutdown;
        }

        private void stopWatching() {
            lock.lock();
            try {
                if (watcher == this) {
                    watcher = null;
                }
            } finally {
                lock.unlock();
            }
        }

        /** The next job, waiting idle for it; {@code null} when the thread should end. */
        private Runnable take() {
            Runnable j = job;
            if (j != null) {
                job = null;
                return j;
            }
            lock.lock();
            try {
                if (shutdown) {
                    return null;
                }
                idle.addFirst(this);
            } finally {
                lock.unlock();
            }
            long deadline = System.nanoTime() + IDLE_TIMEOUT_NANOS;
            while (true) {
                j = job;
                if (j != null) {
                    job = null;
                    return j;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || shutdown) {
                    lock.lock();
                    try {
                        if (job == null) {
                            idle.remove(this);
                            return null;
                        }
                    } finally {
                        lock.unlock();
                    }
                    continue;
                }
                LockSupport.parkNanos(this, left);
            }
        }

        private void runDrain(Runnable drain) {
            try {
                drain.run();
            } catch (Throwable e) {
                // Drains report handler failures themselves; the thread survives whatever else comes.
                LOG.error("a justpg PubSub delivery failed unexpectedly; the thread carries on", e);
            }
            if (!shutdown) {
                // A handler may leave the interrupt flag set; it must not make the next wait spin.
                Thread.interrupted();
            }
        }
    }
}
