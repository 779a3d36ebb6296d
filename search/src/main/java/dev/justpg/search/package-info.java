/**
 * Full-text (tsvector/tsquery) and typo-tolerant trigram (pg_trgm) search on PostgreSQL.
 *
 * <p>This module is reserved: its API lands with the search issue. It already builds, so the
 * BOM and the module layout are stable for users who import it early.
 */
package dev.justpg.search;
