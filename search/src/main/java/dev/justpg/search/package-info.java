/**
 * Full-text (tsvector/tsquery) and typo-tolerant trigram (pg_trgm) search on PostgreSQL, with
 * only contrib extensions.
 *
 * <p>Entry point: {@link dev.justpg.search.SearchIndex}, built from a {@link dev.justpg.core.Database}
 * and the name of an existing table. It plans and applies the DDL (a stored weighted tsvector
 * column, GIN indexes, trigram indexes, an IMMUTABLE unaccent wrapper), checks with EXPLAIN that
 * searches use those indexes, parses any user input safely, ranks with bounded work, highlights
 * the returned page, corrects typos from a vocabulary table and counts facets.
 * {@link dev.justpg.search.SearchDsl} puts the same matching and ranking into users' own jOOQ
 * queries.
 */
package dev.justpg.search;
