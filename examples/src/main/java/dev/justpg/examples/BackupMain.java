package dev.justpg.examples;

/** Runs the backup chapter on its own embedded PostgreSQL: back up, verify, break something, restore. */
public final class BackupMain {

    private BackupMain() {
    }

    /**
     * Entry point.
     *
     * @param args ignored
     * @throws Exception when the example fails
     */
    public static void main(String[] args) throws Exception {
        Tour.runAlone(new BackupChapter());
    }
}
