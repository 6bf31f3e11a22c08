package dev.mailtls.retry;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How often and how long to retry a delivery that failed for now (HTTP 429, 5xx, an I/O error):
 * exponential backoff from {@code firstBackoff}, or the wait the other side asked for, never more
 * than {@code maxWait} at once nor {@code maxTotalWait} in all, at most {@code maxAttempts} tries,
 * and never past the moment the delivery stops making sense (a chat platform's token lifetime).
 * The waits run on the calling thread: callers deliver on a virtual thread of their own, never on
 * a platform's event thread.
 */
public record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxWait, Duration maxTotalWait) {
    private static final Pattern SECONDS = Pattern.compile("\\d{1,9}(\\.\\d{1,9})?");

    /**
     * A chat card: 5 tries (Slack's {@code response_url} takes at most 5 uses), backoff from 1 s,
     * at most 60 s at once and 5 min in all.
     */
    public static final RetryPolicy CHAT =
            new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(5));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        for (Duration d : new Duration[] {firstBackoff, maxWait, maxTotalWait}) {
            Objects.requireNonNull(d, "durations");
            if (d.isNegative()) {
                throw new IllegalArgumentException("retry waits must not be negative, was " + d);
            }
        }
    }

    /** This policy with another number of tries (e.g. a notifier's configured retries plus one). */
    public RetryPolicy withMaxAttempts(int n) {
        return new RetryPolicy(n, firstBackoff, maxWait, maxTotalWait);
    }

    /**
     * Tries {@code call} until it is done, or the policy gives up.
     *
     * @param notAfter no try starts after this instant (a token's end of life)
     * @throws InterruptedException when interrupted while waiting; the delivery is abandoned
     */
    public <T> Outcome<T> run(Attempt.Call<T> call, Sleeper sleeper, Clock clock, Instant notAfter)
            throws InterruptedException {
        Duration backoff = firstBackoff;
        Duration waited = Duration.ZERO;
        for (int n = 1; ; n++) {
            Attempt<T> a = null;
            IOException error = null;
            try {
                a = call.call();
            } catch (IOException e) {
                error = e;
            }
            if (a != null && !a.again()) {
                return new Outcome<>(a.value(), null, true, n, "");
            }
            T last = a == null ? null : a.value();
            String problem = a != null ? a.problem() : error.getClass().getSimpleName();
            if (n >= maxAttempts) {
                return new Outcome<>(last, error, false, n, problem + " after " + n + " attempts");
            }
            Optional<Duration> asked = a == null ? Optional.empty() : a.retryAfter();
            Duration wait = asked.orElse(backoff);
            backoff = min(backoff.multipliedBy(2), maxWait);
            if (wait.compareTo(maxWait) > 0) {
                // Waking early would only earn another 429: a long Retry-After ends the delivery.
                return new Outcome<>(
                        last,
                        error,
                        false,
                        n,
                        problem + ", asked to wait " + wait.toSeconds() + " s (more than " + maxWait.toSeconds()
                                + " s), after " + n + " attempts");
            }
            if (waited.plus(wait).compareTo(maxTotalWait) > 0
                    || clock.instant().plus(wait).isAfter(notAfter)) {
                return new Outcome<>(
                        last, error, false, n, problem + " after " + n + " attempts, and the time to deliver runs out");
            }
            sleeper.sleep(wait);
            waited = waited.plus(wait);
        }
    }

    /** An HTTP status worth another try: 429 (rate limited) or 5xx. Every other 4xx is final. */
    public static boolean transientStatus(int status) {
        return status == 429 || (status >= 500 && status <= 599);
    }

    /**
     * {@code Retry-After} in seconds (whole or fractional, as Discord sends it), rounded up to the
     * millisecond; empty when absent, negative or unreadable (an HTTP date included: the backoff then
     * decides).
     */
    public static Optional<Duration> retryAfter(Optional<String> header) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String v = header.get().strip();
        return SECONDS.matcher(v).matches() ? Optional.of(seconds(Double.parseDouble(v))) : Optional.empty();
    }

    /** Seconds as a duration, rounded up to the millisecond (Discord sends e.g. 0.343). */
    public static Duration seconds(double s) {
        double bounded = Math.min(Math.max(0, s), 1e9);
        return Duration.ofMillis((long) Math.ceil(bounded * 1000));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
