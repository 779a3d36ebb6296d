package dev.justpg.backup.pitr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.justpg.backup.Endpoint;
import dev.justpg.core.Database;
import dev.justpg.testkit.ConnectionInfo;
import dev.justpg.testkit.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The classic drill on real servers: rows A, a noted point, rows B, a dropped table; recovery to the
 * point brings the table back with A and without B. Each test uses its own table on one archiving
 * primary; recoveries run on separate embedded servers.
 */
@Tag("slow")
class PointInTimeRecoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicInteger DIRS = new AtomicInteger();

    private static Path root;
    private static EmbeddedServer primary;
    private static Database db;
    private static WalArchive archive;
    private static BaseBackups backups;
    private static EmbeddedLauncher launcher;

    @BeforeAll
    static void startArchivingPrimary() throws Exception {
        root = Files.createTempDirectory("justpg-pitr-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        primary = EmbeddedServer.builder().start();
        ConnectionInfo admin = primary.adminConnectionInfo();
        db = Database.of(admin.dataSource());
        archive = WalArchive.create(root.resolve("archive"));
        primary.grantServerAccess(archive.root());
        ArchivingSetup setup = WalArchiving.configure(db, archive, Duration.ofSeconds(5));
        assertThat(setup.restartPending()).isTrue();
        primary.stop();
        primary.start();
        assertThat(WalArchiving.status(db).isEnabled()).isTrue();
        backups = BaseBackups.builder(Endpoint.of(admin.host(), admin.port(), admin.database(), admin.user(),
                admin.password())).build();
        launcher = new EmbeddedLauncher(admin.password());
    }

    @AfterAll
    static void stop() {
        if (primary != null) {
            primary.close();
        }
    }

    @Test
    void recoversToANotedTimeBeforeTheDisaster() {
        BaseBackup base = backups.take(dir("base"));
        db.execute("create table orders_time(id int primary key, batch text)");
        db.execute("insert into orders_time select g, 'A' from generate_series(1, 100) g");
        Instant noted = serverNow();
        pause(50);
        db.execute("insert into orders_time select g, 'B' from generate_series(101, 150) g");
        db.execute("drop table orders_time");
        WalArchiving.switchAndAwait(db, archive, WAIT);

        try (RecoveryResult r = recover(base, RecoveryTarget.time(noted))) {
            assertThat(r.state()).isEqualTo(RecoveryState.PROMOTED);
            assertThat(batches(r, "orders_time")).containsExactly("A:100");
            assertThat(r.lastCommit()).isPresent();
            assertThat(r.lastCommit().get()).isBeforeOrEqualTo(noted);
            assertThat(r.stopMessage()).hasValueSatisfying(m -> assertThat(m).contains("recovery stopping"));
        }
    }

    @Test
    void recoversToANamedRestorePointAndToAnLsn() {
        BaseBackup base = backups.take(dir("base"));
        db.execute("create table orders_named(id int primary key, batch text)");
        db.execute("insert into orders_named select g, 'A' from generate_series(1, 10) g");
        WalArchiving.createRestorePoint(db, "before-batch-b");
        db.execute("insert into orders_named select g, 'B' from generate_series(11, 20) g");
        Lsn afterB = currentLsn();
        db.execute("insert into orders_named select g, 'C' from generate_series(21, 30) g");
        db.execute("drop table orders_named");
        WalArchiving.switchAndAwait(db, archive, WAIT);

        try (RecoveryResult r = recover(base, RecoveryTarget.name("before-batch-b"))) {
            assertThat(batches(r, "orders_named")).containsExactly("A:10");
        }
        try (RecoveryResult r = recover(base, RecoveryTarget.lsn(afterB).action(TargetAction.PAUSE))) {
            assertThat(r.state()).isEqualTo(RecoveryState.PAUSED);
            assertThat(batches(r, "orders_named")).containsExactly("A:10", "B:10");
            assertThat(r.replayedTo()).hasValueSatisfying(l -> assertThat(l.compareTo(afterB)).isGreaterThanOrEqualTo(0));
        }
    }

    @Test
    void aTargetPastTheEndOfTheArchiveIsReportedNotWaitedOn() {
        BaseBackup base = backups.take(dir("base"));
        db.execute("create table orders_future(id int)");
        WalArchiving.switchAndAwait(db, archive, WAIT);
        long started = System.nanoTime();
        assertThatThrownBy(() -> recover(base, RecoveryTarget.time(Instant.now().plus(Duration.ofHours(1)))))
                .isInstanceOf(RecoveryTargetNotReachedException.class)
                .hasMessageContaining("did not reach")
                .hasMessageContaining("after the end of the archive");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void pgVerifybackupDetectsAModifiedFile() throws Exception {
        BaseBackup base = backups.take(dir("base"));
        assertThat(base.directory().resolve("backup_manifest")).exists();
        assertThat(backups.verify(base).ok()).isTrue();
        Files.writeString(base.directory().resolve("PG_VERSION"), "tampered\n", StandardOpenOption.APPEND);
        BaseBackupVerification broken = backups.verify(base);
        assertThat(broken.ok()).isFalse();
        assertThat(String.join("\n", broken.problems())).contains("PG_VERSION");
    }

    @Test
    void retentionKeepsTheWalAKeptBackupNeedsAndDeletesTheRest() {
        BaseBackup old = backups.take(dir("base"));
        db.execute("create table orders_kept(id int)");
        db.execute("insert into orders_kept values (1)");
        WalArchiving.switchAndAwait(db, archive, WAIT);
        BaseBackup kept = backups.take(dir("base"));
        db.execute("insert into orders_kept values (2)");
        WalArchiving.switchAndAwait(db, archive, WAIT);

        assertThat(archive.contains(old.startWalFile())).isTrue();
        WalCleanup cleanup = archive.cleanup(kept.startWalFile());
        assertThat(cleanup.deleted()).contains(old.startWalFile()).doesNotContain(kept.startWalFile());
        List<String> left = archive.files().stream().map(ArchivedWal::name).toList();
        assertThat(left).contains(kept.startWalFile());
        assertThat(left).noneMatch(n -> n.length() >= 24 && n.substring(8, 24).compareTo(
                kept.startWalFile().substring(8)) < 0);
        // the kept backup still recovers to the latest state from what is left
        try (RecoveryResult r = recover(kept, RecoveryTarget.latest())) {
            assertThat(r.state()).isEqualTo(RecoveryState.PROMOTED);
            assertThat(count(r, "orders_kept")).isEqualTo(2);
        }
    }

    @Test
    void theDrillReportsRecoveryTimeAndTheDataLossWindow() {
        db.execute("create table drill_orders(id int primary key, note text)");
        DrillReport report = PitrDrill.builder(db, backups, archive, launcher).workDirectory(dir("drill"))
                .timeout(WAIT)
                .workload(d -> d.execute("insert into drill_orders select g, 'kept' from generate_series(1, 50) g"))
                .disaster(d -> d.execute("drop table drill_orders"))
                .check(d -> d.inTransaction(tx -> tx.queryOne("select count(*) from drill_orders",
                        r -> r.getLong(1))) == 50)
                .build().run();
        assertThat(report.failure()).isEmpty();
        assertThat(report.passed()).isTrue();
        assertThat(report.recoveryTime()).isPositive();
        assertThat(report.lastReplayedCommit()).isPresent();
        assertThat(report.dataLossWindow()).isPositive().isLessThan(Duration.ofSeconds(30));

        DrillReport failing = PitrDrill.builder(db, backups, archive, launcher).workDirectory(dir("drill"))
                .timeout(WAIT).check(d -> false).build().run();
        assertThat(failing.passed()).isFalse();
        assertThat(failing.failure()).hasValueSatisfying(f -> assertThat(f).contains("rejected"));
    }

    @Test
    void aCompressedTarBackupReportsProgressAndRecovers() {
        List<BaseBackupProgress> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        ConnectionInfo admin = primary.adminConnectionInfo();
        BaseBackups tar = BaseBackups.builder(Endpoint.of(admin.host(), admin.port(), admin.database(), admin.user(),
                admin.password())).format(BaseBackupFormat.TAR).compression(dev.justpg.backup.Compression.gzip(1))
                .checkpoint(Checkpoint.FAST).progress(progress::add).build();
        db.execute("create table orders_tar(id int)");
        db.execute("insert into orders_tar select generate_series(1, 500)");
        BaseBackup base = tar.take(dir("tar"));
        assertThat(base.format()).isEqualTo(BaseBackupFormat.TAR);
        assertThat(base.directory().resolve("base.tar.gz")).exists();
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1).percent()).isEqualTo(100);
        assertThatThrownBy(() -> tar.verify(base)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain-format");
        db.execute("insert into orders_tar select generate_series(501, 600)");
        WalArchiving.switchAndAwait(db, archive, WAIT);
        try (RecoveryResult r = recover(base, RecoveryTarget.latest())) {
            assertThat(count(r, "orders_tar")).isEqualTo(600);
        }
    }

    @Test
    void aRoleWithoutReplicationGetsTheStatementThatFixesIt() {
        ConnectionInfo admin = primary.adminConnectionInfo();
        db.execute("drop role if exists no_replication");
        db.execute("create role no_replication login password 'not-a-secret-1'");
        BaseBackups denied = BaseBackups.builder(Endpoint.of(admin.host(), admin.port(), admin.database(),
                "no_replication", "not-a-secret-1")).build();
        Path target = dir("denied");
        assertThatThrownBy(() -> denied.take(target)).isInstanceOf(PitrException.class)
                .hasMessageContaining("ALTER ROLE no_replication REPLICATION")
                .hasMessageNotContaining("not-a-secret-1");
        assertThat(target).doesNotExist();
        assertThat(target.resolveSibling("." + target.getFileName() + ".justpg-partial")).doesNotExist();
        assertThatThrownBy(() -> BaseBackups.builder(Endpoint.of(admin.host(), admin.port(), admin.database(),
                admin.user(), admin.password())).compression(dev.justpg.backup.Compression.gzip(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tar");
    }

    private static RecoveryResult recover(BaseBackup base, RecoveryTarget target) {
        return Recovery.builder(base, archive).target(target).dataDirectory(dir("restore")).scratch(true)
                .timeout(WAIT).build().run(launcher);
    }

    private static Path dir(String prefix) {
        return root.resolve(prefix + "-" + DIRS.incrementAndGet());
    }

    private static Instant serverNow() {
        return db.inTransaction(tx -> tx.queryOne("select clock_timestamp()", r -> r.getTimestamp(1).toInstant()));
    }

    private static Lsn currentLsn() {
        return db.inTransaction(tx -> Lsn.parse(tx.queryOne("select pg_current_wal_insert_lsn()::text",
                r -> r.getString(1))));
    }

    private static List<String> batches(RecoveryResult r, String table) {
        return Database.of(r.server().dataSource()).inTransaction(tx -> tx.query(
                "select batch || ':' || count(*) from " + table + " group by batch order by batch",
                rs -> rs.getString(1)));
    }

    private static long count(RecoveryResult r, String table) {
        return Database.of(r.server().dataSource()).inTransaction(tx -> tx.queryOne(
                "select count(*) from " + table, rs -> rs.getLong(1)));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
