package dev.justpg.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.core.Database;
import dev.justpg.core.internal.Jdbc;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A handler that throws, whatever it throws, never stalls its subscription silently: errors the
 * handler recovers from (the stack has unwound) are reported and delivery goes on; virtual
 * machine errors other than a stack overflow end the subscription visibly. Both with justpg's own
 * threads and with a caller's executor; the threads that ran the handlers keep working.
 */
@PostgresTest
class PubSubHandlerErrorsTest {

    private final Database db;
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<String> ended = new CopyOnWriteArrayList<>();
    private ExecutorService executor;

    PubSubHandlerErrorsTest(TestDatabase database) {
        this.db = Database.of(database.dataSource());
    }

    @AfterEach
    void stopExecutor() throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private PubSub build(boolean ownThreads) {
        PubSub.Builder b = PubSub.builder(db)
                .reconnect(ReconnectPolicy.of(Duration.ofMillis(50), Duration.ofMillis(200)))
                .listener(new PubSubListener() {
                    @Override
                    public void onHandlerFailure(String channel, Throwable error) {
                        failures.add(channel + ":" + error.getClass().getSimpleName());
                    }

                    @Override
                    public void onSubscriptionEnded(String channel, Throwable cause) {
                        ended.add(channel + ":" + cause.getClass().getSimpleName());
                    }
                });
        if (!ownThreads) {
            executor = Executors.newFixedThreadPool(2);
            b.executor(executor);
        }
        return b.build();
    }

    /** Throwables after which delivery goes on. */
    private static final List<Supplier<Throwable>> RECOVERABLE = List.of(
            () -> new IllegalStateException("a bug"),
            () -> new NoClassDefFoundError("com/example/Missing"),
            () -> new AssertionError("an assert"),
            () -> new Error("a plain error"),
            PubSubHandlerErrorsTest::realStackOverflow);

    @ParameterizedTest(name = "own threads: {0}")
    @ValueSource(booleans = {true, false})
    void everyRecoverableThrowableIsReportedAndDeliveryGoesOn(boolean ownThreads) throws Exception {
        Channel<String> ch = Channel.text("err_recoverable");
        try (PubSub pubsub = build(ownThreads)) {
            Recorder<String> rec = new Recorder<>() {
                @Override
                public void onMessage(Message<String> message) {
                    String p = message.payload();
                    if (p.startsWith("throw:")) {
                        sneakyThrow(RECOVERABLE.get(Integer.parseInt(p.substring(6))).get());
                    }
                    super.onMessage(message);
                }
            };
            Subscription sub = pubsub.subscribe(ch, rec);
            for (int i = 0; i < RECOVERABLE.size(); i++) {
                pubsub.publish(ch, "throw:" + i);
                pubsub.publish(ch, "after " + i);
                assertThat(rec.nextPayload()).isEqualTo("after " + i);
            }
            assertThat(failures).containsExactly("err_recoverable:IllegalStateException",
                    "err_recoverable:NoClassDefFoundError", "err_recoverable:AssertionError", "err_recoverable:Error",
                    "err_recoverable:StackOverflowError");
            assertThat(sub.isOpen()).isTrue();
            assertThat(sub.failure()).isEmpty();
            long deadline = System.nanoTime() + Recorder.WAIT.toNanos();
            while (sub.delivered() < 2L * RECOVERABLE.size()) { // counted once the last handler call returned
                assertThat(System.nanoTime()).as("every message counted").isLessThan(deadline);
                Thread.sleep(1);
            }
            assertThat(sub.delivered()).isEqualTo(2L * RECOVERABLE.size());
            assertThat(pubsub.stats().handlerFailures()).isEqualTo(RECOVERABLE.size());
            assertThat(ended).isEmpty();
        }
    }

