package dev.justpg.examples;

import dev.justpg.backup.BackupException;
import dev.justpg.backup.Endpoint;
import dev.justpg.backup.pitr.ArchivingSetup;
import dev.justpg.backup.pitr.BaseBackups;
import dev.justpg.backup.pitr.DrillReport;
import dev.justpg.backup.pitr.PitrDrill;
import dev.justpg.backup.pitr.SettingChange;
import dev.justpg.backup.pitr.WalArchive;
import dev.justpg.backup.pitr.WalArchiving;
import dev.justpg.core.Database;
import dev.justpg.testkit.ConnectionInfo;
import dev.justpg.testkit.EmbeddedServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Point-in-time recovery: archive WAL, take a base backup, drop a table, recover to just before. */
final class PitrChapter implements Chapter {

    @Override
    public String title() {
        return "Point-in-time recovery: \"recover to just before the DROP\"";
    }

    @Override
    public void run(TourContext ctx) throws Exception {
        Path root = Files.createTempDirectory("justpg-tour-pitr-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        // a server of its own: turning archiving on needs a restart
        try (EmbeddedServer primary = EmbeddedServer.builder().start()) {
            ConnectionInfo admin = primary.adminConnectionInfo();
            Database db = Database.of(admin.dataSource());
            WalArchive archive = WalArchive.create(root.resolve("archive"));
            primary.grantServerAccess(archive.root());
            ArchivingSetup setup = WalArchiving.configure(db, archive, Duration.ofSeconds(5));
            ctx.say("ALTER SYSTEM: %s; restart needed: %s", setup.changes().stream().map(SettingChange::name)
                    .collect(Collectors.joining(", ")), setup.restartPending());
            primary.stop();
            primary.start();
            ctx.say("archiving into %s (no overwrite, fsync, SHA-256 per file)", archive.walDirectory());

            BaseBackups backups = BaseBackups.builder(Endpoint.of(admin.host(), admin.port(), admin.database(),
                    admin.user(), admin.password())).build();
            DrillReport report;
            try {
                report = PitrDrill.builder(db, backups, archive, new EmbeddedServerLauncher(admin.password()))
                        .workDirectory(root.resolve("drill"))
                        .workload(d -> {
                            d.execute("create table orders(id int primary key, note text)");
                            d.execute("insert into orders values (1, 'paid'), (2, 'shipped'), (3, 'paid')");
                        })
                        .disaster(d -> d.execute("drop table orders"))
                        .check(d -> d.inTransaction(tx -> tx.queryOne("select count(*) from orders",
                                r -> r.getLong(1))) == 3)
                        .build().run();
            } catch (BackupException e) {
                ctx.say("skipped: %s", e.getMessage());
                return;
            }
            ctx.say("base backup %s (%d MB, WAL from %s); 3 orders written; time noted; DROP TABLE orders",
                    report.backup().directory().getFileName(), report.backup().bytes() >> 20,
                    report.backup().startWalFile());
            ctx.say("recovered a scratch copy to %s in %d ms: %s", report.notedAt(),
                    report.recoveryTime().toMillis(), report.stopMessage().orElse("end of WAL"));
            ctx.say("drill %s: orders is back with its 3 rows; data-loss window %d ms before the DROP",
                    report.passed() ? "passed" : "FAILED " + report.failure().orElse(""),
                    report.dataLossWindow().toMillis());
            if (!report.passed()) {
                throw new IllegalStateException("the PITR drill failed: " + report.failure().orElse("?"));
            }
        } finally {
            deleteTree(root);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
