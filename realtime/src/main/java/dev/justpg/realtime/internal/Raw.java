package dev.justpg.realtime.internal;

/**
 * A notification as read, not yet decoded (decoding runs on the thread that runs the handler).
 *
 * @param senderPid the publishing session's backend pid
 * @param payload the payload text, possibly with a justpg {@link Envelope}
 */
record Raw(int senderPid, String payload) {
}
