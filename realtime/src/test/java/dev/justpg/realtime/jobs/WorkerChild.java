package dev.justpg.realtime.jobs;

import com.zaxxer.hikari.HikariDataSource;
import dev.justpg.core.Database;
import dev.justpg.testkit.ConnectionInfo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Properties;

/**
 * A worker JVM for the crash tests. Reads connection properties from stdin (so the password is
 * never on the command line), then runs kind {@code n}: each run inserts (job id, worker) into
 * {@code runs} before completing (and takes 200 ms when its argument is at least {@link #SLOW}). Prints {@code READY} once working; a line {@code stop} on stdin
 * closes the workers gracefully and exits.
 */
public final class WorkerChild {

    /** Jobs of kind {@code n} with arguments from this value up take 200 ms. */
    static final int SLOW = 1_000_000;

    private WorkerChild() {
    }

    /**
     * Entry point.
     *
     * @param args worker name, concurrency, lease in ms, and {@code cron} to also schedule a
     *     periodic job every 2 s
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        String name = args[0];
        int concurrency = Integer.parseInt(args[1]);
        long leaseMs = Long.parseLong(args[2]);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Properties p = new Properties();
        for (String line = in.readLine(); line != null && !line.equals("end"); line = in.readLine()) {
            int eq = line.indexOf('=');
            p.setProperty(line.substring(0, eq), line.substring(eq + 1));
        }
        ConnectionInfo info = new ConnectionInfo(p.getProperty("host"), Integer.parseInt(p.getProperty("port")),
                p.getProperty("database"), p.getProperty("user"), p.getProperty("password"));
        try (HikariDataSource pool = Pools.pool(info, concurrency + 4)) {
            JobQueue jobs = JobQueue.builder(Database.of(pool)).build();
            JobWorkers.Builder builder = jobs.workers();
            if (args.length > 3 && args[3].equals("cron")) {
                builder.periodic("every-2s", CronSchedule.parse("*/2 * * * * *"), JobRequest.of("n", -1));
            }
            JobWorkers workers = builder.workerId(name).queue("default", concurrency)
                    .lease(Duration.ofMillis(leaseMs)).backoff(Backoff.of(Duration.ofMillis(100), Duration.ofSeconds(1)))
                    .handle("n", Integer.class, j -> {
                        if (j.args() >= SLOW) {
                            Thread.sleep(200);
                        }
                        try (Connection c = pool.getConnection();
                             PreparedStatement ps = c.prepareStatement("insert into runs (job_id, worker) values (?, ?)")) {
                            ps.setLong(1, j.id());
                            ps.setString(2, name);
                            ps.executeUpdate();
                        }
                    }).start();
            System.out.println("READY");
            System.out.flush();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("stop")) {
                    break;
                }
            }
            workers.close();
        }
        System.out.println("STOPPED");
        System.out.flush();
    }
}
