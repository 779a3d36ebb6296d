package dev.justpg.examples;

/** Runs the core chapter on its own embedded PostgreSQL. */
public final class CoreMain {

    private CoreMain() {
    }

    /**
     * Entry point.
     *
     * @param args ignored
     * @throws Exception when the example fails
     */
    public static void main(String[] args) throws Exception {
        Tour.runAlone(new CoreChapter());
    }
}
