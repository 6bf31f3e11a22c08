package dev.mailtls.tls;

import java.time.Duration;
import java.time.Instant;

/**
 * The one way certificate dates are counted in days, so the hint, the card's validity line and the
 * trust line of one probe say the same number for the same date (all count from the probe's start).
 */
public final class DayCount {
    private DayCount() {}

    /** Whole days from {@code now} to {@code notAfter}, rounded down: -1 a second after expiry. */
    public static long left(Instant now, Instant notAfter) {
        return Math.floorDiv(
                Duration.between(now, notAfter).getSeconds(), Duration.ofDays(1).getSeconds());
    }

    /** Whole days that have passed since {@code past}, rounded down: 0 within the first day. */
    public static long since(Instant past, Instant now) {
        return Math.max(0, Duration.between(past, now).toDays());
    }

    /** "less than a day ago", "1 day ago", "2164 days ago": how long ago {@code past} was. */
    public static String ago(Instant past, Instant now) {
        long days = since(past, now);
        return (days == 0 ? "less than a day" : days == 1 ? "1 day" : days + " days") + " ago";
    }
}
