package dev.justpg.backup.pitr;

/** Where a recovered server stands once recovery stopped. */
public enum RecoveryState {
    /** Recovery ended and the server accepts writes on a new timeline. */
    PROMOTED,
    /** Recovery reached its target and waits, paused, for {@code pg_wal_replay_resume()}. */
    PAUSED,
    /** Recovery reached its target and the server shut down as asked. */
    SHUT_DOWN
}
