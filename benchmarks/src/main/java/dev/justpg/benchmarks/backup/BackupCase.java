package dev.justpg.benchmarks.backup;

import dev.justpg.backup.Backup;
import dev.justpg.backup.Backups;
import dev.justpg.backup.ClientTool;
import dev.justpg.backup.Compression;
import dev.justpg.backup.DumpOptions;
import dev.justpg.backup.Endpoint;
import dev.justpg.backup.Format;
import dev.justpg.backup.GlobalsMode;
import dev.justpg.backup.LocalDirectoryStore;
import dev.justpg.backup.RestoreOptions;
import dev.justpg.benchmarks.BenchContext;
import dev.justpg.benchmarks.BenchmarkCase;
import dev.justpg.core.Database;
import dev.justpg.testkit.ConnectionInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code backup}: the same custom-format dump (gzip 6) and single-transaction restore run through
 * justpg ({@link Backups#dump}, {@link Backups#restore}: snapshot export, row counts in the snapshot,
 * SHA-256 of every file, manifest; TOC listing and list file on restore) and by running
 * {@code pg_dump}/{@code pg_restore} directly, in alternating pairs whose order flips each pair.
 * Reports {@code RATIO backup-overhead} from the medians of dump + restore, the directory format's
 * speed-up with 2 jobs, and size and time per compression.
 *
 * <p>Size: {@code -Djustpg.bench.backup.mb=1024} or env {@code JUSTPG_BENCH_BACKUP_MB}; default
 * {@value #DEFAULT_MB} MB of rows in four tables, so that parallel jobs have tables to share);
 * pairs: {@code -Djustpg.bench.backup.pairs} or {@code JUSTPG_BENCH_BACKUP_PAIRS} (default {@value #DEFAULT_PAIRS}).
 */
public final class BackupCase implements BenchmarkCase {

    static final int DEFAULT_MB = 1024;
    static final int DEFAULT_PAIRS = 5;
    private static final int TABLES = 4;
    private static final String DB = "bench_backup";

    @Override
    public String name() {
        return "backup";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int mb = setting("justpg.bench.backup.mb", "JUSTPG_BENCH_BACKUP_MB", DEFAULT_MB);
        int pairs = setting("justpg.bench.backup.pairs", "JUSTPG_BENCH_BACKUP_PAIRS", DEFAULT_PAIRS);
        ctx.note("backup benchmark: %d MB of rows, %d pairs", mb, pairs);
        ConnectionInfo ci = ctx.createDatabase(DB);
        Endpoint source = Endpoint.of(ci.host(), ci.port(), ci.database(), ci.user(), ci.password());
        Path work = Files.createTempDirectory("justpg-bench-backup");
        try {
            long t0 = System.nanoTime();
            load(Database.of(ci.dataSource()), mb);
            String size = one(ci, "select pg_size_pretty(pg_database_size(current_database()))");
            ctx.note("loaded %d tables, %s database in %.1f s", TABLES, size, (System.nanoTime() - t0) / 1e9);
            ctx.result("backup", "database-size", Long.parseLong(one(ci, "select pg_database_size(current_database())")) / 1e6, "MB");
            Backups backups = Backups.builder(source).store(LocalDirectoryStore.of(work.resolve("store"))).build();
            ClientTool pgDump = backups.tool(ClientTool.PG_DUMP, 15);
            ClientTool pgRestore = backups.tool(ClientTool.PG_RESTORE, 15);
            ctx.note("tools: %s %s, %s %s", pgDump.path(), pgDump.version(), pgRestore.path(), pgRestore.version());
            Direct direct = new Direct(source, pgDump, pgRestore, work);
            DumpOptions options = DumpOptions.builder().format(Format.CUSTOM).compression(Compression.gzip(6)).globals(GlobalsMode.NONE).build();

            // warm-up: one unrecorded run of each
            Backup warm = backups.dump(options);
            backups.store().delete(warm.id());
            direct.dump(work.resolve("warm.pgdump"));
            Files.delete(work.resolve("warm.pgdump"));

            double[] ourDump = new double[pairs];
            double[] ourRestore = new double[pairs];
            double[] theirDump = new double[pairs];
            double[] theirRestore = new double[pairs];
            for (int i = 0; i < pairs; i++) {
                boolean oursFirst = i % 2 == 0;
                for (int side = 0; side < 2; side++) {
                    boolean ours = (side == 0) == oursFirst;
                    String target = "bench_backup_r" + (ours ? "j" : "d");
                    ctx.server().dropDatabase(target);
                    if (ours) {
                        long a = System.nanoTime();
                        Backup b = backups.dump(options);
                        long m = System.nanoTime();
                        backups.restore(b, RestoreOptions.intoNewDatabase(target).carryDatabaseSettings(true).build());
                        long e = System.nanoTime();
                        ourDump[i] = (m - a) / 1e9;
                        ourRestore[i] = (e - m) / 1e9;
                        backups.store().delete(b.id());
                    } else {
                        Path file = work.resolve("direct.pgdump");
                        long a = System.nanoTime();
                        direct.dump(file);
                        long m = System.nanoTime();
                        direct.createAndRestore(target, file);
                        long e = System.nanoTime();
                        theirDump[i] = (m - a) / 1e9;
                        theirRestore[i] = (e - m) / 1e9;
                        Files.delete(file);
                    }
                    ctx.server().dropDatabase(target);
                }
                ctx.note("pair %d (%s first): justpg dump %.2f s restore %.2f s; direct dump %.2f s restore %.2f s", i + 1,
                        oursFirst ? "justpg" : "direct", ourDump[i], ourRestore[i], theirDump[i], theirRestore[i]);
            }
            double od = median(ourDump);
            double orr = median(ourRestore);
            double td = median(theirDump);
            double tr = median(theirRestore);
            ctx.result("backup", "justpg-dump-median", od, "s");
            ctx.result("backup", "direct-dump-median", td, "s");
            ctx.result("backup", "justpg-restore-median", orr, "s");
            ctx.result("backup", "direct-restore-median", tr, "s");
            double[] pairRatios = new double[pairs];
            for (int i = 0; i < pairs; i++) {
                pairRatios[i] = (ourDump[i] + ourRestore[i]) / (theirDump[i] + theirRestore[i]);
            }
            Arrays.sort(pairRatios);
            ctx.note("per-pair ratios (dump+restore) min %.3f median %.3f max %.3f", pairRatios[0], median(pairRatios), pairRatios[pairs - 1]);
            ctx.ratio("backup-overhead-dump", "justpg", "direct", od / td);
            ctx.ratio("backup-overhead-restore", "justpg", "direct", orr / tr);
            ctx.ratio("backup-overhead", "justpg", "direct", (od + orr) / (td + tr));

            // parallel directory dump: 1 job vs 2 jobs, alternating
            double[] one = new double[3];
            double[] two = new double[3];
            for (int i = 0; i < 3; i++) {
                for (int jobs : i % 2 == 0 ? new int[] {1, 2} : new int[] {2, 1}) {
                    long a = System.nanoTime();
                    Backup b = backups.dump(DumpOptions.builder().format(Format.DIRECTORY).jobs(jobs).compression(Compression.gzip(6))
                            .globals(GlobalsMode.NONE).build());
                    double s = (System.nanoTime() - a) / 1e9;
                    (jobs == 1 ? one : two)[i] = s;
                    backups.store().delete(b.id());
                }
            }
            ctx.result("backup", "directory-1-job-median", median(one), "s");
            ctx.result("backup", "directory-2-jobs-median", median(two), "s");
            ctx.ratio("backup-directory-speedup", "1-job", "2-jobs", median(one) / median(two));

            // compression: size and time, custom format
            for (Compression c : List.of(Compression.NONE, Compression.gzip(1), Compression.gzip(6), Compression.gzip(9))) {
                long a = System.nanoTime();
                Backup b = backups.dump(DumpOptions.builder().format(Format.CUSTOM).compression(c).globals(GlobalsMode.NONE).build());
                double s = (System.nanoTime() - a) / 1e9;
                long bytes = Files.size(b.dumpPath());
                ctx.result("backup", "compression-" + c.toString().replace(':', '-') + "-time", s, "s");
                ctx.result("backup", "compression-" + c.toString().replace(':', '-') + "-size", bytes / 1e6, "MB");
                backups.store().delete(b.id());
            }
            ctx.note("lz4 and zstd need pg_dump 16 or later; this machine has %s", pgDump.version());
        } finally {
            ctx.server().dropDatabase(DB);
            deleteTree(work);
        }
    }

    private static int setting(String property, String env, int fallback) {
        String v = System.getProperty(property, System.getenv(env));
        return v == null ? fallback : Integer.parseInt(v);
    }

    private static void load(Database db, int mb) {
        // about 150 bytes per row on disk
        long rows = mb * 1024L * 1024L / 150 / TABLES;
        for (int t = 0; t < TABLES; t++) {
            db.execute("create table data_" + t + " (id bigserial primary key, n int not null, note text not null, at timestamptz not null)");
            db.execute("insert into data_" + t + " (n, note, at) select g, md5(g::text) || md5((g * 7)::text), now() - g * interval '1 second'"
                    + " from generate_series(1, " + rows + ") g");
        }
        db.execute("vacuum analyze");
    }

    private static String one(ConnectionInfo ci, String sql) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(ci.jdbcUrl(), ci.user(), ci.password()); var st = c.createStatement();
             var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** pg_dump and pg_restore run directly, the way a shell script would, with the password in a 0600 PGPASSFILE. */
    private static final class Direct {
        private final Endpoint e;
        private final ClientTool pgDump;
        private final ClientTool pgRestore;
        private final Path passFile;

        Direct(Endpoint e, ClientTool pgDump, ClientTool pgRestore, Path work) throws IOException {
            this.e = e;
            this.pgDump = pgDump;
            this.pgRestore = pgRestore;
            this.passFile = Files.createFile(work.resolve("pgpass"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passFile, "*:*:*:" + e.user() + ":" + e.password().orElse("") + "\n");
        }

        void dump(Path file) throws Exception {
            run(List.of(pgDump.path().toString(), "-h", e.host(), "-p", Integer.toString(e.port()), "-U", e.user(), "--no-password",
                    "--format=c", "-Z6", "--dbname=" + e.database(), "--file=" + file));
        }

        void createAndRestore(String target, Path file) throws Exception {
            try (var c = java.sql.DriverManager.getConnection(e.withDatabase("postgres").jdbcUrl(), e.user(), e.password().orElse(null));
                 var st = c.createStatement()) {
                st.execute("create database " + target + " template template0");
            }
            run(List.of(pgRestore.path().toString(), "-h", e.host(), "-p", Integer.toString(e.port()), "-U", e.user(), "--no-password",
                    "--dbname=" + target, "--exit-on-error", "--single-transaction", file.toString()));
        }

        private void run(List<String> cmd) throws Exception {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().remove("PGPASSWORD");
            pb.environment().put("PGPASSFILE", passFile.toString());
            Process p = pb.start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(cmd.get(0) + " exited with " + p.exitValue());
            }
        }
    }
}
