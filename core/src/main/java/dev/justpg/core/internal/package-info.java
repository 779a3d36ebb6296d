/** Implementation details shared by justpg modules. Not API: may change in any release. */
package dev.justpg.core.internal;
