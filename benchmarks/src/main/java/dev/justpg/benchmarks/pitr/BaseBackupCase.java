package dev.justpg.benchmarks.pitr;

import dev.justpg.backup.Endpoint;
import dev.justpg.backup.pitr.BaseBackup;
import dev.justpg.backup.pitr.BaseBackups;
import dev.justpg.backup.pitr.Lsn;
import dev.justpg.backup.pitr.Recovery;
import dev.justpg.backup.pitr.RecoveryResult;
import dev.justpg.backup.pitr.RecoveryTarget;
import dev.justpg.backup.pitr.WalArchive;
import dev.justpg.backup.pitr.WalArchiving;
import dev.justpg.benchmarks.BenchContext;
import dev.justpg.benchmarks.BenchmarkCase;
import dev.justpg.core.Database;
import dev.justpg.testkit.ConnectionInfo;
import dev.justpg.testkit.EmbeddedServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code basebackup}: (1) a plain base backup with WAL streamed, through justpg ({@link BaseBackups})
 * and by running {@code pg_basebackup} directly with the same options, in alternating pairs on one
 * server: {@code RATIO basebackup-overhead justpg/direct} from the medians (lower is better; justpg
 * adds its temporary-name-then-rename, the fsync it does instead of the tool's, and reading the
 * manifest); (2) recovery time of a WAL volume replayed from the archive onto an embedded server.
 *
 * <p>{@code -Dbench.basebackup.mb} (default 256) sets the data size, {@code -Dbench.basebackup.pairs}
 * (default 5) the pairs, {@code -Dbench.basebackup.walmb} (default 256) the WAL volume replayed.
 */
public final class BaseBackupCase implements BenchmarkCase {

    @Override
    public String name() {
        return "basebackup";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int mb = Integer.getInteger("bench.basebackup.mb", 256);
        int pairs = Integer.getInteger("bench.basebackup.pairs", 5);
        int walMb = Integer.getInteger("bench.basebackup.walmb", 256);
        Path root = Files.createTempDirectory("justpg-bench-pitr-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (EmbeddedServer primary = EmbeddedServer.builder().setting("max_wal_size", "4GB").start()) {
            ConnectionInfo admin = primary.adminConnectionInfo();
            Database db = Database.of(admin.dataSource());
            long loadStart = System.nanoTime();
            db.execute("create table filler(id bigint primary key, body text)");
            db.execute("insert into filler select g, repeat(md5(g::text), 6) from generate_series(1, ?) g",
                    (long) mb * 1024 * 1024 / 250);
            db.execute("vacuum analyze filler");
            long dbBytes = db.inTransaction(tx -> tx.queryOne("select pg_database_size(current_database())",
                    r -> r.getLong(1)));
            ctx.note("loaded %d MB (database %d MB) in %.1f s", mb, dbBytes >> 20, (System.nanoTime() - loadStart) / 1e9);

            Endpoint endpoint = Endpoint.of(admin.host(), admin.port(), admin.database(), admin.user(),
                    admin.password());
            BaseBackups backups = BaseBackups.builder(endpoint).build();
            overhead(ctx, backups, admin, root, pairs);
            recovery(ctx, primary, db, backups, root, walMb);
        } finally {
            deleteTree(root);
        }
    }

