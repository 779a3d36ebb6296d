package dev.justpg.core;

/**
 * The version of the connected PostgreSQL server.
 *
 * @param major the major version (for example 15)
 * @param minor the minor version (for example 19)
 * @param number {@code server_version_num} (for example 150019)
 * @param text {@code server_version} as the server reports it (for example {@code "15.19"})
 */
public record ServerVersion(int major, int minor, int number, String text) {

    /**
     * Parses {@code server_version_num} (PostgreSQL 10 and later: {@code major * 10000 + minor}).
     *
     * @param versionNum the value of {@code server_version_num}
     * @param text the value of {@code server_version}
     * @return the version
     */
    public static ServerVersion of(int versionNum, String text) {
        if (versionNum >= 100000) {
            return new ServerVersion(versionNum / 10000, versionNum % 10000, versionNum, text);
        }
        return new ServerVersion(versionNum / 10000, versionNum % 100, versionNum, text);
    }

    /**
     * Whether this server is at least the given major version.
     *
     * @param requiredMajor the major version needed
     * @return {@code true} when {@code major >= requiredMajor}
     */
    public boolean atLeast(int requiredMajor) {
        return major >= requiredMajor;
    }
}
