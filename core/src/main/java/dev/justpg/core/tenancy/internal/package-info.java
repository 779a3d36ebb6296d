/** Internals of tenant isolation: the binding, the JDBC proxies, policy DDL and audit queries. Not API. */
package dev.justpg.core.tenancy.internal;
