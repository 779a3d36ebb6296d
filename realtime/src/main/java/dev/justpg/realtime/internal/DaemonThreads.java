package dev.justpg.realtime.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** justpg's own named daemon threads. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /**
     * A factory of daemon threads named {@code prefix} or {@code prefix-N}.
     *
     * @param prefix the name, such as {@code justpg-pubsub-listener}
     * @return the factory
     */
    public static ThreadFactory factory(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            int i = n.incrementAndGet();
            Thread t = new Thread(r, i == 1 ? prefix : prefix + "-" + i);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * The default handler executor: a thread per subscription with work, reused, ended after
     * 30 s idle.
     *
     * @return the executor
     */
    public static ExecutorService handlerPool() {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "justpg-pubsub-handler-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
