package dev.justpg.backup;

/** Whether roles and tablespaces ({@code pg_dumpall --globals-only}) are saved next to a dump. */
public enum GlobalsMode {
    /** No globals. */
    NONE,
    /** Roles, memberships, role settings and tablespaces, without password hashes ({@code --no-role-passwords}). */
    WITHOUT_PASSWORDS,
    /** The same with password hashes: the globals file is then a secret (written 0600). */
    WITH_PASSWORDS
}
