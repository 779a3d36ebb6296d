package dev.justpg.realtime.internal;

import java.util.concurrent.ThreadFactory;
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
     * A factory of daemon threads named {@code prefix-1}, {@code prefix-2}...
     *
     * @param prefix the name, such as {@code justpg-pubsub-worker}
     * @return the factory
     */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
