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
 * justpg's own threads when the caller supplies no executor (leader/follower). Each thread is at
 * any time either the one reader (it holds the reader role: reads the connection, runs
 * {@code LISTEN}/{@code UNLISTEN}, probes, reconnects), or running one subscription's drain, or
 * idle.
 *
 * <p>Work is assigned explicitly: whoever hands the reader role on, or submits a drain, takes the
 * most recently idled thread (its caches are warm; the others stay idle and end after
 * {@link #IDLE_TIMEOUT_NANOS}) or starts a new one, stores the job in it and unparks it. A job
 * is never lost: a thread leaves the idle stack, to take a job or to end, under the pool lock.
 *
 * <p>The reader role is the {@code role} supplier: it reads until it has a drain to run itself,
 * which it returns after handing the role to another thread ({@link #handOffRole()}), or until
 * the hub closes ({@code null}). So the thread that runs a handler has always given up the
 * connection before it runs it.
 */
final class WorkerPool implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
    /** How long an idle thread waits for a job before it ends: 30 s. */
    static final long IDLE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** The job that makes a thread the reader. */
    private static final Runnable ROLE = () -> { };

    private final ThreadFactory factory;
    private final Supplier<Runnable> role;
    private final ReentrantLock lock = new ReentrantLock();
    /** Idle workers, most recently idled first. */
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    /** Every thread started and not yet seen dead (pruned when starting another). */
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean shutdown;

    /**
     * A pool; starts no thread until the first job.
     *
     * @param factory makes the threads
     * @param role runs the reader role; returns the drain to run after handing the role on, or
     *     {@code null} once the reader stopped
     */
    WorkerPool(ThreadFactory factory, Supplier<Runnable> role) {
        this.factory = factory;
        this.role = role;
    }

    /**
     * Gives the reader role to an idle thread or a new one. Refused after {@link #shutdown()}
     * or when no thread can be started; the caller then keeps the role.
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
            w = idle.pollFirst();
            if (w == null) {
                w = start(job);
            } else {
                w.job = job;
            }
        } finally {
            lock.unlock();
        }
        LockSupport.unpark(w.thread);
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
        private Thread thread;

        Worker(Runnable first) {
            this.job = first;
        }

        @Override
        public void run() {
            Runnable next;
            while ((next = take()) != null) {
                if (next == ROLE) {
                    next = role.get();
                    if (next == null) {
                        continue;
                    }
                }
                runDrain(next);
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
            } catch (VirtualMachineError e) {
                LOG.error("a justpg PubSub thread hit {}; it stops", e.toString(), e);
                throw e;
            } catch (Throwable e) {
                LOG.error("a justpg PubSub delivery failed unexpectedly; the thread carries on", e);
            }
            if (!shutdown) {
                // A handler may leave the interrupt flag set; it must not make the next wait spin.
                Thread.interrupted();
            }
        }
    }
}
