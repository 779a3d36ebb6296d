package dev.justpg.diagnostics;

/**
 * Time spent reading and writing blocks ({@code track_io_timing = on}), in milliseconds.
 * PostgreSQL 14-16 report shared and local blocks together ({@link #sharedLocalRead()}); 17 and
 * newer report them apart. Absent figures are zero.
 *
 * @param sharedLocalRead shared and local read time (PostgreSQL 16 and older)
 * @param sharedLocalWrite shared and local write time (PostgreSQL 16 and older)
 * @param sharedRead shared read time (PostgreSQL 17+)
 * @param sharedWrite shared write time (PostgreSQL 17+)
 * @param localRead local read time (PostgreSQL 17+)
 * @param localWrite local write time (PostgreSQL 17+)
 * @param tempRead temporary file read time (PostgreSQL 15+)
 * @param tempWrite temporary file write time (PostgreSQL 15+)
 */
public record IoTimings(double sharedLocalRead, double sharedLocalWrite, double sharedRead, double sharedWrite,
        double localRead, double localWrite, double tempRead, double tempWrite) {

    /**
     * Creates I/O timings.
     *
     * @param sharedLocalRead shared and local read time
     * @param sharedLocalWrite shared and local write time
     * @param sharedRead shared read time
     * @param sharedWrite shared write time
     * @param localRead local read time
     * @param localWrite local write time
     * @param tempRead temp read time
     * @param tempWrite temp write time
     * @return the timings
     */
    public static IoTimings of(double sharedLocalRead, double sharedLocalWrite, double sharedRead, double sharedWrite,
            double localRead, double localWrite, double tempRead, double tempWrite) {
        return new IoTimings(sharedLocalRead, sharedLocalWrite, sharedRead, sharedWrite, localRead, localWrite,
                tempRead, tempWrite);
    }

    /**
     * Read time over every scope.
     *
     * @return milliseconds
     */
    public double totalRead() {
        return sharedLocalRead + sharedRead + localRead + tempRead;
    }

    /**
     * Write time over every scope.
     *
     * @return milliseconds
     */
    public double totalWrite() {
        return sharedLocalWrite + sharedWrite + localWrite + tempWrite;
    }
}
