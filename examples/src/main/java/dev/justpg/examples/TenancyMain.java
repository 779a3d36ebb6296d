package dev.justpg.examples;

/** Runs the tenancy chapter on its own embedded PostgreSQL. */
public final class TenancyMain {

    private TenancyMain() {
    }

    /**
     * Entry point.
     *
     * @param args ignored
     * @throws Exception when the example fails
     */
    public static void main(String[] args) throws Exception {
        Tour.runAlone(new TenancyChapter());
    }
}
