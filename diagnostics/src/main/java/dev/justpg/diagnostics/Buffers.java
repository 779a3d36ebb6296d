package dev.justpg.diagnostics;

/**
 * Buffer usage of a node ({@code EXPLAIN (BUFFERS)}), in 8 kB blocks. Includes the node's
 * children, like its time.
 *
 * @param sharedHit shared blocks found in shared buffers
 * @param sharedRead shared blocks read from the OS (page cache or disk)
 * @param sharedDirtied shared blocks this node changed
 * @param sharedWritten shared blocks this node wrote out
 * @param localHit temporary-table blocks found in local buffers
 * @param localRead temporary-table blocks read
 * @param localDirtied temporary-table blocks changed
 * @param localWritten temporary-table blocks written
 * @param tempRead blocks of temporary files (sorts, hashes spilling) read
 * @param tempWritten blocks of temporary files written
 */
public record Buffers(long sharedHit, long sharedRead, long sharedDirtied, long sharedWritten, long localHit,
        long localRead, long localDirtied, long localWritten, long tempRead, long tempWritten) {

    /** No block touched. */
    public static final Buffers ZERO = new Buffers(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * Creates buffer counters.
     *
     * @param sharedHit shared hits
     * @param sharedRead shared reads
     * @param sharedDirtied shared dirtied
     * @param sharedWritten shared written
     * @param localHit local hits
     * @param localRead local reads
     * @param localDirtied local dirtied
     * @param localWritten local written
     * @param tempRead temp reads
     * @param tempWritten temp written
     * @return the counters
     */
    public static Buffers of(long sharedHit, long sharedRead, long sharedDirtied, long sharedWritten, long localHit,
            long localRead, long localDirtied, long localWritten, long tempRead, long tempWritten) {
        return new Buffers(sharedHit, sharedRead, sharedDirtied, sharedWritten, localHit, localRead, localDirtied,
                localWritten, tempRead, tempWritten);
    }

    /**
     * Blocks read from outside shared/local buffers, temp files included.
     *
     * @return shared + local + temp reads
     */
    public long totalRead() {
        return sharedRead + localRead + tempRead;
    }

    /**
     * Blocks written, temp files included.
     *
     * @return shared + local + temp writes
     */
    public long totalWritten() {
        return sharedWritten + localWritten + tempWritten;
    }
}
