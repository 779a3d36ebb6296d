package dev.justpg.realtime.jobs;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Objects;

/**
 * A cron expression: five fields (minute hour day-of-month month day-of-week, as in crontab) or six
 * with seconds first. Each field takes {@code *}, a number, a range {@code a-b}, a step
 * {@code * /n} or {@code a-b/n} (without the space) and comma lists; day-of-week 0 or 7 is Sunday. When both
 * day fields are restricted, a day matching either fires (as in crontab). Times are in the
 * schedule's zone (default UTC).
 *
 * <pre>
 * CronSchedule.parse("0 3 * * *")           // 03:00 every day
 * CronSchedule.parse("*&#47;15 9-17 * * 1-5")  // every 15 minutes in office hours
 * CronSchedule.parse("*&#47;10 * * * * *")     // every 10 seconds
 * </pre>
 */
public final class CronSchedule {

    private static final int MAX_STEPS = 2_000_000;

    private final String text;
    private final ZoneId zone;
    private final BitSet seconds;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet weekdays;
    private final boolean daysRestricted;
    private final boolean weekdaysRestricted;

    private CronSchedule(String text, ZoneId zone, BitSet seconds, BitSet minutes, BitSet hours, BitSet days,
            BitSet months, BitSet weekdays, boolean daysRestricted, boolean weekdaysRestricted) {
        this.text = text;
        this.zone = zone;
        this.seconds = seconds;
        this.minutes = minutes;
        this.hours = hours;
        this.days = days;
        this.months = months;
        this.weekdays = weekdays;
        this.daysRestricted = daysRestricted;
        this.weekdaysRestricted = weekdaysRestricted;
    }

    /**
     * Parses an expression in UTC.
     *
     * @param expression five or six fields
     * @return the schedule
     * @throws IllegalArgumentException naming the bad field, or when it never fires
     */
    public static CronSchedule parse(String expression) {
        return parse(expression, ZoneOffset.UTC);
    }

    /**
     * Parses an expression in a zone.
     *
     * @param expression five or six fields
     * @param zone the zone its times are in
     * @return the schedule
     * @throws IllegalArgumentException naming the bad field, or when it never fires
     */
    public static CronSchedule parse(String expression, ZoneId zone) {
        Objects.requireNonNull(expression, "cron expression must not be null");
        Objects.requireNonNull(zone, "zone must not be null");
        String[] f = expression.trim().split("\\s+");
        if (f.length != 5 && f.length != 6) {
            throw new IllegalArgumentException("a cron expression has 5 fields (minute hour day month weekday) or 6"
                    + " (seconds first), got " + f.length + ": '" + expression + "'");
        }
        int o = f.length == 6 ? 1 : 0;
        BitSet sec = o == 1 ? field("second", f[0], 0, 59) : single(0);
        BitSet weekdays = field("day-of-week", f[4 + o], 0, 7);
        if (weekdays.get(7)) {
            weekdays.set(0);
        }
        CronSchedule s = new CronSchedule(expression.trim(), zone, sec, field("minute", f[o], 0, 59),
                field("hour", f[1 + o], 0, 23), field("day-of-month", f[2 + o], 1, 31),
                field("month", f[3 + o], 1, 12), weekdays, !f[2 + o].equals("*"), !f[4 + o].equals("*"));
        if (s.next(Instant.now()) == null) {
            throw new IllegalArgumentException("the cron expression '" + expression + "' never fires");
        }
        return s;
    }

    private static BitSet single(int v) {
        BitSet b = new BitSet();
        b.set(v);
        return b;
    }

    private static BitSet field(String name, String text, int min, int max) {
        BitSet bits = new BitSet();
        for (String part : text.split(",")) {
            try {
                int step = 1;
                String range = part;
                int slash = part.indexOf('/');
                if (slash >= 0) {
                    step = Integer.parseInt(part.substring(slash + 1));
                    range = part.substring(0, slash);
                    if (step < 1) {
                        throw new NumberFormatException("step " + step);
                    }
                }
                int lo;
                int hi;
                if (range.equals("*")) {
                    lo = min;
                    hi = max;
                } else if (range.contains("-")) {
                    lo = Integer.parseInt(range.substring(0, range.indexOf('-')));
                    hi = Integer.parseInt(range.substring(range.indexOf('-') + 1));
                } else {
                    lo = Integer.parseInt(range);
                    hi = slash >= 0 ? max : lo;
                }
                if (lo < min || hi > max || lo > hi) {
                    throw new NumberFormatException(lo + "-" + hi);
                }
                for (int v = lo; v <= hi; v += step) {
                    bits.set(v);
                }
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("bad " + name + " field '" + text + "' (allowed " + min + "-" + max
                        + ", *, ranges a-b, steps /n, lists a,b)", e);
            }
        }
        return bits;
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean d = days.get(t.getDayOfMonth());
        boolean w = weekdays.get(t.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : t.getDayOfWeek().getValue());
        if (daysRestricted && weekdaysRestricted) {
            return d || w;
        }
        return d && w;
    }

    /**
     * The first firing time strictly after an instant.
     *
     * @param after the instant
     * @return the next firing time, or {@code null} when there is none within about four years
     */
    public Instant next(Instant after) {
        ZonedDateTime t = after.atZone(zone).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        for (int i = 0; i < MAX_STEPS; i++) {
            if (t.getYear() > after.atZone(zone).getYear() + 4) {
                return null;
            }
            if (!months.get(t.getMonthValue())) {
                t = t.plusMonths(1).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
            } else if (!dayMatches(t)) {
                t = t.plusDays(1).truncatedTo(ChronoUnit.DAYS);
            } else if (!hours.get(t.getHour())) {
                t = t.plusHours(1).truncatedTo(ChronoUnit.HOURS);
            } else if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1).truncatedTo(ChronoUnit.MINUTES);
            } else if (!seconds.get(t.getSecond())) {
                t = t.plusSeconds(1);
            } else {
                return t.toInstant();
            }
        }
        return null;
    }

    /**
     * The zone.
     *
     * @return the zone
     */
    public ZoneId zone() {
        return zone;
    }

    @Override
    public String toString() {
        return text + (zone.equals(ZoneOffset.UTC) ? "" : " " + zone);
    }
}
