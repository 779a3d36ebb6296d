package dev.justpg.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The GFS planner over years of daily backups. */
class RetentionPolicyTest {

    private static final LocalDate FIRST = LocalDate.of(2022, 1, 1);
    private static final LocalDate LAST = LocalDate.of(2025, 6, 30); // a Monday

    /** One backup a day at 02:00 UTC from FIRST to LAST. */
    private static List<RetentionPolicy.Candidate> daily(LocalDate verifiedDay) {
        List<RetentionPolicy.Candidate> out = new ArrayList<>();
        for (LocalDate d = FIRST; !d.isAfter(LAST); d = d.plusDays(1)) {
            out.add(new RetentionPolicy.Candidate("b-" + d, d.atTime(2, 0).toInstant(ZoneOffset.UTC), d.equals(verifiedDay)));
        }
        return out;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // daily, weekly, monthly, yearly, keepAtLeast, verified day, kept count, must keep, must delete
                Arguments.of(7, 0, 0, 0, 1, null, 7, List.of("b-2025-06-30", "b-2025-06-24"), List.of("b-2025-06-23")),
                // weeks end on Sunday: the newest of each ISO week
                Arguments.of(0, 4, 0, 0, 1, null, 4, List.of("b-2025-06-30", "b-2025-06-29", "b-2025-06-22", "b-2025-06-15"), List.of("b-2025-06-28")),
                Arguments.of(0, 0, 12, 0, 1, null, 12, List.of("b-2025-06-30", "b-2025-05-31", "b-2024-07-31"), List.of("b-2024-06-30")),
                Arguments.of(0, 0, 0, 10, 1, null, 4, List.of("b-2025-06-30", "b-2024-12-31", "b-2023-12-31", "b-2022-12-31"), List.of("b-2022-01-01")),
                // overlapping periods count each backup once: 7 days, 2 more weeks (the newest two are days),
                // 11 more months, 1 more year (2024-12-31 is already a month)
                Arguments.of(7, 4, 12, 3, 1, null, 7 + 2 + 11 + 1, List.of("b-2025-06-22", "b-2025-01-31", "b-2023-12-31"), List.of("b-2022-12-31")),
                Arguments.of(0, 0, 0, 0, 3, null, 3, List.of("b-2025-06-30", "b-2025-06-28"), List.of("b-2025-06-27")),
                // the newest verified backup survives a policy that would delete it
                Arguments.of(7, 0, 0, 0, 1, LocalDate.of(2024, 2, 29), 8, List.of("b-2024-02-29"), List.of("b-2024-02-28")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void plansOverThreeAndAHalfYears(int d, int w, int m, int y, int atLeast, LocalDate verified, int keptCount, List<String> kept,
            List<String> deleted) {
        RetentionPolicy policy = RetentionPolicy.builder().daily(d).weekly(w).monthly(m).yearly(y).keepAtLeast(atLeast).build();
        List<RetentionPolicy.Candidate> all = daily(verified);
        RetentionPlan plan = policy.plan(all, ZoneOffset.UTC);
        assertThat(plan.keep()).hasSize(keptCount);
        assertThat(plan.keep().size() + plan.delete().size()).isEqualTo(all.size());
        assertThat(plan.keptIds()).containsAll(kept);
        assertThat(plan.deletedIds()).containsAll(deleted);
        assertThat(plan.keep()).allMatch(k -> !k.reasons().isEmpty());
        assertThat(plan.keptIds().get(0)).isEqualTo("b-2025-06-30");
    }

    @Test
    void reasonsNameThePeriods() {
        RetentionPlan plan = RetentionPolicy.builder().daily(1).weekly(1).monthly(1).yearly(1).build().plan(daily(null), ZoneOffset.UTC);
        assertThat(plan.keep()).hasSize(1);
        assertThat(plan.keep().get(0).reasons()).containsExactly("one of the 1 newest", "daily 2025-06-30", "weekly 2025-W27", "monthly 2025-06", "yearly 2025");
    }

    @Test
    void daysFollowTheCallersZone() {
        // 23:30 UTC on June 1 is already June 2 in Berlin
        List<RetentionPolicy.Candidate> two = List.of(new RetentionPolicy.Candidate("a", Instant.parse("2025-06-01T23:30:00Z"), false),
                new RetentionPolicy.Candidate("b", Instant.parse("2025-06-02T08:00:00Z"), false));
        RetentionPolicy p = RetentionPolicy.builder().daily(2).build();
        assertThat(p.plan(two, ZoneOffset.UTC).keptIds()).containsExactly("b", "a");
        assertThat(p.plan(two, java.time.ZoneId.of("Europe/Berlin")).keptIds()).containsExactly("b");
    }

    @Test
    void refusesPoliciesThatCouldDeleteEverything() {
        assertThatThrownBy(() -> RetentionPolicy.builder().keepAtLeast(0).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keepAtLeast");
        assertThatThrownBy(() -> RetentionPolicy.builder().daily(-1).build()).hasMessageContaining("daily");
        assertThat(RetentionPolicy.builder().build().plan(List.of(), ZoneOffset.UTC).keep()).isEmpty();
    }
}
