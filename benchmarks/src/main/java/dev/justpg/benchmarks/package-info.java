/**
 * Benchmarks: each compares justpg with its peer or the raw-SQL limit in one run and prints
 * RESULT and RATIO lines (see {@link dev.justpg.benchmarks.Bench}).
 */
package dev.justpg.benchmarks;
