package dev.mailtls.lease;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Lease} is held.
 *
 * @param ttl how long a take or renewal holds the lease, by the store's clock
 * @param renewEvery how often the holder renews and the others ask whether it is free
 * @param fenceAfter the holder gives up its work when no renewal began successfully for this long;
 *     less than {@code ttl}, so the work has stopped before another server can take the lease
 * @param maxBackoff the longest wait before taking the lease again after losing it: each loss
 *     doubles the wait from {@code renewEvery}, so a lease that keeps being lost (a flapping
 *     database) does not reconnect every few seconds; a hold longer than this resets it
 */
public record LeaseTiming(Duration ttl, Duration renewEvery, Duration fenceAfter, Duration maxBackoff) {

    /** 30 s leases renewed every 10 s, work stopped 20 s after the last good renewal, waits up to 5 min. */
    public static final LeaseTiming DEFAULT = new LeaseTiming(
            Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofMinutes(5));

    public LeaseTiming {
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(renewEvery, "renewEvery");
        Objects.requireNonNull(fenceAfter, "fenceAfter");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (renewEvery.isNegative() || renewEvery.isZero()) {
            throw new IllegalArgumentException("lease renewEvery must be positive, not " + renewEvery);
        }
        if (fenceAfter.compareTo(renewEvery) <= 0 || fenceAfter.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException("lease fenceAfter must lie between renewEvery (" + renewEvery
                    + ") and ttl (" + ttl + "), not " + fenceAfter);
        }
        if (maxBackoff.compareTo(renewEvery) < 0) {
            throw new IllegalArgumentException(
                    "lease maxBackoff must be at least renewEvery (" + renewEvery + "), not " + maxBackoff);
        }
    }
}
