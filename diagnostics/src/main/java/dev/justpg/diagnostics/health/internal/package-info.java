/**
 * Internals of the health checks: the statements, the typed rows, the checks and the report
 * writers. Not API.
 */
package dev.justpg.diagnostics.health.internal;
