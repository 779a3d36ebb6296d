/** Implementation of the pub/sub API: the listening loop, its wire reader, queues and spill storage. */
package dev.justpg.realtime.internal;
