package dev.justpg.examples;

/** Runs the point-in-time recovery chapter on its own embedded PostgreSQL. */
public final class PitrMain {

    private PitrMain() {
    }

    /**
     * Entry point.
     *
     * @param args ignored
     * @throws Exception when the example fails
     */
    public static void main(String[] args) throws Exception {
        Tour.runAlone(new PitrChapter());
    }
}
