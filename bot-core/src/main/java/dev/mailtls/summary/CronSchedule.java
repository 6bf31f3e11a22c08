package dev.mailtls.summary;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Objects;

/**
 * A five-field cron expression ({@code minute hour day-of-month month day-of-week}) in a time
 * zone: {@code *}, numbers, ranges {@code a-b}, lists {@code a,b}, steps {@code *}{@code /n} and
 * {@code a-b/n}, month names {@code JAN}-{@code DEC} and day names {@code SUN}-{@code SAT} (0 and 7
 * are Sunday). As in cron, when both day fields are restricted a day matching either runs. Times
 * that a daylight-saving jump skips run at the first valid instant after; repeated times run once.
 */
public final class CronSchedule {
    private static final String[] MONTHS = {
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
    };
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    private final String expression;
    private final ZoneId zone;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private CronSchedule(String expression, ZoneId zone, String[] f) {
        this.expression = expression;
        this.zone = zone;
        this.minutes = field(f[0], "minute", 0, 59, null);
        this.hours = field(f[1], "hour", 0, 23, null);
        this.daysOfMonth = field(f[2], "day of month", 1, 31, null);
        this.months = field(f[3], "month", 1, 12, MONTHS);
        BitSet dow = field(f[4], "day of week", 0, 7, DAYS);
        if (dow.get(7)) {
            dow.set(0);
        }
        this.daysOfWeek = dow;
        this.anyDayOfMonth = f[2].equals("*") || f[2].equals("?");
        this.anyDayOfWeek = f[4].equals("*") || f[4].equals("?");
    }

    /**
     * @throws IllegalArgumentException naming the field and the bad part
     */
    public static CronSchedule parse(String expression, ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        String e = Objects.requireNonNull(expression, "expression").strip();
        String[] f = e.split("\\s+");
        if (f.length != 5) {
            throw new IllegalArgumentException("a schedule has five fields (minute hour day-of-month month"
                    + " day-of-week, e.g. \"0 8 * * MON-FRI\"), '" + e + "' has " + f.length);
        }
        return new CronSchedule(e, zone, f);
    }

    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The first run strictly after {@code after}. */
    public ZonedDateTime next(ZonedDateTime after) {
        LocalDateTime start = after.withZoneSameInstant(zone)
                .toLocalDateTime()
                .truncatedTo(ChronoUnit.MINUTES)
                .plusMinutes(1);
        LocalDate day = start.toLocalDate();
        LocalTime from = start.toLocalTime();
        // Eight years covers every valid expression (29 February on a given weekday included).
        for (int i = 0; i < 366 * 8; i++) {
            if (dayMatches(day)) {
                for (int h = from.getHour(); h < 24; h++) {
                    if (!hours.get(h)) {
                        continue;
                    }
                    int m0 = h == from.getHour() ? from.getMinute() : 0;
                    for (int m = minutes.nextSetBit(m0); m >= 0 && m < 60; m = minutes.nextSetBit(m + 1)) {
                        ZonedDateTime candidate = ZonedDateTime.of(day, LocalTime.of(h, m), zone);
                        // A time the clocks skipped moves forward; keep strictly after the start.
                        if (candidate.isAfter(after)) {
                            return candidate;
                        }
                    }
                }
            }
            day = day.plusDays(1);
            from = LocalTime.MIDNIGHT;
        }
        throw new IllegalStateException("schedule '" + expression + "' never runs");
    }

    private boolean dayMatches(LocalDate d) {
        if (!months.get(d.getMonthValue())) {
            return false;
        }
        boolean dom = daysOfMonth.get(d.getDayOfMonth());
        boolean dow = daysOfWeek.get(
                d.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : d.getDayOfWeek().getValue());
        if (anyDayOfMonth && anyDayOfWeek) {
            return true;
        }
        if (anyDayOfMonth) {
            return dow;
        }
        if (anyDayOfWeek) {
            return dom;
        }
        return dom || dow;
    }

    private static BitSet field(String text, String name, int min, int max, String[] names) {
        BitSet bits = new BitSet(max + 1);
        for (String part : text.split(",")) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), name, 1, max, null);
            }
            int lo;
            int hi;
            if (range.equals("*") || range.equals("?")) {
                lo = min;
                hi = max;
            } else if (range.contains("-")) {
                String[] ab = range.split("-", 2);
                lo = number(ab[0], name, min, max, names);
                hi = number(ab[1], name, min, max, names);
                if (hi < lo) {
                    throw new IllegalArgumentException(name + " range '" + range + "' runs backwards");
                }
            } else {
                lo = number(range, name, min, max, names);
                hi = slash >= 0 ? max : lo;
            }
            for (int v = lo; v <= hi; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int number(String s, String name, int min, int max, String[] names) {
        String u = s.strip().toUpperCase(Locale.ROOT);
        if (names != null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(u)) {
                    return names == MONTHS ? i + 1 : i;
                }
            }
        }
        try {
            int v = Integer.parseInt(u);
            if (v < min || v > max) {
                throw new IllegalArgumentException(name + " must be " + min + "-" + max + ", was " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a valid " + name
                    + (names == null ? "" : " (numbers or " + names[0] + "-" + names[names.length - 1] + ")"));
        }
    }

    @Override
    public String toString() {
        return expression + " (" + zone + ")";
    }
}
