/** Benchmarks of the diagnostics module: plan parsing throughput and memory. */
package dev.justpg.benchmarks.diagnostics;
