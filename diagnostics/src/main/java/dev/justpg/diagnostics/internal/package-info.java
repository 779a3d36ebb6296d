/** Implementation of the diagnostics module: plan readers, key tables, input clean-up. Not API. */
package dev.justpg.diagnostics.internal;
