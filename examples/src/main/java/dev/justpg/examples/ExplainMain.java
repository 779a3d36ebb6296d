package dev.justpg.examples;

/** Runs the diagnostics chapter on its own embedded PostgreSQL. */
public final class ExplainMain {

    private ExplainMain() {
    }

    /**
     * Entry point.
     *
     * @param args ignored
     * @throws Exception when the example fails
     */
    public static void main(String[] args) throws Exception {
        Tour.runAlone(new ExplainChapter());
    }
}
