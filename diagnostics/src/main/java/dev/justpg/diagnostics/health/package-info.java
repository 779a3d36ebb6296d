/**
 * Database health: one call ({@link dev.justpg.diagnostics.health.HealthCheck}) that checks the
 * schema and the running server and returns typed findings with evidence and a fix; reports as
 * text, JSON and HTML; {@link dev.justpg.diagnostics.health.HealthAssertions} to fail a build on
 * findings. Every check is listed in docs/health.md.
 */
package dev.justpg.diagnostics.health;
