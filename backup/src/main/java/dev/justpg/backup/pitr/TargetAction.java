package dev.justpg.backup.pitr;

/** What the server does once recovery reaches its target ({@code recovery_target_action}). */
public enum TargetAction {
    /** End recovery and accept writes on a new timeline (the usual choice for a restore). */
    PROMOTE,
    /** Stay in recovery, paused, so the data can be inspected before deciding. */
    PAUSE,
    /** Stop the server; starting it again without changing the target re-runs recovery. */
    SHUTDOWN;

    String setting() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
