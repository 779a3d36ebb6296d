package dev.justpg.backup;

/** Why a backup, restore or verification failed; callers react differently to each. */
public enum FailureKind {
    /** A client tool was not found in the configured directory, on PATH or in the usual install locations. */
    TOOL_NOT_FOUND,
    /** The client tool is older than the server, or the archive or target does not fit the tool. */
    VERSION_MISMATCH,
    /** The password or authentication method was refused ({@code 28P01}, {@code pg_hba.conf}). */
    AUTHENTICATION,
    /** The role lacks a privilege ({@code permission denied}). */
    PERMISSION,
    /** A table, schema, role or database the run needs does not exist. */
    MISSING_OBJECT,
    /** The disk of the backup store or the server is full. */
    DISK_FULL,
    /** The tool reported errors it would have ignored ({@code errors ignored on restore}). */
    ERRORS_IGNORED,
    /** A backup file is missing, truncated or does not match its SHA-256 in the manifest. */
    CORRUPT,
    /** The restored database does not match the manifest (row counts, sequences, missing tables). */
    VERIFICATION,
    /** The caller interrupted the run; the child process was killed. */
    CANCELLED,
    /** The run passed its timeout; the child process was killed. */
    TIMEOUT,
    /** Anything else; the tool's own message is kept. */
    OTHER
}
