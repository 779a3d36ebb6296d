package dev.justpg.examples.snippets;

import dev.justpg.backup.Backup;
import dev.justpg.backup.BackupScheduler;
import dev.justpg.backup.Backups;
import dev.justpg.backup.DumpOptions;
import dev.justpg.backup.Endpoint;
import dev.justpg.backup.LocalDirectoryStore;
import dev.justpg.backup.RetentionPolicy;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;

/** The README's backup quick start, compiled so the README cannot drift from the API. */
final class BackupQuickStart {

    private BackupQuickStart() {
    }

    static BackupScheduler quickStart(String password) {
        Backups backups = Backups.builder(Endpoint.of("db.internal", 5432, "app", "backup", password)) // password: 0600 PGPASSFILE only
                .store(LocalDirectoryStore.of(Path.of("/var/backups/app")))
                .build();
        Backup b = backups.verify(backups.dump(DumpOptions.defaults()));  // restore into a scratch db, compare, drop
        if (!b.manifest().isVerified()) {
            throw new IllegalStateException("backup " + b.id() + " is broken: " + b.manifest().verification().problems());
        }
        return BackupScheduler.builder(backups)                             // one JVM of many runs it (advisory lock)
                .dailyAt(LocalTime.of(2, 0), ZoneId.of("Europe/Berlin")).verifyOn(DayOfWeek.SUNDAY)
                .retention(RetentionPolicy.builder().daily(7).weekly(4).monthly(12).yearly(3).build())
                .start();                                                   // close() it on shutdown
    }
}
