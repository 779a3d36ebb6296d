package dev.justpg.examples;

/** Runs the pub/sub chapter (a live order-status feed) on its own embedded PostgreSQL. */
public final class PubSubMain {

    private PubSubMain() {
    }

    /**
     * Entry point.
     *
     * @param args ignored
     * @throws Exception when the example fails
     */
    public static void main(String[] args) throws Exception {
        Tour.runAlone(new PubSubChapter());
    }
}
