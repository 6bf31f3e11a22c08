package dev.mailtls.service;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** At most {@code permits} in any {@code per} (a token bucket refilled evenly). */
public record Rate(int permits, Duration per) {
    /** The most permits a written rate may name. */
    public static final int MAX_PERMITS = 1_000_000;

    /** The shortest window a written rate may name. */
    public static final Duration MIN_WINDOW = Duration.ofSeconds(1);

    /** The longest window a written rate may name. */
    public static final Duration MAX_WINDOW = Duration.ofDays(1);

    private static final Pattern WRITTEN = Pattern.compile("(\\d{1,9})\\s*/\\s*(\\d{1,9})([smh])");

    public Rate {
        Objects.requireNonNull(per, "per");
        if (permits < 1 || per.isZero() || per.isNegative()) {
            throw new IllegalArgumentException(
                    "a rate needs at least 1 permit per positive duration, was " + permits + "/" + per);
        }
    }

    /**
     * A rate as an operator writes it: {@code N/<window>}, the window a whole number of seconds,
     * minutes or hours ({@code 20/1m}, {@code 3/30s}, {@code 100/1h}); N from 1 to {@value
     * #MAX_PERMITS}, the window from 1 s to 24 h.
     *
     * @throws IllegalArgumentException naming the text and the form expected
     */
    public static Rate parse(String text) {
        Matcher m = WRITTEN.matcher(text.strip().toLowerCase(Locale.ROOT));
        String expected = " (N/window with N from 1 to " + MAX_PERMITS
                + " and a window from 1s to 24h, e.g. 20/1m, 3/30s or 100/1h)";
        if (!m.matches()) {
            throw new IllegalArgumentException("not a rate: '" + text + "'" + expected);
        }
        long permits = Long.parseLong(m.group(1));
        long amount = Long.parseLong(m.group(2));
        Duration window = switch (m.group(3)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        if (permits < 1 || permits > MAX_PERMITS) {
            throw new IllegalArgumentException("rate '" + text + "' is out of range" + expected);
        }
        if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("rate '" + text + "' has a window out of range" + expected);
        }
        return new Rate((int) permits, window);
    }

    /** As {@link #parse} reads it, in the largest whole unit: {@code 20/1m}, {@code 3/30s}. */
    @Override
    public String toString() {
        long s = per.toSeconds();
        if (per.toNanos() % 1_000_000_000L != 0) {
            return permits + "/" + per;
        }
        if (s % 3600 == 0) {
            return permits + "/" + s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return permits + "/" + s / 60 + "m";
        }
        return permits + "/" + s + "s";
    }
}
