package dev.justpg.backup;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where backups live. A backup becomes visible only when {@link Staging#commit(Manifest)} has
 * written its manifest and published it atomically; a failed or cancelled run leaves nothing that
 * looks complete. {@link LocalDirectoryStore} is the built-in implementation; object stores can
 * implement this by staging locally and uploading on commit.
 */
public interface BackupStore {

    /**
     * Every complete backup, oldest first.
     *
     * @return the backups
     */
    List<Backup> list();

    /**
     * One backup by id.
     *
     * @param id the id
     * @return the backup, or empty
     */
    Optional<Backup> find(String id);

    /**
     * Starts writing a backup.
     *
     * @param id the new backup's id
     * @return the staging area
     */
    Staging begin(String id);

    /**
     * Replaces a backup's manifest (to record a verification), atomically.
     *
     * @param backup the backup
     * @param manifest the new manifest (same id)
     * @return the backup with the new manifest
     */
    Backup updateManifest(Backup backup, Manifest manifest);

    /**
     * Deletes a backup: first unpublished (so it never looks complete), then its files.
     *
     * @param id the id
     */
    void delete(String id);

    /** A backup being written. Close without commit to abort. */
    interface Staging extends AutoCloseable {

        /**
         * The local directory to write the files into.
         *
         * @return the directory
         */
        Path directory();

        /**
         * Writes the manifest last and publishes the backup.
         *
         * @param manifest the manifest
         * @return the published backup
         */
        Backup commit(Manifest manifest);

        /** Deletes the staged files unless committed. Idempotent. */
        @Override
        void close();
    }
}
