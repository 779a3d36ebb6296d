package dev.justpg.examples;

import dev.justpg.testkit.EmbeddedServer;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The one-command demo: starts an embedded PostgreSQL (no install, no Docker) and runs one short
 * chapter per justpg capability, printing what each does.
 *
 * <p>Run it with {@code mvn -q -Ptour verify -pl examples -am} from the project root.
 */
public final class Tour {

    /** The chapters, in the order they run. */
    static final List<Chapter> CHAPTERS = List.of(
            new CoreChapter(),
            new PubSubChapter(),
            new JobsChapter(),
            new SearchChapter(),
            new TenancyChapter(),
            new ExplainChapter(),
            new HealthChapter(),
            new BackupChapter(),
            new PitrChapter());

    private Tour() {
    }

    /**
     * Runs every chapter.
     *
     * @param args ignored
     * @throws Exception when a chapter fails
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        out.println("justpg tour: PostgreSQL already does this.");
        out.println("Starting an embedded PostgreSQL (first run unpacks the server binaries)...");
        try (EmbeddedServer server = EmbeddedServer.builder().start()) {
            out.printf(Locale.ROOT, "PostgreSQL %s is running on port %d.%n", server.version(), server.port());
            int n = 0;
            for (Chapter chapter : CHAPTERS) {
                n++;
                run(server, chapter, n, out);
            }
            out.println();
            out.printf(Locale.ROOT, "Tour finished: %d chapter(s). The server is stopped and its files deleted.%n", n);
        }
    }

    /**
     * Runs one chapter on its own fresh database.
     *
     * @param server the server
     * @param chapter the chapter
     * @param number its number, for the heading
     * @param out where to print
     * @throws Exception when the chapter fails
     */
    static void run(EmbeddedServer server, Chapter chapter, int number, PrintStream out) throws Exception {
        out.println();
        out.printf(Locale.ROOT, "== %d. %s ==%n", number, chapter.title());
        TourContext ctx = new TourContext(server, "tour_" + number, out);
        chapter.run(ctx);
    }

    /**
     * Runs a single chapter on its own embedded server: what each capability's {@code *Main} does.
     *
     * @param chapter the chapter
     * @throws Exception when the chapter fails
     */
    public static void runAlone(Chapter chapter) throws Exception {
        try (EmbeddedServer server = EmbeddedServer.builder().start()) {
            run(server, chapter, 1, System.out);
        }
    }
}
