package dev.justpg.backup;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Grandfather-father-son retention: keep the newest backup of each of the last N days, ISO weeks,
 * months and years that have backups, plus the N newest overall, plus always the newest verified
 * backup. Pure: {@link #plan(List, ZoneId)} decides, nothing is deleted until
 * {@link Backups#applyRetention(RetentionPolicy)}.
 */
public final class RetentionPolicy {

    /** The default number of newest backups always kept: {@value}. */
    public static final int DEFAULT_KEEP_AT_LEAST = 1;

    private final int daily;
    private final int weekly;
    private final int monthly;
    private final int yearly;
    private final int keepAtLeast;

    private RetentionPolicy(Builder b) {
        this.daily = b.daily;
        this.weekly = b.weekly;
        this.monthly = b.monthly;
        this.yearly = b.yearly;
        this.keepAtLeast = b.keepAtLeast;
    }

    /** @return a builder keeping only {@link #DEFAULT_KEEP_AT_LEAST} backup until periods are set */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A backup as the planner sees it.
     *
     * @param id the id
     * @param time when it was taken
     * @param verified whether its last verification drill passed
     */
    public record Candidate(String id, Instant time, boolean verified) {
        /**
         * Checks the components.
         *
         * @param id see the record description
         * @param time see the record description
         * @param verified see the record description
         */
        public Candidate {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(time, "time");
        }

        /**
         * The candidate for a stored backup.
         *
         * @param b the backup
         * @return the candidate
         */
        public static Candidate of(Backup b) {
            return new Candidate(b.id(), b.manifest().startedAt(), b.manifest().isVerified());
        }
    }

    /**
     * Decides which backups to keep.
     *
     * @param backups the backups, in any order
     * @param zone the zone whose calendar counts
     * @return the plan
     */
    public RetentionPlan plan(List<Candidate> backups, ZoneId zone) {
        List<Candidate> sorted = new ArrayList<>(backups);
        sorted.sort(Comparator.comparing(Candidate::time).thenComparing(Candidate::id).reversed());
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        for (Candidate c : sorted) {
            reasons.put(c.id(), new ArrayList<>());
        }
        for (int i = 0; i < Math.min(keepAtLeast, sorted.size()); i++) {
            reasons.get(sorted.get(i).id()).add("one of the " + keepAtLeast + " newest");
        }
        sorted.stream().filter(Candidate::verified).findFirst().ifPresent(c -> reasons.get(c.id()).add("newest verified"));
        bucket(sorted, reasons, daily, "daily", d -> d.toString(), zone);
        bucket(sorted, reasons, weekly, "weekly", d -> d.get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format("%02d", d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)), zone);
        bucket(sorted, reasons, monthly, "monthly", d -> d.getYear() + "-" + String.format("%02d", d.getMonthValue()), zone);
        bucket(sorted, reasons, yearly, "yearly", d -> Integer.toString(d.getYear()), zone);
        List<RetentionPlan.Decision> keep = new ArrayList<>();
        List<RetentionPlan.Decision> delete = new ArrayList<>();
        for (Candidate c : sorted) {
            List<String> r = reasons.get(c.id());
            (r.isEmpty() ? delete : keep).add(new RetentionPlan.Decision(c.id(), c.time(), r));
        }
        return new RetentionPlan(keep, delete);
    }

    private static void bucket(List<Candidate> newestFirst, Map<String, List<String>> reasons, int n, String kind,
            Function<LocalDate, String> key, ZoneId zone) {
        Set<String> seen = new HashSet<>();
        for (Candidate c : newestFirst) {
            if (seen.size() >= n) {
                return;
            }
            String k = key.apply(LocalDate.ofInstant(c.time(), zone));
            if (seen.add(k)) {
                reasons.get(c.id()).add(kind + " " + k);
            }
        }
    }

    /** @return days kept */
    public int daily() {
        return daily;
    }

    /** @return ISO weeks kept */
    public int weekly() {
        return weekly;
    }

    /** @return months kept */
    public int monthly() {
        return monthly;
    }

    /** @return years kept */
    public int yearly() {
        return yearly;
    }

    /** @return newest backups always kept */
    public int keepAtLeast() {
        return keepAtLeast;
    }

    @Override
    public String toString() {
        return "RetentionPolicy[daily=" + daily + ", weekly=" + weekly + ", monthly=" + monthly + ", yearly=" + yearly
                + ", keepAtLeast=" + keepAtLeast + ", newest verified always kept]";
    }

    /** Builds {@link RetentionPolicy}. */
    public static final class Builder {
        private int daily;
        private int weekly;
        private int monthly;
        private int yearly;
        private int keepAtLeast = DEFAULT_KEEP_AT_LEAST;

        private Builder() {
        }

        /**
         * @param n keep the newest backup of each of the last n days with backups (default 0)
         * @return this
         */
        public Builder daily(int n) {
            this.daily = n;
            return this;
        }

        /**
         * @param n keep the newest backup of each of the last n ISO weeks with backups (default 0)
         * @return this
         */
        public Builder weekly(int n) {
            this.weekly = n;
            return this;
        }

        /**
         * @param n keep the newest backup of each of the last n months with backups (default 0)
         * @return this
         */
        public Builder monthly(int n) {
            this.monthly = n;
            return this;
        }

        /**
         * @param n keep the newest backup of each of the last n years with backups (default 0)
         * @return this
         */
        public Builder yearly(int n) {
            this.yearly = n;
            return this;
        }

        /**
         * @param n always keep the n newest backups (default {@value #DEFAULT_KEEP_AT_LEAST}, at least 1)
         * @return this
         */
        public Builder keepAtLeast(int n) {
            this.keepAtLeast = n;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the policy
         * @throws IllegalArgumentException naming the bad setting
         */
        public RetentionPolicy build() {
            check("daily", daily);
            check("weekly", weekly);
            check("monthly", monthly);
            check("yearly", yearly);
            if (keepAtLeast < 1) {
                throw new IllegalArgumentException("keepAtLeast must be at least 1 (a policy must never delete every backup), got " + keepAtLeast);
            }
            return new RetentionPolicy(this);
        }

        private static void check(String name, int v) {
            if (v < 0) {
                throw new IllegalArgumentException(name + " must not be negative, got " + v);
            }
        }
    }
}
