package dev.justpg.examples;

import dev.justpg.backup.Backup;
import dev.justpg.backup.Backups;
import dev.justpg.backup.DumpOptions;
import dev.justpg.backup.Endpoint;
import dev.justpg.backup.LocalDirectoryStore;
import dev.justpg.backup.Manifest;
import dev.justpg.backup.RestoreOptions;
import dev.justpg.backup.RestoreResult;
import dev.justpg.backup.RetentionPlan;
import dev.justpg.backup.RetentionPolicy;
import dev.justpg.backup.TocEntry;
import dev.justpg.core.Database;
import dev.justpg.testkit.ConnectionInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Backups: dump with a manifest, prove it by restoring it, break the data, restore, plan retention. */
public final class BackupChapter implements Chapter {

    private static final String RESTORED = "tour_backup_restored";

    @Override
    public String title() {
        return "Backups: dumps that are proven by restoring them";
    }

    @Override
    public void run(TourContext ctx) throws Exception {
        Database db = ctx.db();
        db.execute("create table orders (id serial primary key, customer text not null, total numeric(10,2) not null)");
        db.execute("insert into orders (customer, total) select 'customer ' || (g % 40), g % 500 from generate_series(1, 5000) g");
        ConnectionInfo ci = ctx.connectionInfo();
        Endpoint endpoint = Endpoint.of(ci.host(), ci.port(), ci.database(), ci.user(), ci.password());
        Path dir = Files.createTempDirectory("justpg-tour-backups");
        try {
            Backups backups = Backups.builder(endpoint).store(LocalDirectoryStore.of(dir)).build();
            ctx.say("client tools found for the server: %s", backups.checkTools().stream()
                    .map(t -> t.name() + " " + t.version()).collect(Collectors.joining(", ")));

            Backup backup = backups.dump(DumpOptions.defaults());
            Manifest m = backup.manifest();
            ctx.say("backup %s: %s format, %s, %d files, rows counted in the dump's own snapshot: %s",
                    m.id(), m.format(), m.compression(), m.files().size(), m.tables());

            List<TocEntry> toc = backups.contents(backup);
            Map<String, Long> types = toc.stream().collect(Collectors.groupingBy(TocEntry::type, TreeMap::new, Collectors.counting()));
            ctx.say("the archive holds %d entries: %s", toc.size(), types);

            backup = backups.verify(backup);
            Manifest.Verification v = backup.manifest().verification();
            ctx.say("verification drill: %s (restore %d ms, the minimum downtime; whole drill %d ms)",
                    v.passed() ? "passed" : "FAILED " + v.problems(), v.restoreMillis(), v.totalMillis());

            db.execute("delete from orders where id % 3 = 0");
            ctx.say("disaster: a third of the orders deleted, %s left", count(db, "select count(*) from orders"));

            RestoreResult r = backups.restore(backup, RestoreOptions.intoNewDatabase(RESTORED).build());
            Database restored = Database.of(ci.withDatabase(RESTORED).dataSource());
            ctx.say("restored into a new database %s in %d ms: %s orders, sequence at %s", r.database(), r.elapsed().toMillis(),
                    count(restored, "select count(*) from orders"), count(restored, "select last_value from orders_id_seq"));

            backups.dump(DumpOptions.defaults());
            RetentionPlan plan = backups.planRetention(RetentionPolicy.builder().daily(7).weekly(4).monthly(12).build(), ZoneOffset.UTC);
            ctx.say("retention dry run (7 daily, 4 weekly, 12 monthly): keep %s", plan.keep().stream()
                    .map(d -> d.id() + " " + d.reasons()).toList());
        } finally {
            ctx.server().dropDatabase(RESTORED);
            deleteTree(dir);
        }
    }

    private static long count(Database db, String sql) {
        return db.inTransaction(tx -> tx.queryOne(sql, row -> row.getLong(1)));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
