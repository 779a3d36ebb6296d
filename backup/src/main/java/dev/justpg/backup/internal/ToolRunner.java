package dev.justpg.backup.internal;

import dev.justpg.backup.BackupException;
import dev.justpg.backup.BackupListener;
import dev.justpg.backup.ClientTool;
import dev.justpg.backup.Endpoint;
import dev.justpg.backup.FailureKind;
import dev.justpg.backup.ProgressEvent;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one client tool, or a pipeline of them ({@code pg_dump | pg_restore}), with the password in a
 * temporary {@code PGPASSFILE}, progress parsed from stderr, a deadline, and every child killed when
 * the calling thread is interrupted or the deadline passes.
 */
public final class ToolRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ToolRunner.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final int KEPT_LINES = 40;

    /**
     * One process of a pipeline.
     *
     * @param tool the program
     * @param args its arguments (never a password)
     * @param endpoint the endpoint whose password it needs, or {@code null}
     */
    public record Stage(ClientTool tool, List<String> args, Endpoint endpoint) {
        /**
         * Copies the arguments.
         *
         * @param tool see the record description
         * @param args see the record description
         * @param endpoint see the record description
         */
        public Stage {
            Objects.requireNonNull(tool, "tool");
            args = List.copyOf(args);
        }
    }

    private final List<Stage> stages = new ArrayList<>();
    private Path stdinFile;
    private Supplier<InputStream> stdinStream;
    private Path stdoutFile;
    private boolean captureStdout;
    private Duration timeout = Duration.ofHours(24);
    private BackupListener listener = BackupListener.NONE;
    private Map<String, String> extraEnv = Map.of();

    /**
     * Adds a process at the end of the pipeline.
     *
     * @param stage the process
     * @return this
     */
    public ToolRunner stage(Stage stage) {
        stages.add(stage);
        return this;
    }

    /**
     * Feeds the first process from a file.
     *
     * @param file the file
     * @return this
     */
    public ToolRunner stdin(Path file) {
        this.stdinFile = file;
        return this;
    }

    /**
     * Feeds the first process from a stream (copied by a daemon thread).
     *
     * @param stream opens the stream
     * @return this
     */
    public ToolRunner stdin(Supplier<InputStream> stream) {
        this.stdinStream = stream;
        return this;
    }

    /**
     * Writes the last process's output to a file.
     *
     * @param file the file
     * @return this
     */
    public ToolRunner stdout(Path file) {
        this.stdoutFile = file;
        return this;
    }

    /**
     * Keeps the last process's output and returns it from {@link #run()}.
     *
     * @return this
     */
    public ToolRunner captureStdout() {
        this.captureStdout = true;
        return this;
    }

    /**
     * @param timeout the deadline for the whole pipeline
     * @return this
     */
    public ToolRunner timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /**
     * @param listener receives progress events
     * @return this
     */
    public ToolRunner listener(BackupListener listener) {
        this.listener = listener;
        return this;
    }

    /**
     * @param env extra environment variables (never secrets)
     * @return this
     */
    public ToolRunner env(Map<String, String> env) {
        this.extraEnv = Map.copyOf(env);
        return this;
    }

    /**
     * Runs the pipeline to its end.
     *
     * @return the captured output of the last process, or an empty string
     * @throws BackupException when a process fails, the deadline passes or the thread is interrupted
     */
    public String run() {
        if (stages.isEmpty()) {
            throw new IllegalStateException("no stage");
        }
        List<PassFile> passFiles = new ArrayList<>();
        List<Process> processes = List.of();
        List<Thread> threads = new ArrayList<>();
        List<Deque<String>> errors = new ArrayList<>();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + timeout.toNanos();
        String names = String.join(" | ", stages.stream().map(s -> s.tool().name()).toList());
        try {
            List<ProcessBuilder> builders = new ArrayList<>();
            for (Stage s : stages) {
                List<String> cmd = new ArrayList<>();
                cmd.add(s.tool().path().toString());
                cmd.addAll(s.args());
                ProcessBuilder pb = new ProcessBuilder(cmd);
                Map<String, String> env = pb.environment();
                env.remove("PGPASSWORD");
                env.remove("PGPASSFILE");
                env.putAll(extraEnv);
                env.putIfAbsent("PGCONNECT_TIMEOUT", "30");
                if (s.endpoint() != null) {
                    PassFile pf = PassFile.forEndpoint(s.endpoint());
                    if (pf != null) {
                        passFiles.add(pf);
                        env.put("PGPASSFILE", pf.path().toString());
                    }
                }
                pb.redirectError(ProcessBuilder.Redirect.PIPE);
                builders.add(pb);
            }
            ProcessBuilder first = builders.get(0);
            if (stdinFile != null) {
                first.redirectInput(stdinFile.toFile());
            } else if (stdinStream == null) {
                first.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            ProcessBuilder last = builders.get(builders.size() - 1);
            if (stdoutFile != null) {
                last.redirectOutput(stdoutFile.toFile());
            } else if (!captureStdout) {
                last.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            }
            LOG.debug("running {}", names);
            processes = builders.size() == 1 ? List.of(first.start()) : ProcessBuilder.startPipeline(builders);
            for (int i = 0; i < processes.size(); i++) {
                Deque<String> kept = new ArrayDeque<>();
                errors.add(kept);
                Process p = processes.get(i);
                String tool = stages.get(i).tool().name();
                threads.add(daemon(() -> readErrors(tool, p.getErrorStream(), kept)));
            }
            Process head = processes.get(0);
            java.util.concurrent.atomic.AtomicReference<IOException> feedFailure = new java.util.concurrent.atomic.AtomicReference<>();
            if (stdinStream != null) {
                List<Process> all = processes;
                threads.add(daemon(() -> feed(stdinStream, head.getOutputStream(), all, feedFailure)));
            }
            Process tail = processes.get(processes.size() - 1);
            if (captureStdout) {
                threads.add(daemon(() -> {
                    try (InputStream in = tail.getInputStream()) {
                        in.transferTo(captured);
                    } catch (IOException e) {
                        // process killed
                    }
                }));
            }
            for (Process p : processes) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !p.waitFor(left, TimeUnit.NANOSECONDS)) {
                    kill(processes);
                    join(threads);
                    throw new BackupException(FailureKind.TIMEOUT, names + " did not finish within " + timeout
                            + "; it was killed and its output discarded", errorText(errors), null);
                }
            }
            join(threads);
            if (feedFailure.get() != null) {
                throw new BackupException(FailureKind.CORRUPT, "could not read the input of " + names + " to its end ("
                        + feedFailure.get().getMessage() + "); the tool was killed before it could finish", errorText(errors), feedFailure.get());
            }
            List<String> failed = new ArrayList<>();
            for (int i = 0; i < processes.size(); i++) {
                int code = processes.get(i).exitValue();
                if (code != 0) {
                    failed.add(stages.get(i).tool().name() + " exited with " + code);
                }
            }
            String errText = errorText(errors);
            if (!failed.isEmpty()) {
                FailureKind kind = FailureClassifier.classify(errText);
                throw new BackupException(kind, String.join(", ", failed) + " (" + kind + ")", errText, null);
            }
            if (errText.contains("errors ignored on restore")) {
                throw new BackupException(FailureKind.ERRORS_IGNORED, names + " reported errors it ignored", errText, null);
            }
            return captured.toString(StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            kill(processes);
            Thread.currentThread().interrupt();
            throw new BackupException(FailureKind.CANCELLED, names + " was cancelled; the child process was killed", "", e);
        } catch (IOException e) {
            kill(processes);
            throw new BackupException(FailureKind.OTHER, "could not run " + names + ": " + e.getMessage(), "", e);
        } catch (RuntimeException e) {
            kill(processes);
            throw e;
        } finally {
            passFiles.forEach(PassFile::close);
        }
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "justpg-backup-io-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void join(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(5_000);
        }
    }

    private static void kill(List<Process> processes) {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Copies the input into the first process. When the input cannot be read to its end, every
     * process is killed before its stdin is closed: a tool that saw a clean end of input would
     * commit what it had read.
     */
    private static void feed(Supplier<InputStream> source, OutputStream sink, List<Process> processes, java.util.concurrent.atomic.AtomicReference<IOException> failure) {
        InputStream in = null;
        try {
            in = source.get();
            byte[] buf = new byte[1 << 16];
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    failure.set(e);
                    kill(processes);
                    return;
                }
                if (n < 0) {
                    break;
                }
                sink.write(buf, 0, n);
            }
        } catch (IOException e) {
            // the process ended early; its exit status says why
        } finally {
            try {
                if (in != null) {
                    in.close();
                }
            } catch (IOException e) {
                // nothing to do
            }
            try {
                sink.close();
            } catch (IOException e) {
                // process gone
            }
        }
    }

    private void readErrors(String tool, InputStream stderr, Deque<String> kept) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (isError(line)) {
                    synchronized (kept) {
                        kept.addLast(line);
                        if (kept.size() > KEPT_LINES) {
                            kept.removeFirst();
                        }
                    }
                }
                ProgressEvent event = ProgressParser.parse(tool, line);
                try {
                    listener.onProgress(event);
                } catch (RuntimeException e) {
                    LOG.warn("backup listener failed on {}", line, e);
                }
            }
        } catch (IOException e) {
            // process killed
        }
    }

    static boolean isError(String line) {
        return line.contains("error:") || line.contains("ERROR:") || line.contains("FATAL:") || line.contains("DETAIL:")
                || line.contains("HINT:") || line.contains("warning:") || line.contains("WARNING:") || line.contains("invalid command")
                || line.contains("No such file") || line.contains("could not");
    }

    private static String errorText(List<Deque<String>> errors) {
        StringBuilder sb = new StringBuilder();
        for (Deque<String> d : errors) {
            synchronized (d) {
                for (String s : d) {
                    sb.append(s).append('\n');
                }
            }
        }
        return sb.toString();
    }
}
