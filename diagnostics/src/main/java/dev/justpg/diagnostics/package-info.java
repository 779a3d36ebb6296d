/**
 * EXPLAIN parsed into one typed plan tree with findings, and health checks over the pg_stat views.
 *
 * <p>This module is reserved: its API lands with the EXPLAIN issue.
 */
package dev.justpg.diagnostics;
