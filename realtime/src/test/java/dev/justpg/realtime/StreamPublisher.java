package dev.justpg.realtime;

import dev.justpg.core.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes 1, 2, 3... on a channel from a thread of its own, every couple of milliseconds,
 * surviving server restarts (it reconnects and carries on with the next number).
 */
final class StreamPublisher implements AutoCloseable {

    private final Database db;
    private final String channel;
    private final AtomicInteger published = new AtomicInteger();
    private final AtomicLong failures = new AtomicLong();
    private final Thread thread;
    private volatile boolean stop;

    StreamPublisher(Database db, String channel) {
        this.db = db;
        this.channel = channel;
        this.thread = new Thread(this::run, "test-publisher-" + channel);
        thread.setDaemon(true);
        thread.start();
    }

    /** How many numbers are committed so far (the last one is this number). */
    int published() {
        return published.get();
    }

    long failures() {
        return failures.get();
    }

    private void run() {
        int next = 1;
        while (!stop) {
            try (Connection c = db.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("select pg_notify(?, ?)")) {
                while (!stop) {
                    ps.setString(1, channel);
                    ps.setString(2, Integer.toString(next));
                    ps.execute();
                    published.set(next);
                    next++;
                    Thread.sleep(2);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                failures.incrementAndGet();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Waits until at least {@code n} numbers are committed. */
    void awaitPublished(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Recorder.WAIT.toNanos();
        while (published() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the publisher reached only " + published() + " of " + n
                        + " (failures: " + failures() + ")");
            }
            Thread.sleep(5);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(10_000);
    }
}
