/** The JSON codec SPI and its Jackson default. */
package dev.justpg.core.json;
