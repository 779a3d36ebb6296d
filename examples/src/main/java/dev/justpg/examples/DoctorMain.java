package dev.justpg.examples;

import dev.justpg.core.Database;
import dev.justpg.diagnostics.health.HealthCheck;
import dev.justpg.diagnostics.health.HealthReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database doctor: every health check against a database, the text report on standard output
 * and the HTML page in a file. Without arguments it runs the health chapter of the tour on its own
 * embedded PostgreSQL.
 *
 * <pre>
 * PGPASSWORD=... java ... dev.justpg.examples.DoctorMain jdbc:postgresql://db:5432/shop monitor health.html
 * </pre>
 *
 * <p>The password is read from {@code PGPASSWORD}, never from the command line.
 */
public final class DoctorMain {

    private DoctorMain() {
    }

    /**
     * Entry point.
     *
     * @param args none (demo), or the JDBC URL, the user, and optionally the HTML file to write
     * @throws Exception when the example fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            Tour.runAlone(new HealthChapter());
            return;
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(args[0]);
        if (args.length > 1) {
            ds.setUser(args[1]);
        }
        String password = System.getenv("PGPASSWORD");
        if (password != null) {
            ds.setPassword(password);
        }
        HealthReport report = HealthCheck.builder(Database.of(ds)).build().run();
        System.out.print(report.toText());
        if (args.length > 2) {
            Files.writeString(Path.of(args[2]), report.toHtml());
            System.out.println("HTML report written to " + args[2]);
        }
        System.exit(report.findingsAtLeast(dev.justpg.core.Severity.HIGH).isEmpty() ? 0 : 1);
    }
}
