package dev.justpg.backup;

/**
 * Receives progress events while a tool runs. Called from the thread that reads the tool's
 * output: keep it quick. An exception it throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface BackupListener {

    /** A listener that does nothing. */
    BackupListener NONE = event -> { };

    /**
     * One progress line.
     *
     * @param event the event
     */
    void onProgress(ProgressEvent event);
}
