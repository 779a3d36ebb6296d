/** Implementation of the backup module: not API, may change in any release. */
package dev.justpg.backup.internal;
