package dev.justpg.backup.internal;

import dev.justpg.backup.Backup;
import dev.justpg.backup.BackupException;
import dev.justpg.backup.ClientTool;
import dev.justpg.backup.DumpOptions;
import dev.justpg.backup.Endpoint;
import dev.justpg.backup.FailureKind;
import dev.justpg.backup.Format;
import dev.justpg.backup.Manifest;
import dev.justpg.backup.RestoreOptions;
import dev.justpg.backup.RestoreResult;
import dev.justpg.backup.TocEntry;
import dev.justpg.backup.ToolVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Restores a backup, lists an archive, and streams a dump into another database. */
public final class RestoreRun {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreRun.class);

    private RestoreRun() {
    }

    /**
     * Lists an archive's table of contents.
     *
     * @param ctx the configuration
     * @param backup the backup
     * @return the entries
     */
    public static List<TocEntry> contents(Context ctx, Backup backup) {
        Manifest m = backup.manifest();
        if (!m.format().isArchive()) {
            throw new IllegalArgumentException("backup " + m.id() + " is a PLAIN dump: it has no table of contents (use CUSTOM, DIRECTORY or TAR)");
        }
        ClientTool pgRestore = ctx.tools().locate(ClientTool.PG_RESTORE, m.toolMajor(), "read an archive written by pg_dump " + m.toolVersion());
        List<String> argv = List.of("--list", backup.dumpPath().toString());
        return TocParser.parse(new ToolRunner().stage(new ToolRunner.Stage(pgRestore, argv, null)).captureStdout()
                .timeout(ctx.timeout()).run());
    }

    /**
     * Restores a backup.
     *
     * @param ctx the configuration
     * @param backup the backup
     * @param o the options
     * @return what was done
     */
    public static RestoreResult run(Context ctx, Backup backup, RestoreOptions o) {
        Manifest m = backup.manifest();
        Endpoint server = o.target() != null ? o.target() : ctx.source();
        Endpoint target = server.withDatabase(o.database());
        DatabaseAdmin admin = ctx.admin(server);
        ToolVersion targetVersion = ToolVersion.parse(admin.serverVersion());
        if (targetVersion.major() < m.serverMajor()) {
            throw new BackupException(FailureKind.VERSION_MISMATCH, "backup " + m.id() + " comes from PostgreSQL " + m.serverVersion()
                    + " and cannot be restored reliably into the older PostgreSQL " + targetVersion
                    + "; restore into a server of version " + m.serverMajor() + " or newer");
        }
        if (!m.format().isArchive() && (o.isSelective() || o.jobs() > 1)) {
            throw new IllegalArgumentException("backup " + m.id() + " is a PLAIN dump: it cannot be restored selectively or with jobs > 1");
        }
        if (o.jobs() > 1 && m.format() == Format.TAR) {
            throw new IllegalArgumentException("jobs > 1 is not supported for TAR archives (pg_restore restores them serially)");
        }
        for (Manifest.FileEntry f : m.files()) {
            Path p = backup.directory().resolve(f.path());
            try {
                if (!Files.isRegularFile(p) || Files.size(p) != f.size()) {
                    throw new BackupException(FailureKind.CORRUPT, "backup " + m.id() + " is damaged: " + f.path()
                            + " is missing or does not have the size recorded in the manifest; restore another backup");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ClientTool tool;
        if (m.format().isArchive()) {
            tool = ctx.tools().locate(ClientTool.PG_RESTORE, Math.max(m.toolMajor(), targetVersion.major()),
                    "restore an archive of pg_dump " + m.toolVersion() + " into PostgreSQL " + targetVersion);
        } else {
            tool = ctx.tools().locate(ClientTool.PSQL, m.toolMajor(), "replay a plain dump of pg_dump " + m.toolVersion());
            if (tool.version().compareTo(ToolVersion.parse(m.toolVersion())) < 0) {
                throw new BackupException(FailureKind.VERSION_MISMATCH, "plain dump " + m.id() + " was written by pg_dump " + m.toolVersion()
                        + " and may carry \\restrict lines that psql " + tool.version() + " (" + tool.path()
                        + ") cannot replay; psql " + m.toolVersion() + " or newer is needed. " + ToolLocator.installHint(m.toolMajor()));
            }
        }
        long t0 = System.nanoTime();
        boolean created = false;
        if (o.createDatabase()) {
            if (admin.exists(o.database())) {
                throw new IllegalArgumentException("database " + o.database() + " already exists; restore into a new name, or use "
                        + "RestoreOptions.intoExistingDatabase(...) with clean(true)");
            }
            admin.create(o.database());
            created = true;
        }
        boolean ok = false;
        try {
            int entries = 0;
            if (m.format().isArchive()) {
                entries = restoreArchive(ctx, tool, backup, target, o);
            } else {
                replayPlain(ctx, tool, backup, target, o);
            }
            List<String> carried = created && o.carryDatabaseSettings() ? admin.apply(o.database(), m.databaseSettings(), !o.noOwner()) : List.of();
            ok = true;
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            LOG.info("backup {} restored into {} in {} ms", m.id(), target, took.toMillis());
            return new RestoreResult(o.database(), took, entries, carried);
        } finally {
            if (!ok && created) {
                try {
                    admin.drop(o.database());
                } catch (RuntimeException e) {
                    LOG.warn("could not drop the partly restored database {}", o.database(), e);
                }
            }
        }
    }

    private static int restoreArchive(Context ctx, ClientTool tool, Backup backup, Endpoint target, RestoreOptions o) {
        List<TocEntry> toc = contents(ctx, backup);
        List<TocEntry> main = new ArrayList<>();
        List<TocEntry> late = new ArrayList<>();
        // a selected table brings the sequences its serial and identity columns own
        java.util.Set<String> ownedSequences = new java.util.HashSet<>();
        for (Manifest.SequenceValue s : backup.manifest().sequences()) {
            if (!s.ownedBy().isEmpty() && o.tables().contains(dev.justpg.core.Identifier.parse(s.ownedBy()))) {
                ownedSequences.add(s.schema() + "\0" + s.name());
            }
        }
        for (TocEntry e : toc) {
            boolean ownedSequence = e.type().startsWith("SEQUENCE") && ownedSequences.contains(e.schema() + "\0" + e.name())
                    || (e.type().equals("ACL") || e.type().equals("COMMENT")) && e.name().startsWith("SEQUENCE ")
                    && ownedSequences.contains(e.schema() + "\0" + e.name().substring("SEQUENCE ".length()));
            if (!o.selects(e) && !ownedSequence) {
                continue;
            }
            if (o.deferEventTriggers() && e.type().equals("EVENT TRIGGER")) {
                late.add(e);
            } else {
                main.add(e);
            }
        }
        if (o.isSelective() && main.isEmpty() && late.isEmpty()) {
            throw new BackupException(FailureKind.MISSING_OBJECT, "no entry of backup " + backup.id() + " matches " + o.tables() + " " + o.schemas());
        }
        Path list = null;
        Path lateList = null;
        try {
            list = writeList(main);
            pgRestore(ctx, tool, backup, target, o, list, o.singleTransaction());
            if (!late.isEmpty()) {
                lateList = writeList(late);
                pgRestore(ctx, tool, backup, target, o, lateList, true);
            }
        } finally {
            deleteQuietly(list);
            deleteQuietly(lateList);
        }
        return main.size() + late.size();
    }

    private static void pgRestore(Context ctx, ClientTool tool, Backup backup, Endpoint target, RestoreOptions o, Path list, boolean single) {
        List<String> argv = new ArrayList<>(Context.connArgs(target));
        argv.add("--dbname=" + target.database());
        argv.add("--exit-on-error");
        argv.add("--verbose");
        if (single) {
            argv.add("--single-transaction");
        } else if (o.jobs() > 1) {
            argv.add("--jobs=" + o.jobs());
        }
        if (o.clean()) {
            argv.add("--clean");
            argv.add("--if-exists");
        }
        if (o.noOwner()) {
            argv.add("--no-owner");
        }
        argv.add("--use-list=" + list);
        argv.add(backup.dumpPath().toString());
        new ToolRunner().stage(new ToolRunner.Stage(tool, argv, target)).timeout(ctx.timeout()).listener(ctx.listener()).run();
    }

    private static void replayPlain(Context ctx, ClientTool psql, Backup backup, Endpoint target, RestoreOptions o) {
        List<String> argv = new ArrayList<>(Context.connArgs(target));
        argv.add("--dbname=" + target.database());
        argv.add("--no-psqlrc");
        argv.add("--quiet");
        argv.add("--set=ON_ERROR_STOP=1");
        if (o.singleTransaction()) {
            argv.add("--single-transaction");
        }
        Path file = backup.dumpPath();
        ToolRunner r = new ToolRunner().stage(new ToolRunner.Stage(psql, argv, target)).timeout(ctx.timeout()).listener(ctx.listener());
        if (file.getFileName().toString().endsWith(".gz")) {
            InputStream opened;
            try {
                opened = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
            } catch (IOException e) {
                throw new BackupException(FailureKind.CORRUPT, "cannot read the compressed plain dump " + file + ": " + e.getMessage(), "", e);
            }
            r.stdin(() -> opened);
        } else {
            r.stdin(file);
        }
        r.run();
    }

    /**
     * Streams {@code pg_dump -Fc} straight into {@code pg_restore}: no file in between.
     *
     * @param ctx the configuration
     * @param dump what to dump (its format and compression are ignored: custom, uncompressed)
     * @param o where to restore
     * @return what was done
     */
    public static RestoreResult copy(Context ctx, DumpOptions dump, RestoreOptions o) {
        if (o.isSelective() || o.jobs() > 1) {
            throw new IllegalArgumentException("a streamed copy restores everything with one job; select with DumpOptions instead");
        }
        Endpoint server = o.target() != null ? o.target() : ctx.source();
        Endpoint target = server.withDatabase(o.database());
        DatabaseAdmin sourceAdmin = ctx.admin(ctx.source());
        ToolVersion sourceVersion = ToolVersion.parse(sourceAdmin.serverVersion());
        DatabaseAdmin admin = ctx.admin(server);
        ToolVersion targetVersion = ToolVersion.parse(admin.serverVersion());
        if (targetVersion.major() < sourceVersion.major()) {
            throw new BackupException(FailureKind.VERSION_MISMATCH, "cannot copy PostgreSQL " + sourceVersion + " into the older "
                    + targetVersion + "; copy into a server of version " + sourceVersion.major() + " or newer");
        }
        ClientTool pgDump = ctx.tools().locate(ClientTool.PG_DUMP, sourceVersion.major(), "dump a PostgreSQL " + sourceVersion + " server");
        ClientTool pgRestore = ctx.tools().locate(ClientTool.PG_RESTORE, Math.max(pgDump.version().major(), targetVersion.major()),
                "restore into PostgreSQL " + targetVersion);
        List<String> dumpArgv = new ArrayList<>(Context.connArgs(ctx.source()));
        dumpArgv.add("--dbname=" + ctx.source().database());
        List<String> args = DumpRun.dumpArguments(DumpOptions.builder().format(Format.CUSTOM).compression(dev.justpg.backup.Compression.NONE)
                .schemaOnly(dump.schemaOnly()).dataOnly(dump.dataOnly()).build(), pgDump.version().major());
        dumpArgv.addAll(args);
        List<String> filters = DumpRun.dumpArguments(dump, pgDump.version().major()).stream()
                .filter(a -> a.startsWith("--schema=") || a.startsWith("--exclude-schema=") || a.startsWith("--table=") || a.startsWith("--exclude-table="))
                .toList();
        dumpArgv.addAll(filters);
        List<String> restoreArgv = new ArrayList<>(Context.connArgs(target));
        restoreArgv.add("--dbname=" + target.database());
        restoreArgv.add("--exit-on-error");
        restoreArgv.add("--verbose");
        if (o.singleTransaction()) {
            restoreArgv.add("--single-transaction");
        }
        if (o.clean()) {
            restoreArgv.add("--clean");
            restoreArgv.add("--if-exists");
        }
        if (o.noOwner()) {
            restoreArgv.add("--no-owner");
        }
        long t0 = System.nanoTime();
        boolean created = false;
        if (o.createDatabase()) {
            if (admin.exists(o.database())) {
                throw new IllegalArgumentException("database " + o.database() + " already exists; copy into a new name");
            }
            admin.create(o.database());
            created = true;
        }
        boolean ok = false;
        try {
            new ToolRunner().stage(new ToolRunner.Stage(pgDump, dumpArgv, ctx.source()))
                    .stage(new ToolRunner.Stage(pgRestore, restoreArgv, target)).timeout(ctx.timeout()).listener(ctx.listener()).run();
            List<String> carried = List.of();
            if (created && o.carryDatabaseSettings()) {
                try (SnapshotCapture c = SnapshotCapture.open(ctx.source())) {
                    carried = admin.apply(o.database(), c.databaseSettings(), !o.noOwner());
                }
            }
            ok = true;
            return new RestoreResult(o.database(), Duration.ofNanos(System.nanoTime() - t0), 0, carried);
        } finally {
            if (!ok && created) {
                try {
                    admin.drop(o.database());
                } catch (RuntimeException e) {
                    LOG.warn("could not drop the partly copied database {}", o.database(), e);
                }
            }
        }
    }

    private static Path writeList(List<TocEntry> entries) {
        try {
            Path f = Files.createTempFile("justpg-toc-", ".list");
            StringBuilder sb = new StringBuilder();
            for (TocEntry e : entries) {
                sb.append(e.line()).append('\n');
            }
            Files.writeString(f, sb.toString());
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a pg_restore list file", e);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // temp file
            }
        }
    }
}
