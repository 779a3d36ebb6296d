package dev.justpg.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short-lived command and captures its output, with a time bound. */
public final class Processes {

    private Processes() {
    }

    /** The outcome of a command. */
    public record Result(int exitCode, String output) {
        /** Whether the command exited with 0. */
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /**
     * Runs the command in {@code workDir}, merging stderr into stdout.
     *
     * @param command the program and its arguments
     * @param workDir the working directory
     * @param timeout how long to wait before killing it
     * @return the exit code and output; exit code -1 when it timed out
     */
    public static Result run(List<String> command, Path workDir, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        pb.environment().put("LC_MESSAGES", "C");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command.get(0) + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread pump = new Thread(() -> copy(p.getInputStream(), out), "justpg-testkit-output");
        pump.setDaemon(true);
        pump.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                pump.join(1000);
                return new Result(-1, out.toString(StandardCharsets.UTF_8) + "\n(timed out after " + timeout + ")");
            }
            pump.join(5000);
            return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (out) {
                    out.write(buf, 0, n);
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }
}
