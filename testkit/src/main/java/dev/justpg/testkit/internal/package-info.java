/** Testkit implementation: binaries, processes, server kinds. Not API. */
package dev.justpg.testkit.internal;