    private static void overhead(BenchContext ctx, BaseBackups backups, ConnectionInfo admin, Path root, int pairs)
            throws Exception {
        Path pgBasebackup = Path.of("/usr/lib/postgresql/15/bin/pg_basebackup");
        if (!Files.isExecutable(pgBasebackup)) {
            pgBasebackup = Path.of("pg_basebackup");
        }
        Path passfile = root.resolve("pgpass");
        Files.writeString(passfile, admin.host() + ":" + admin.port() + ":*:" + admin.user() + ":" + admin.password()
                + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(passfile, PosixFilePermissions.fromString("rw-------"));
        // one unrecorded pair warms the page cache for both
        timeJustpg(backups, root.resolve("warm-a"));
        timeDirect(pgBasebackup, passfile, admin, root.resolve("warm-b"));
        double[] ours = new double[pairs];
        double[] direct = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            if (i % 2 == 0) {
                ours[i] = timeJustpg(backups, root.resolve("a" + i));
                direct[i] = timeDirect(pgBasebackup, passfile, admin, root.resolve("b" + i));
            } else {
                direct[i] = timeDirect(pgBasebackup, passfile, admin, root.resolve("b" + i));
                ours[i] = timeJustpg(backups, root.resolve("a" + i));
            }
            ctx.note("pair %d: justpg %.2f s, direct %.2f s", i + 1, ours[i], direct[i]);
        }
        double mo = median(ours);
        double md = median(direct);
        ctx.result("basebackup-justpg", "median", mo, "s");
        ctx.result("basebackup-direct", "median", md, "s");
        ctx.result("basebackup-justpg", "range", Arrays.stream(ours).max().orElse(0) - Arrays.stream(ours).min()
                .orElse(0), "s");
        ctx.result("basebackup-direct", "range", Arrays.stream(direct).max().orElse(0) - Arrays.stream(direct).min()
                .orElse(0), "s");
        double[] perPair = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            perPair[i] = ours[i] / direct[i];
        }
        Arrays.sort(perPair);
        ctx.note("per-pair ratios: %s", Arrays.toString(perPair));
        ctx.ratio("basebackup-overhead", "justpg", "direct", mo / md);
    }

    private static double timeJustpg(BaseBackups backups, Path dir) throws IOException {
        long t = System.nanoTime();
        BaseBackup b = backups.take(dir);
        double s = (System.nanoTime() - t) / 1e9;
        deleteTree(b.directory());
        return s;
    }

    private static double timeDirect(Path tool, Path passfile, ConnectionInfo admin, Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tool.toString(), "-h", admin.host(), "-p",
                Integer.toString(admin.port()), "-U", admin.user(), "--no-password", "-D", dir.toString(),
                "--format=plain", "--wal-method=stream", "--checkpoint=fast", "--manifest-checksums=SHA256",
                "--progress", "--verbose"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PGPASSFILE", passfile.toString());
        long t = System.nanoTime();
        Process p = pb.start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (!p.waitFor(1, TimeUnit.HOURS) || p.exitValue() != 0) {
            throw new IllegalStateException("pg_basebackup failed with " + p.exitValue());
        }
        double s = (System.nanoTime() - t) / 1e9;
        deleteTree(dir);
        return s;
    }

    private static void recovery(BenchContext ctx, EmbeddedServer primary, Database db, BaseBackups backups,
            Path root, int walMb) throws Exception {
        WalArchive archive = WalArchive.create(root.resolve("archive"));
        primary.grantServerAccess(archive.root());
        WalArchiving.configure(db, archive, Duration.ofSeconds(10));
        primary.stop();
        primary.start();
        BaseBackup base = backups.take(root.resolve("recovery-base"));
        Lsn before = lsn(db);
        db.execute("create table churn(id bigint, body text)");
        long rows = (long) walMb * 1024 * 1024 / 400;
        db.execute("insert into churn select g, repeat(md5(g::text), 4) from generate_series(1, ?) g", rows);
        Lsn after = lsn(db);
        long walBytes = after.value() - before.value();
        long t = System.nanoTime();
        WalArchiving.switchAndAwait(db, archive, Duration.ofMinutes(30));
        ctx.result("archive", "catch-up", (System.nanoTime() - t) / 1e9, "s");
        String password = primary.adminConnectionInfo().password();
        try (RecoveryResult r = Recovery.builder(base, archive).target(RecoveryTarget.latest())
                .dataDirectory(root.resolve("recovered")).scratch(true).timeout(Duration.ofMinutes(60)).build()
                .run(dir -> launch(dir, password))) {
            double s = r.elapsed().toMillis() / 1000.0;
            ctx.result("recovery", "wal", walBytes / 1048576.0, "MB");
            ctx.result("recovery", "time", s, "s");
            ctx.result("recovery", "replay", walBytes / 1048576.0 / s, "MB/s");
        }
    }

    private static dev.justpg.backup.pitr.LaunchedServer launch(Path dir, String password) {
        EmbeddedServer s = EmbeddedServer.builder().fromDataDirectory(dir, password).start();
        return new dev.justpg.backup.pitr.LaunchedServer() {
            @Override
            public javax.sql.DataSource dataSource() {
                return s.adminConnectionInfo().dataSource();
            }

            @Override
            public boolean isRunning() {
                return s.isRunning();
            }

            @Override
            public String logTail(int lines) {
                return s.logTail(lines);
            }

            @Override
            public void close() {
                s.close();
            }
        };
    }

    private static Lsn lsn(Database db) {
        return db.inTransaction(tx -> Lsn.parse(tx.queryOne("select pg_current_wal_lsn()::text",
                r -> r.getString(1))));
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
