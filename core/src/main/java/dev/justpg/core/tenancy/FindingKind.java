package dev.justpg.core.tenancy;

/** What an {@link AuditFinding} is about. */
public enum FindingKind {
    /** The application role is a superuser: row-level security does not apply to it. */
    APP_ROLE_SUPERUSER,
    /** The application role has {@code BYPASSRLS}. */
    APP_ROLE_BYPASSRLS,
    /** The application role is a member of a superuser or {@code BYPASSRLS} role: {@code SET ROLE} turns RLS off. */
    APP_ROLE_MEMBER_OF_BYPASS_ROLE,
    /** The tenant setting has a role or database default ({@code ALTER ROLE ... SET}): new sessions start inside a tenant. */
    TENANT_SETTING_DEFAULT,
    /**
     * The application role owns a tenant table, directly or as a member of the owner (also
     * {@code NOINHERIT}, through {@code SET ROLE}): it can turn RLS off.
     */
    APP_ROLE_OWNS_TABLE,
    /** The application role may {@code TRUNCATE} a tenant table, which ignores row-level security. */
    APP_ROLE_CAN_TRUNCATE,
    /** A table with a tenant column does not have row-level security enabled. */
    TABLE_WITHOUT_RLS,
    /** Row-level security is enabled but not forced, so the table owner bypasses it. */
    TABLE_WITHOUT_FORCE,
    /** No permissive policy on the table uses the tenant setting. */
    TABLE_WITHOUT_POLICY,
    /** A permissive policy does not use the tenant setting: permissive policies are OR-ed, so it opens rows. */
    POLICY_NOT_TENANT_SCOPED,
    /** A policy reads the tenant setting without {@code missing_ok} or without {@code nullif(..., '')}. */
    POLICY_NOT_FAIL_CLOSED,
    /** A permissive policy lets rows through when no tenant is bound ("no tenant means all rows"). */
    POLICY_FAILS_OPEN,
    /** A policy calls {@code current_setting} outside a {@code (select ...)}: evaluated per row, not once. */
    POLICY_NOT_WRAPPED,
    /** A unique constraint or index does not include the tenant column: it reveals other tenants' values. */
    UNIQUE_WITHOUT_TENANT,
    /** An exclusion constraint on a tenant table does not compare the tenant column: it reveals other tenants' values. */
    EXCLUSION_WITHOUT_TENANT,
    /** A foreign key between tenant tables does not include the tenant column: a row can point at another tenant's row. */
    FOREIGN_KEY_WITHOUT_TENANT,
    /** A view over a tenant table runs with its owner's rights ({@code security_invoker} is off). */
    VIEW_WITHOUT_SECURITY_INVOKER,
    /** The application may read a materialized view over a tenant table: RLS does not apply to it. */
    MATERIALIZED_VIEW_OVER_TENANT_TABLE,
    /** A {@code SECURITY DEFINER} function has no pinned {@code search_path}. */
    SECURITY_DEFINER_WITHOUT_SEARCH_PATH,
    /** The application may call a {@code SECURITY DEFINER} function owned by a role that bypasses RLS. */
    SECURITY_DEFINER_BYPASSES_RLS,
    /** No valid, non-partial index is led by the tenant column. */
    TABLE_WITHOUT_TENANT_INDEX
}
