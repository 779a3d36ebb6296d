package dev.justpg.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A subscriber that records everything it gets, in order, for tests to wait on. */
class Recorder<T> implements Subscriber<T> {

    static final Duration WAIT = Duration.ofSeconds(30);

    /** Either a {@link Message} or a {@link Resync}, in delivery order. */
    final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    final List<Object> seen = new ArrayList<>();
    final List<String> threads = new ArrayList<>();

    @Override
    public void onMessage(Message<T> message) {
        synchronized (threads) {
            threads.add(Thread.currentThread().getName());
        }
        events.add(message);
    }

    @Override
    public void onResync(Resync resync) {
        events.add(resync);
    }

    /** Waits for the next event. */
    Object next() throws InterruptedException {
        Object e = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            throw new AssertionError("no event within " + WAIT + "; seen so far: " + tail());
        }
        seen.add(e);
        return e;
    }

    /** Waits for the next message's payload, failing on a Resync. */
    @SuppressWarnings("unchecked")
    T nextPayload() throws InterruptedException {
        Object e = next();
        if (!(e instanceof Message)) {
            throw new AssertionError("expected a message but got " + e);
        }
        return ((Message<T>) e).payload();
    }

    /** Collects events until one matches (inclusive), within {@link #WAIT} overall. */
    List<Object> until(Predicate<Object> stop) throws InterruptedException {
        List<Object> got = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching event within " + WAIT + "; seen so far: " + tail());
            }
            Object e = next();
            got.add(e);
            if (stop.test(e)) {
                return got;
            }
        }
    }

    /** Payloads of the messages among events. */
    @SuppressWarnings("unchecked")
    static <T> List<T> payloads(List<Object> events) {
        List<T> out = new ArrayList<>();
        for (Object e : events) {
            if (e instanceof Message) {
                out.add(((Message<T>) e).payload());
            }
        }
        return out;
    }

    static boolean isPayload(Object e, Object payload) {
        return e instanceof Message && payload.equals(((Message<?>) e).payload());
    }

    private String tail() {
        int from = Math.max(0, seen.size() - 5);
        return seen.subList(from, seen.size()).toString();
    }
}
