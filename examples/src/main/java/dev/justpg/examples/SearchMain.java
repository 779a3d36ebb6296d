package dev.justpg.examples;

/** Runs the search chapter on its own embedded PostgreSQL. */
public final class SearchMain {

    private SearchMain() {
    }

    /**
     * Entry point.
     *
     * @param args ignored
     * @throws Exception when the example fails
     */
    public static void main(String[] args) throws Exception {
        Tour.runAlone(new SearchChapter());
    }
}
