package dev.justpg.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@PostgresTest
class AdvisoryLockTest {

    private static Database db;

    @BeforeAll
    static void setUp(TestDatabase database) {
        db = Database.of(database.dataSource());
    }

    @Test
    void stringKeysUseADocumentedStableHashThatSqlCanReproduce() {
        long fromJava = AdvisoryLock.hash("nightly-report");
        long fromSql = db.inTransaction(tx -> tx.queryOne(
                "select ('x' || left(encode(sha256(convert_to(?, 'UTF8')), 'hex'), 16))::bit(64)::bigint",
                r -> r.getLong(1), "nightly-report"));
        assertThat(fromJava).isEqualTo(fromSql);
        assertThat(AdvisoryLock.of("nightly-report").key()).isEqualTo(fromJava);
        assertThat(AdvisoryLock.hash("a")).isNotEqualTo(AdvisoryLock.hash("b"));
    }

    @Test
    void aTransactionLockExcludesASecondConnectionUntilCommit() throws Exception {
        AdvisoryLock lock = AdvisoryLock.of("tx-scope");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> db.useTransaction(tx -> {
            assertThat(lock.tryLock(tx)).isTrue();
            held.countDown();
            await(release);
        }));
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(db.inTransaction(lock::tryLock)).isFalse();
        assertThat(lock.tryRun(db, tx -> "ran")).isEmpty();
        release.countDown();
        holder.get(10, TimeUnit.SECONDS);
        assertThat(db.inTransaction(lock::tryLock)).isTrue();
        assertThat(lock.tryRun(db, tx -> "ran")).contains("ran");
    }

    @Test
    void aWaitingLockIsGrantedOnlyAfterTheHolderCommits() throws Exception {
        AdvisoryLock lock = AdvisoryLock.of(42L);
        CountDownLatch held = new CountDownLatch(1);
        AtomicLong releasedAt = new AtomicLong();
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> db.useTransaction(tx -> {
            lock.lock(tx);
            held.countDown();
            pause(300);
            releasedAt.set(System.nanoTime());
        }));
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        long acquiredAt = db.inTransaction(tx -> {
            lock.lock(tx);
            return System.nanoTime();
        });
        holder.get(10, TimeUnit.SECONDS);
        assertThat(acquiredAt).isGreaterThan(releasedAt.get());
    }

    @Test
    void aWaitIsBoundedByTheStatementTimeout() throws Exception {
        AdvisoryLock lock = AdvisoryLock.of("bounded-wait");
        try (Connection holder = db.dataSource().getConnection(); SessionLock held = lock.lockSession(holder)) {
            TxOptions patient = TxOptions.DEFAULT.withStatementTimeout(Duration.ofMillis(200));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> db.useTransaction(patient, tx -> lock.lock(tx)))
                    .isInstanceOfSatisfying(JustPgException.class,
                            e -> assertThat(e.sqlState()).contains(SqlStates.QUERY_CANCELED));
            assertThat(held.isReleased()).isFalse();
        }
    }

    @Test
    void sessionLocksOutliveTransactionsAndAreReleasedByClose() throws Exception {
        AdvisoryLock lock = AdvisoryLock.of("session-scope");
        try (Connection a = db.dataSource().getConnection(); Connection b = db.dataSource().getConnection()) {
            Optional<SessionLock> first = lock.tryLockSession(a);
            assertThat(first).isPresent();
            assertThat(lock.tryLockSession(b)).isEmpty();
            first.get().close();
            first.get().close();
            assertThat(first.get().isReleased()).isTrue();
            try (SessionLock second = lock.tryLockSession(b).orElseThrow()) {
                assertThat(lock.tryLockSession(a)).isEmpty();
                assertThat(second.lock()).isEqualTo(lock);
            }
        }
    }

    @Test
    void sharedLocksCoexistButExcludeTheExclusiveOne() throws Exception {
        AdvisoryLock exclusive = AdvisoryLock.of("shared-mode");
        AdvisoryLock shared = exclusive.shared();
        try (Connection a = db.dataSource().getConnection(); Connection b = db.dataSource().getConnection();
             Connection c = db.dataSource().getConnection();
             SessionLock s1 = shared.tryLockSession(a).orElseThrow();
             SessionLock s2 = shared.tryLockSession(b).orElseThrow()) {
            assertThat(exclusive.tryLockSession(c)).isEmpty();
            assertThat(s1.lock().isShared()).isTrue();
            assertThat(s2.isReleased()).isFalse();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the other thread did not reach its step within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the other thread", e);
        }
    }

}
