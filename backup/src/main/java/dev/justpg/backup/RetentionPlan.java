package dev.justpg.backup;

import java.time.Instant;
import java.util.List;

/**
 * What a {@link RetentionPolicy} keeps and deletes, with the reasons; a dry run is just a plan
 * that is not applied.
 *
 * @param keep the backups kept, newest first
 * @param delete the backups to delete, newest first
 */
public record RetentionPlan(List<Decision> keep, List<Decision> delete) {

    /**
     * Copies the lists.
     *
     * @param keep see the record description
     * @param delete see the record description
     */
    public RetentionPlan {
        keep = List.copyOf(keep);
        delete = List.copyOf(delete);
    }

    /**
     * One backup's fate.
     *
     * @param id the backup id
     * @param time when it was taken
     * @param reasons why it is kept (such as {@code daily 2026-03-01}); empty when deleted
     */
    public record Decision(String id, Instant time, List<String> reasons) {
        /**
         * Copies the list.
         *
         * @param id see the record description
         * @param time see the record description
         * @param reasons see the record description
         */
        public Decision {
            reasons = List.copyOf(reasons);
        }
    }

    /** @return the ids kept */
    public List<String> keptIds() {
        return keep.stream().map(Decision::id).toList();
    }

    /** @return the ids to delete */
    public List<String> deletedIds() {
        return delete.stream().map(Decision::id).toList();
    }
}
