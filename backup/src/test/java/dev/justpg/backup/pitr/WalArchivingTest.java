package dev.justpg.backup.pitr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.core.Database;
import dev.justpg.testkit.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Archiving set up through ALTER SYSTEM on a real server, its status, and a failing archiver. */
class WalArchivingTest {

    @Test
    void configuresArchivingSaysWhatNeedsARestartAndArchives() throws Exception {
        Path root = Files.createTempDirectory("justpg-wal-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (EmbeddedServer server = EmbeddedServer.builder().start()) {
            Database db = Database.of(server.adminConnectionInfo().dataSource());
            WalArchive archive = WalArchive.create(root.resolve("archive"));
            server.grantServerAccess(root);

            ArchivingSetup first = WalArchiving.configure(db, archive, Duration.ofSeconds(30));
            assertThat(first.changes()).extracting(SettingChange::name)
                    .contains("archive_mode", "archive_command", "archive_timeout");
            assertThat(first.changes()).filteredOn(c -> c.name().equals("archive_mode"))
                    .singleElement().satisfies(c -> assertThat(c.needsRestart()).isTrue());
            assertThat(first.changes()).filteredOn(c -> c.name().equals("archive_command"))
                    .singleElement().satisfies(c -> assertThat(c.needsRestart()).isFalse());
            assertThat(first.restartPending()).isTrue();
            assertThat(WalArchiving.status(db).isEnabled()).isFalse();

            server.stop();
            server.start();
            ArchivingSetup second = WalArchiving.configure(db, archive, Duration.ofSeconds(30));
            assertThat(second.changes()).isEmpty();
            assertThat(second.restartPending()).isFalse();

            db.execute("create table t(id int)");
            db.execute("insert into t select generate_series(1, 1000)");
            String file = WalArchiving.switchAndAwait(db, archive, Duration.ofSeconds(30));
            assertThat(archive.contains(file)).isTrue();
            assertThat(archive.verify()).isEmpty();
            ArchiverStatus ok = WalArchiving.status(db);
            assertThat(ok.isEnabled()).isTrue();
            assertThat(ok.archivedCount()).isPositive();
            assertThat(ok.lastArchivedWal()).contains(file);
            assertThat(ok.isFailing()).isFalse();

            Lsn point = WalArchiving.createRestorePoint(db, "before-trouble");
            assertThat(point.compareTo(Lsn.parse("0/0"))).isPositive();

            // a broken archive_command is seen in pg_stat_archiver
            db.execute("alter system set archive_command = '/bin/false'");
            db.inTransaction(tx -> tx.query("select pg_reload_conf()", r -> r.getBoolean(1)));
            db.execute("insert into t values (1)");
            db.inTransaction(tx -> tx.query("select pg_switch_wal()::text", r -> r.getString(1)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!WalArchiving.status(db).isFailing() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            ArchiverStatus failing = WalArchiving.status(db);
            assertThat(failing.isFailing()).isTrue();
            assertThat(failing.failedCount()).isPositive();
            assertThat(failing.lastFailedWal()).isPresent();
        }
    }
}
