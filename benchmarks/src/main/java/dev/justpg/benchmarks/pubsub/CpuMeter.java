package dev.justpg.benchmarks.pubsub;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * CPU the JVM spends on the subscriber side: the process's CPU time minus the publisher threads'.
 * What remains is the subscriber's threads plus the JVM's own (GC, JIT), which the subscriber's
 * allocations and code cause; the latency recording costs the same for every subscriber. Also the
 * heap bytes allocated by every thread but the publishers.
 */
final class CpuMeter {

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final List<Thread> excluded;

    /**
     * A meter.
     *
     * @param excluded the publisher threads
     */
    CpuMeter(List<Thread> excluded) {
        this.excluded = excluded;
    }

    /**
     * The subscriber-side CPU time so far.
     *
     * @return nanoseconds
     */
    long nanos() {
        return os.getProcessCpuTime() - publishers(threads::getThreadCpuTime);
    }

    /**
     * Heap bytes allocated so far by every thread (finished ones included) but the publishers.
     *
     * @return bytes
     */
    long allocatedBytes() {
        return threads.getTotalThreadAllocatedBytes() - publishers(threads::getThreadAllocatedBytes);
    }

    private long publishers(java.util.function.LongUnaryOperator perThread) {
        long total = 0;
        for (Thread t : excluded) {
            long n = perThread.applyAsLong(t.getId());
            if (n > 0) {
                total += n;
            }
        }
        return total;
    }
}
