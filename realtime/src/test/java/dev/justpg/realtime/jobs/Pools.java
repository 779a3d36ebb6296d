package dev.justpg.realtime.jobs;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.justpg.testkit.ConnectionInfo;

/** A small HikariCP pool over a test database. */
final class Pools {

    private Pools() {
    }

    static HikariDataSource pool(ConnectionInfo info, int size) {
        HikariConfig c = new HikariConfig();
        c.setDataSource(info.dataSource());
        c.setMaximumPoolSize(size);
        c.setConnectionTimeout(10_000);
        return new HikariDataSource(c);
    }

    /** Waits for a condition, failing after the deadline. */
    static void await(String what, long timeoutMs, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
