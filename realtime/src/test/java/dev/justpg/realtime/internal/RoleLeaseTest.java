package dev.justpg.realtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The reader role lent to a handler is taken back by exactly one thread, and only for that lend. */
class RoleLeaseTest {

    @Test
    void aLendIsTakenBackOnceAndAStaleTokenTakesNothing() {
        RoleLease lease = new RoleLease();
        long first = lease.lend();
        assertThat(first & 1).as("lent: odd").isEqualTo(1);
        assertThat(lease.take(first)).isTrue();
        assertThat(lease.take(first)).as("taken already").isFalse();
        long second = lease.lend();
        assertThat(lease.take(first)).as("a token of an earlier lend").isFalse();
        assertThat(lease.take(second)).isTrue();
    }

    @Test
    void overdueOnlyWhileTheSameLendLasts() throws InterruptedException {
        RoleLease lease = new RoleLease();
        long held = lease.current();
        assertThat(lease.overdue(held, 0)).as("held, not lent").isFalse();
        long lent = lease.lend();
        assertThat(lease.overdue(lent, 60_000_000_000L)).as("not yet a minute").isFalse();
        Thread.sleep(2);
        assertThat(lease.overdue(lent, 1_000_000L)).isTrue();
        assertThat(lease.take(lent)).isTrue();
        assertThat(lease.overdue(lent, 0)).as("taken back").isFalse();
    }

    @Test
    void whenTheReaderAndTheWatcherRaceExactlyOneWins() throws Exception {
        RoleLease lease = new RoleLease();
        int rounds = 20_000;
        AtomicInteger wins = new AtomicInteger();
        long[] token = new long[1];
        CyclicBarrier lent = new CyclicBarrier(2, () -> token[0] = lease.lend());
        CyclicBarrier settled = new CyclicBarrier(2);
        Runnable contender = () -> {
            try {
                for (int i = 0; i < rounds; i++) {
                    lent.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    if (lease.take(token[0])) {
                        wins.incrementAndGet();
                    }
                    settled.await(30, java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        Thread reader = new Thread(contender);
        Thread watcher = new Thread(contender);
        reader.start();
        watcher.start();
        reader.join(60_000);
        watcher.join(60_000);
        assertThat(reader.isAlive() || watcher.isAlive()).as("both contenders finished").isFalse();
        assertThat(wins.get()).as("one winner per lend").isEqualTo(rounds);
        assertThat(lease.current()).isEqualTo(2L * rounds);
    }
}
