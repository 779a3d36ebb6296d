/**
 * Implementation of the search module: input parsing, SQL generation, DDL planning. Not API:
 * anything here may change without notice.
 */
package dev.justpg.search.internal;
