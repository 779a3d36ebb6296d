package dev.justpg.benchmarks;

import dev.justpg.testkit.ConnectionInfo;
import dev.justpg.testkit.EmbeddedServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;

/**
 * The shared harness: one embedded PostgreSQL for the whole run, a fresh database per benchmark,
 * and the report format.
 *
 * <p>Every benchmark prints {@code RESULT <name> <metric>=<value> <unit>} for each raw figure and
 * {@code RATIO <name> <ours>/<peer> = <x>} for each comparison.
 */
public final class BenchContext {

    /** System property a forked JMH JVM reads to find the connection file. */
    public static final String CONNECTION_FILE_PROPERTY = "justpg.bench.connection";

    private final EmbeddedServer server;
    private final PrintStream out;

    BenchContext(EmbeddedServer server, PrintStream out) {
        this.server = server;
        this.out = out;
    }

    /**
     * The server every benchmark of this run uses.
     *
     * @return the server
     */
    public EmbeddedServer server() {
        return server;
    }

    /**
     * Creates a fresh database for one benchmark.
     *
     * @param name the database name
     * @return superuser connection details for it
     */
    public ConnectionInfo createDatabase(String name) {
        server.dropDatabase(name);
        return server.createDatabase(name);
    }

    /**
     * Prints a raw figure: {@code RESULT <name> <metric>=<value> <unit>}.
     *
     * @param name the benchmark name
     * @param metric what was measured
     * @param value the figure
     * @param unit its unit
     */
    public void result(String name, String metric, double value, String unit) {
        out.printf(Locale.ROOT, "RESULT %s %s=%.3f %s%n", name, metric, value, unit);
    }

    /**
     * Prints a comparison: {@code RATIO <name> <ours>/<peer> = <x>}.
     *
     * @param name the comparison name
     * @param ours the label of our figure
     * @param peer the label of the peer's or limit's figure
     * @param ratio ours divided by peer (for throughput; inverted for latency where said)
     */
    public void ratio(String name, String ours, String peer, double ratio) {
        out.printf(Locale.ROOT, "RATIO %s %s/%s = %.3f%n", name, ours, peer, ratio);
    }

    /**
     * Prints a free-form note line.
     *
     * @param format the text
     * @param args the values
     */
    public void note(String format, Object... args) {
        out.println("NOTE " + String.format(Locale.ROOT, format, args));
    }

    /**
     * Writes connection details to a 0600 file for a forked JVM (JMH), so the password is never
     * on a command line.
     *
     * @param info the connection details
     * @return the system-property argument naming the file
     * @throws IOException when the file cannot be written
     */
    public static String connectionFileArgument(ConnectionInfo info) throws IOException {
        Path file = Files.createTempFile("justpg-bench", ".properties",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        file.toFile().deleteOnExit();
        Properties p = new Properties();
        p.setProperty("host", info.host());
        p.setProperty("port", Integer.toString(info.port()));
        p.setProperty("database", info.database());
        p.setProperty("user", info.user());
        p.setProperty("password", info.password());
        try (var w = Files.newBufferedWriter(file)) {
            p.store(w, "justpg benchmark connection");
        }
        return "-D" + CONNECTION_FILE_PROPERTY + "=" + file;
    }

    /**
     * Reads the connection details in a forked JVM.
     *
     * @return the connection details
     * @throws IOException when the file cannot be read
     */
    public static ConnectionInfo connectionFromFile() throws IOException {
        String file = System.getProperty(CONNECTION_FILE_PROPERTY);
        if (file == null) {
            throw new IllegalStateException("-D" + CONNECTION_FILE_PROPERTY + " is not set: run benchmarks through"
                    + " dev.justpg.benchmarks.Bench, which starts the server");
        }
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(Path.of(file))) {
            p.load(r);
        }
        return new ConnectionInfo(p.getProperty("host"), Integer.parseInt(p.getProperty("port")),
                p.getProperty("database"), p.getProperty("user"), p.getProperty("password"));
    }

    /**
     * Reads one server setting, for the header.
     *
     * @param name the setting
     * @return its value
     */
    String setting(String name) {
        try (Connection c = server.adminConnectionInfo().dataSource().getConnection();
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("show " + name)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            return "?";
        }
    }
}
