/** Code shown in the README, compiled (and checked by a test) so the docs cannot drift from the API. */
package dev.justpg.examples.snippets;
