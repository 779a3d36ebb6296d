/**
 * {@code search}: justpg search against ILIKE, the copy-paste {@code ts_rank} pattern and Apache
 * Lucene in-process, on the GCIDE dictionary split per paragraph.
 */
package dev.justpg.benchmarks.search;
