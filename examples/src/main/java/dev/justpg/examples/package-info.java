/** Runnable examples: one {@code *Main} per capability, and the {@link dev.justpg.examples.Tour}. */
package dev.justpg.examples;
