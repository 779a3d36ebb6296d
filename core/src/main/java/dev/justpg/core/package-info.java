/**
 * The core of justpg: {@link dev.justpg.core.Database} (transactions with retry, server checks),
 * {@link dev.justpg.core.Identifier} (validated, quoted SQL names), advisory locks and the
 * exception hierarchy rooted at {@link dev.justpg.core.JustPgException}.
 */
package dev.justpg.core;
