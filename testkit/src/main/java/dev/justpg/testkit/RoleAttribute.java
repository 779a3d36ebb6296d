package dev.justpg.testkit;

/** Attributes a test role can be created with (see {@code CREATE ROLE}). Without any, a role is a plain login. */
public enum RoleAttribute {
    /** {@code SUPERUSER}: bypasses every permission check, including Row-Level Security. */
    SUPERUSER,
    /** {@code BYPASSRLS}: bypasses Row-Level Security policies. */
    BYPASSRLS,
    /** {@code CREATEDB}: may create databases. */
    CREATEDB,
    /** {@code CREATEROLE}: may create roles. */
    CREATEROLE,
    /** {@code REPLICATION}: may connect for streaming replication (pg_basebackup). */
    REPLICATION
}
