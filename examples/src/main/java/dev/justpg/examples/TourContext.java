package dev.justpg.examples;

import dev.justpg.core.Database;
import dev.justpg.testkit.ConnectionInfo;
import dev.justpg.testkit.EmbeddedServer;
import java.io.PrintStream;
import java.util.Locale;
import javax.sql.DataSource;

/** What a {@link Chapter} gets: the embedded server, a fresh database of its own, and a printer. */
public final class TourContext {

    private final EmbeddedServer server;
    private final ConnectionInfo connectionInfo;
    private final Database database;
    private final PrintStream out;

    TourContext(EmbeddedServer server, String databaseName, PrintStream out) {
        this.server = server;
        this.connectionInfo = server.createDatabase(databaseName);
        this.database = Database.of(connectionInfo.dataSource());
        this.out = out;
    }

    /**
     * The embedded server the tour runs on.
     *
     * @return the server
     */
    public EmbeddedServer server() {
        return server;
    }

    /**
     * Superuser connection details for the chapter's own database (for child processes and roles).
     *
     * @return the connection info
     */
    public ConnectionInfo connectionInfo() {
        return connectionInfo;
    }

    /**
     * A data source for the chapter's database, as the superuser.
     *
     * @return the data source
     */
    public DataSource dataSource() {
        return connectionInfo.dataSource();
    }

    /**
     * A justpg {@link Database} over {@link #dataSource()}.
     *
     * @return the database
     */
    public Database db() {
        return database;
    }

    /**
     * Prints one line of the tour, formatted with {@link String#format}.
     *
     * @param format the text, with {@code %s} placeholders
     * @param args the values
     */
    public void say(String format, Object... args) {
        out.println("  " + String.format(Locale.ROOT, format, args));
    }
}
