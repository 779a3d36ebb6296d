package dev.justpg.backup;

import java.util.Locale;
import java.util.Objects;

/**
 * How {@code pg_dump} compresses: none, gzip (every version) or lz4/zstd (client tools 16 and later).
 *
 * @param method the method
 * @param level the level (gzip 1-9, lz4 1-12, zstd 1-22; 0 for none)
 */
public record Compression(Method method, int level) {

    /** The methods {@code pg_dump --compress} knows. */
    public enum Method {
        /** No compression. */
        NONE,
        /** gzip (zlib), every supported client version. */
        GZIP,
        /** LZ4, client tools 16 and later. */
        LZ4,
        /** Zstandard, client tools 16 and later. */
        ZSTD
    }

    /** No compression. */
    public static final Compression NONE = new Compression(Method.NONE, 0);

    /**
     * Validates the level against the method.
     *
     * @param method the method
     * @param level the level
     */
    public Compression {
        Objects.requireNonNull(method, "method");
        int max = switch (method) {
            case NONE -> 0;
            case GZIP -> 9;
            case LZ4 -> 12;
            case ZSTD -> 22;
        };
        int min = method == Method.NONE ? 0 : 1;
        if (level < min || level > max) {
            throw new IllegalArgumentException("compression level for " + method + " must be between " + min + " and " + max + ", got " + level);
        }
    }

    /**
     * gzip at a level.
     *
     * @param level 1 (fastest) to 9 (smallest)
     * @return the compression
     */
    public static Compression gzip(int level) {
        return new Compression(Method.GZIP, level);
    }

    /**
     * LZ4 at a level (needs client tools 16 or later).
     *
     * @param level 1 to 12
     * @return the compression
     */
    public static Compression lz4(int level) {
        return new Compression(Method.LZ4, level);
    }

    /**
     * Zstandard at a level (needs client tools 16 or later).
     *
     * @param level 1 to 22
     * @return the compression
     */
    public static Compression zstd(int level) {
        return new Compression(Method.ZSTD, level);
    }

    /**
     * The client major version that first supports this method.
     *
     * @return 16 for lz4 and zstd, otherwise 9
     */
    public int minimumToolMajor() {
        return method == Method.LZ4 || method == Method.ZSTD ? 16 : 9;
    }

    /**
     * The {@code pg_dump} argument for a tool of the given major version.
     *
     * @param toolMajor the pg_dump major version
     * @return for example {@code -Z6} or {@code --compress=zstd:3}
     */
    public String argument(int toolMajor) {
        if (toolMajor >= 16) {
            return method == Method.NONE ? "--compress=none" : "--compress=" + method.name().toLowerCase(Locale.ROOT) + ":" + level;
        }
        return "-Z" + level;
    }

    @Override
    public String toString() {
        return method == Method.NONE ? "none" : method.name().toLowerCase(Locale.ROOT) + ":" + level;
    }
}
