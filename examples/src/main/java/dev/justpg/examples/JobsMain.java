package dev.justpg.examples;

/** Runs the jobs chapter (background e-mails, a retry and a batch callback) on its own embedded PostgreSQL. */
public final class JobsMain {

    private JobsMain() {
    }

    /**
     * Entry point.
     *
     * @param args ignored
     * @throws Exception when the example fails
     */
    public static void main(String[] args) throws Exception {
        Tour.runAlone(new JobsChapter());
    }
}
