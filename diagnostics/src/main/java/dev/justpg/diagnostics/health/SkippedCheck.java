package dev.justpg.diagnostics.health;

import java.util.Objects;

/**
 * A check that did not run, or ran only in part, and why: a missing privilege, a missing
 * extension, a statement timeout, a server that is a standby.
 *
 * @param check the check
 * @param partial {@code true} when the check ran but could not see everything (for example
 *     statistics of tables the role cannot read); {@code false} when it did not run at all
 * @param reason what was missing and what to do, in plain words
 */
public record SkippedCheck(CheckId check, boolean partial, String reason) {

    /**
     * Validates.
     *
     * @param check see the record description
     * @param partial see the record description
     * @param reason see the record description
     */
    public SkippedCheck {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * A skipped or partial check.
     *
     * @param check the check
     * @param partial whether it ran in part
     * @param reason why
     * @return the value
     */
    public static SkippedCheck of(CheckId check, boolean partial, String reason) {
        return new SkippedCheck(check, partial, reason);
    }
}
