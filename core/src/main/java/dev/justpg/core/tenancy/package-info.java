/**
 * Tenant isolation with PostgreSQL row-level security: {@link dev.justpg.core.tenancy.Tenancy}
 * binds a typed {@link dev.justpg.core.tenancy.TenantContext} to every transaction (one
 * transaction-local {@code set_config}, never a session {@code SET}), wraps a
 * {@link javax.sql.DataSource} for frameworks, generates fail-closed policies
 * ({@link dev.justpg.core.tenancy.TenantPolicies}) and audits roles and schema
 * ({@link dev.justpg.core.tenancy.AuditReport}).
 */
package dev.justpg.core.tenancy;
