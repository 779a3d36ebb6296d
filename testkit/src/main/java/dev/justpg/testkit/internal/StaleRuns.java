package dev.justpg.testkit.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up embedded servers whose JVM died without stopping them (a killed test fork): each run
 * directory holds the owner JVM's pid; when that process is gone, its server is stopped and its
 * files deleted.
 */
public final class StaleRuns {

    private static final Logger LOG = LoggerFactory.getLogger(StaleRuns.class);

    /** The file in a run directory that names the owning JVM's pid. */
    public static final String OWNER_FILE = "owner.pid";

    private StaleRuns() {
    }

    /**
     * Writes this JVM's pid into a new run directory.
     *
     * @param runDir the run directory
     * @throws IOException when the file cannot be written
     */
    public static void claim(Path runDir) throws IOException {
        Files.writeString(runDir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
    }

    /**
     * Stops and deletes the runs of dead JVMs under {@code root}.
     *
     * @param root the directory holding run directories
     * @param bin the binaries directory holding {@code pg_ctl}
     * @param runAs how to run server commands
     */
    public static void clean(Path root, Path bin, RunAs runAs) {
        try (Stream<Path> runs = Files.list(root)) {
            runs.filter(p -> p.getFileName().toString().startsWith("run-")).forEach(run -> cleanOne(run, bin, runAs));
        } catch (IOException e) {
            LOG.debug("could not scan {} for stale embedded servers", root, e);
        }
    }

    private static void cleanOne(Path run, Path bin, RunAs runAs) {
        try {
            Path owner = run.resolve(OWNER_FILE);
            if (!Files.exists(owner)) {
                return; // being created right now, or not ours
            }
            long pid = Long.parseLong(Files.readString(owner).strip());
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return;
            }
            Path data = run.resolve("data");
            if (Files.exists(data.resolve("postmaster.pid"))) {
                LOG.info("stopping an embedded PostgreSQL left running by dead JVM {} ({})", pid, run);
                Processes.run(runAs.wrap(List.of(bin.resolve("pg_ctl").toString(), "stop", "-D", data.toString(),
                        "-m", "immediate", "-w", "-t", "30")), run, Duration.ofSeconds(40));
            }
            deleteTree(run);
        } catch (IOException | NumberFormatException e) {
            LOG.debug("could not clean stale run {}", run, e);
        }
    }

    /**
     * Deletes a directory tree, ignoring files that vanish meanwhile.
     *
     * @param dir the directory
     */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