    @ParameterizedTest(name = "own threads: {0}")
    @ValueSource(booleans = {true, false})
    void aVirtualMachineErrorEndsTheSubscriptionVisiblyAndTheOthersCarryOn(boolean ownThreads) throws Exception {
        Channel<String> ch = Channel.text("err_fatal");
        try (PubSub pubsub = build(ownThreads)) {
            Subscription doomed = pubsub.subscribe(ch, m -> {
                throw new OutOfMemoryError("simulated: Java heap space");
            });
            Recorder<String> bystander = new Recorder<>();
            pubsub.subscribe(ch, bystander);
            pubsub.publish(ch, "first");
            assertThat(bystander.nextPayload()).isEqualTo("first");
            awaitClosed(doomed);
            assertThat(doomed.failure()).containsInstanceOf(OutOfMemoryError.class);
            long deadline = System.nanoTime() + Recorder.WAIT.toNanos();
            while (ended.isEmpty()) { // reported right after the subscription closed
                assertThat(System.nanoTime()).as("onSubscriptionEnded").isLessThan(deadline);
                Thread.sleep(1);
            }
            assertThat(ended).containsExactly("err_fatal:OutOfMemoryError");
            assertThat(failures).containsExactly("err_fatal:OutOfMemoryError");
            assertThat(pubsub.stats().subscriptions()).isEqualTo(1);

            // The threads survived: the other subscription and new ones keep receiving.
            for (int i = 0; i < 20; i++) {
                pubsub.publish(ch, "m" + i);
            }
            for (int i = 0; i < 20; i++) {
                assertThat(bystander.nextPayload()).isEqualTo("m" + i);
            }
            Recorder<String> later = new Recorder<>();
            pubsub.subscribe(Channel.text("err_fatal_later"), later);
            pubsub.publish(Channel.text("err_fatal_later"), "fresh");
            assertThat(later.nextPayload()).isEqualTo("fresh");
        }
    }

    @ParameterizedTest(name = "own threads: {0}")
    @ValueSource(booleans = {true, false})
    void anErrorInOnResyncIsReportedAndDeliveryGoesOn(boolean ownThreads) throws Exception {
        Channel<String> ch = Channel.text("err_resync");
        try (PubSub pubsub = build(ownThreads)) {
            Recorder<String> rec = new Recorder<>() {
                @Override
                public void onResync(Resync resync) {
                    super.onResync(resync);
                    throw new AssertionError("resync handler bug");
                }
            };
            Subscription sub = pubsub.subscribe(ch, rec);
            int pid = pubsub.stats().backendPid();
            db.withConnection(c -> Jdbc.query(c, "select pg_terminate_backend(?)", r -> null, pid));
            assertThat(rec.next()).isInstanceOf(Resync.class);
            pubsub.publish(ch, "after the resync");
            assertThat(rec.nextPayload()).isEqualTo("after the resync");
            assertThat(failures).containsExactly("err_resync:AssertionError");
            assertThat(sub.isOpen()).isTrue();
        }
    }

    @ParameterizedTest(name = "own threads: {0}")
    @ValueSource(booleans = {true, false})
    void aHandlerThatAlwaysThrowsIsCountedEveryTime(boolean ownThreads) throws Exception {
        Channel<String> ch = Channel.text("err_always");
        try (PubSub pubsub = build(ownThreads)) {
            Subscription sub = pubsub.subscribe(ch, m -> {
                throw new IllegalArgumentException("always");
            });
            int n = 300;
            db.useTransaction(tx -> {
                for (int i = 0; i < n; i++) {
                    pubsub.publish(tx, ch, Integer.toString(i));
                }
            });
            long deadline = System.nanoTime() + Recorder.WAIT.toNanos();
            while (pubsub.stats().handlerFailures() < n) {
                assertThat(System.nanoTime()).as(n + " failures counted").isLessThan(deadline);
                Thread.sleep(5);
            }
            assertThat(sub.delivered()).isEqualTo(n);
            assertThat(sub.isOpen()).isTrue();
        }
    }

    private static void awaitClosed(Subscription sub) throws InterruptedException {
        long deadline = System.nanoTime() + Recorder.WAIT.toNanos();
        while (sub.isOpen()) {
            assertThat(System.nanoTime()).as("the subscription ends").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static Throwable realStackOverflow() {
        try {
            recurse(0);
            throw new AssertionError("no stack overflow");
        } catch (StackOverflowError e) {
            return e;
        }
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }
}
