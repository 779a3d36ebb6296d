package dev.justpg.backup.internal;

import dev.justpg.backup.Backup;
import dev.justpg.backup.BackupException;
import dev.justpg.backup.BackupStore;
import dev.justpg.backup.ClientTool;
import dev.justpg.backup.Compression;
import dev.justpg.backup.DumpOptions;
import dev.justpg.backup.FailureKind;
import dev.justpg.backup.Format;
import dev.justpg.backup.GlobalsMode;
import dev.justpg.backup.Manifest;
import dev.justpg.backup.ProgressEvent;
import dev.justpg.backup.ToolVersion;
import dev.justpg.core.Identifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One dump: snapshot, pg_dump, row counts in the same snapshot, globals, checksums, manifest last. */
public final class DumpRun {

    private static final Logger LOG = LoggerFactory.getLogger(DumpRun.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private DumpRun() {
    }

    /**
     * A new backup id: the database and the UTC start time, sortable.
     *
     * @param database the database
     * @param at the start time
     * @return the id
     */
    public static String newId(String database, Instant at) {
        return database.replaceAll("[^A-Za-z0-9_-]", "_") + "-" + ID_TIME.format(at);
    }

    /**
     * The pg_dump arguments for the options, without connection, output and snapshot.
     *
     * @param o the options
     * @param toolMajor the pg_dump major version
     * @return the arguments
     */
    public static List<String> dumpArguments(DumpOptions o, int toolMajor) {
        List<String> a = new ArrayList<>();
        a.add("--format=" + o.format().flag());
        if (o.jobs() > 1) {
            a.add("--jobs=" + o.jobs());
        }
        if (o.format() != Format.TAR) {
            a.add(o.compression().argument(toolMajor));
        }
        for (String s : o.includeSchemas()) {
            a.add("--schema=" + Identifier.quote(s));
        }
        for (String s : o.excludeSchemas()) {
            a.add("--exclude-schema=" + Identifier.quote(s));
        }
        for (Identifier t : o.includeTables()) {
            a.add("--table=" + t.quoted());
        }
        for (Identifier t : o.excludeTables()) {
            a.add("--exclude-table=" + t.quoted());
        }
        if (o.schemaOnly()) {
            a.add("--schema-only");
        }
        if (o.dataOnly()) {
            a.add("--data-only");
        }
        return a;
    }

    /**
     * Runs the dump.
     *
     * @param ctx the configuration
     * @param o the options
     * @return the published backup
     */
    public static Backup run(Context ctx, DumpOptions o) {
        Instant started = Instant.now();
        String id = newId(ctx.source().database(), started);
        try (SnapshotCapture capture = SnapshotCapture.open(ctx.source())) {
            ToolVersion server = ToolVersion.parse(capture.serverVersion());
            ClientTool pgDump = ctx.tools().locate(ClientTool.PG_DUMP, server.major(), "dump a PostgreSQL " + server + " server");
            if (pgDump.version().major() < o.compression().minimumToolMajor()) {
                throw new BackupException(FailureKind.VERSION_MISMATCH, "compression " + o.compression() + " needs pg_dump "
                        + o.compression().minimumToolMajor() + " or newer, found " + pgDump.version() + " at " + pgDump.path()
                        + "; use Compression.gzip(...) or " + ToolLocator.installHint(o.compression().minimumToolMajor()));
            }
            Manifest.DatabaseSettings settings = capture.databaseSettings();
            try (BackupStore.Staging staging = ctx.store().begin(id)) {
                Path dir = staging.directory();
                String dumpName = o.format() == Format.PLAIN && o.compression().method() == Compression.Method.GZIP
                        ? Format.PLAIN.fileName() + ".gz" : o.format().fileName();
                List<String> args = dumpArguments(o, pgDump.version().major());
                List<String> argv = new ArrayList<>(Context.connArgs(ctx.source()));
                argv.add("--dbname=" + ctx.source().database());
                argv.add("--verbose");
                argv.add("--snapshot=" + capture.snapshot());
                argv.addAll(args);
                argv.add("--file=" + dir.resolve(dumpName));
                CompletableFuture<SnapshotCapture.Contents> contents = new CompletableFuture<>();
                Thread counter = new Thread(() -> {
                    try {
                        long c0 = System.nanoTime();
                        SnapshotCapture.Contents c = capture.contents(o);
                        library(ctx, "counted the rows of " + c.tables().size() + " tables in the dump's snapshot in "
                                + (System.nanoTime() - c0) / 1_000_000 + " ms");
                        contents.complete(c);
                    } catch (Throwable t) {
                        contents.completeExceptionally(t);
                    }
                }, "justpg-backup-counts-" + THREADS.incrementAndGet());
                counter.setDaemon(true);
                counter.start();
                SnapshotCapture.Contents counted;
                try {
                    new ToolRunner().stage(new ToolRunner.Stage(pgDump, argv, ctx.source())).timeout(ctx.timeout())
                            .listener(ctx.listener()).run();
                    counted = await(contents);
                } catch (RuntimeException e) {
                    capture.abort(); // ends a count still running
                    if (contents.isCompletedExceptionally()) {
                        contents.exceptionally(t -> {
                            e.addSuppressed(t);
                            return null;
                        });
                    }
                    throw e;
                }
                capture.close();
                String globalsName = "";
                if (o.globals() != GlobalsMode.NONE) {
                    globalsName = "globals.sql";
                    dumpGlobals(ctx, server.major(), o.globals(), dir.resolve(globalsName));
                }
                long h0 = System.nanoTime();
                List<Manifest.FileEntry> files = Checksums.hashTree(dir, Manifest.FILE_NAME);
                library(ctx, "SHA-256 of " + files.size() + " files (" + files.stream().mapToLong(Manifest.FileEntry::size).sum()
                        + " bytes) in " + (System.nanoTime() - h0) / 1_000_000 + " ms");
                Manifest m = new Manifest(Manifest.SCHEMA_VERSION, id, ctx.source().database(), o.label(), o.format(),
                        o.format() == Format.TAR ? Compression.NONE.toString() : o.compression().toString(), o.jobs(), args,
                        pgDump.version().text(), capture.serverVersion(), started, Instant.now(), capture.snapshot(), files,
                        counted.tables(), counted.sequences(), settings, globalsName, null);
                Backup b = staging.commit(m);
                LOG.info("backup {} of {} written: {} files, {} tables, {} ms", id, ctx.source().database(), files.size(),
                        counted.tables().size(), m.finishedAt().toEpochMilli() - started.toEpochMilli());
                return b;
            }
        }
    }

    private static void library(Context ctx, String line) {
        LOG.debug(line);
        try {
            ctx.listener().onProgress(new ProgressEvent("justpg", ProgressEvent.Phase.LIBRARY, "", line, Instant.now()));
        } catch (RuntimeException e) {
            LOG.warn("backup listener failed on {}", line, e);
        }
    }

    private static SnapshotCapture.Contents await(CompletableFuture<SnapshotCapture.Contents> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException(FailureKind.CANCELLED, "the backup was cancelled while counting rows", "", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new BackupException(FailureKind.OTHER, "row counting failed: " + c, "", c);
        }
    }

    private static void dumpGlobals(Context ctx, int serverMajor, GlobalsMode mode, Path file) {
        ClientTool dumpall = ctx.tools().locate(ClientTool.PG_DUMPALL, serverMajor, "dump roles and tablespaces of a PostgreSQL "
                + serverMajor + " server");
        List<String> argv = new ArrayList<>(Context.connArgs(ctx.source()));
        argv.add("--database=" + ctx.maintenanceDatabase());
        argv.add("--globals-only");
        if (mode == GlobalsMode.WITHOUT_PASSWORDS) {
            argv.add("--no-role-passwords");
        }
        argv.add("--file=" + file);
        try {
            if (mode == GlobalsMode.WITH_PASSWORDS) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
        } catch (java.io.IOException | UnsupportedOperationException e) {
            // pg_dumpall creates it
        }
        new ToolRunner().stage(new ToolRunner.Stage(dumpall, argv, ctx.source())).timeout(ctx.timeout()).listener(ctx.listener()).run();
    }
}
