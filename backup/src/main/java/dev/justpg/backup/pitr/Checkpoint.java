package dev.justpg.backup.pitr;

/** How the checkpoint that starts a base backup is taken ({@code pg_basebackup --checkpoint}). */
public enum Checkpoint {
    /** As fast as possible: the backup starts at once, with a burst of writes. */
    FAST,
    /** Spread over {@code checkpoint_completion_target}: gentle on a busy server, may delay the start by minutes. */
    SPREAD
}
