package dev.justpg.backup.pitr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.backup.Endpoint;
import dev.justpg.core.Database;
import dev.justpg.testkit.ConnectionInfo;
import dev.justpg.testkit.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The README's point-in-time recovery snippet, run on real servers. */
@Tag("slow")
class PitrQuickStartTest {

    @Test
    void theReadmeSnippetRecoversTheDroppedTable() throws Exception {
        Path root = Files.createTempDirectory("justpg-pitr-quick-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path archiveDir = root.resolve("archive");
        Path baseDir = root.resolve("base");
        Path restoreDir = root.resolve("restore");
        try (EmbeddedServer primary = EmbeddedServer.builder().start()) {
            ConnectionInfo admin = primary.adminConnectionInfo();
            Database adminDb = Database.of(admin.dataSource());
            Endpoint endpoint = Endpoint.of(admin.host(), admin.port(), admin.database(), admin.user(),
                    admin.password());
            ServerLauncher launcher = new EmbeddedLauncher(admin.password());

            WalArchive archive = WalArchive.create(archiveDir);                     // safe archive/restore commands
            primary.grantServerAccess(archiveDir); // the server's OS user writes the archive
            WalArchiving.configure(adminDb, archive, Duration.ofMinutes(1));        // ALTER SYSTEM; restart if asked
            primary.stop();
            primary.start();
            adminDb.execute("create table invoices(id int primary key)");
            adminDb.execute("insert into invoices select generate_series(1, 42)");
            BaseBackup base = BaseBackups.builder(endpoint).build().take(baseDir);  // pg_basebackup -X stream
            Instant beforeTheDrop = Instant.now();
            // ... the DROP TABLE happens, WAL keeps being archived ...
            adminDb.execute("drop table invoices");
            WalArchiving.switchAndAwait(adminDb, archive, Duration.ofSeconds(60));
            try (RecoveryResult r = Recovery.builder(base, archive)
                    .target(RecoveryTarget.time(beforeTheDrop))                     // or .name(..), .lsn(..), .xid(..)
                    .dataDirectory(restoreDir).build()
                    .run(launcher)) {                                               // starts a server, waits, reports
                System.out.println(r.state() + ", replayed to " + r.replayedTo().orElseThrow());
                assertThat(r.state()).isEqualTo(RecoveryState.PROMOTED);
                long invoices = Database.of(r.server().dataSource()).inTransaction(tx -> tx.queryOne(
                        "select count(*) from invoices", rs -> rs.getLong(1)));
                assertThat(invoices).isEqualTo(42);
            }
            archive.cleanup(base.startWalFile());                                   // WAL older than the oldest kept backup
            assertThat(archive.contains(base.startWalFile())).isTrue();
        }
    }
}
