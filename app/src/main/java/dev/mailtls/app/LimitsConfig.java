package dev.mailtls.app;

import dev.mailtls.service.Rate;
import dev.mailtls.service.ServiceLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * The probe service's bounds as an operator sets them: {@code MAILTLS_MAX_CONCURRENT}, {@code
 * MAILTLS_MAX_QUEUED}, {@code MAILTLS_RATE_PER_REQUESTER}, {@code MAILTLS_RATE_FRESH} and {@code
 * MAILTLS_RATE_PER_HOST} (YAML {@code max_concurrent} ...). The per-/24-or-/64 rate follows the
 * per-host one at {@link ServiceLimits}' factor of four; the deep-probe limits keep their defaults.
 *
 * @param maxConcurrent probes running at once, 1 to {@value #MAX_CONCURRENT}
 * @param maxQueued probes waiting for a slot, 0 to {@value #MAX_QUEUED}
 * @param perRequester probes one requester (chat user, API token, page client) may start
 * @param perRequesterFresh of those, how many may bypass the cache
 * @param perHost connections to one server address, whoever asks
 */
record LimitsConfig(int maxConcurrent, int maxQueued, Rate perRequester, Rate perRequesterFresh, Rate perHost) {
    /** Each probe holds a virtual thread and a socket or two: beyond this, file descriptors run out first. */
    static final int MAX_CONCURRENT = 10_000;

    static final int MAX_QUEUED = 1_000_000;

    static final LimitsConfig DEFAULT = of(ServiceLimits.defaults());

    LimitsConfig {
        Objects.requireNonNull(perRequester, "perRequester");
        Objects.requireNonNull(perRequesterFresh, "perRequesterFresh");
        Objects.requireNonNull(perHost, "perHost");
        if (maxConcurrent < 1 || maxConcurrent > MAX_CONCURRENT || maxQueued < 0 || maxQueued > MAX_QUEUED) {
            throw new IllegalArgumentException("maxConcurrent must be 1-" + MAX_CONCURRENT + " and maxQueued 0-"
                    + MAX_QUEUED + ", was " + maxConcurrent + ", " + maxQueued);
        }
    }

    private static LimitsConfig of(ServiceLimits s) {
        return new LimitsConfig(
                s.maxConcurrent(), s.maxQueued(), s.perRequester(), s.perRequesterFresh(), s.perTargetAddress());
    }

    /** The service's limits with this cache TTL; the /24 or /64 takes four times the per-host rate. */
    ServiceLimits serviceLimits(Duration cacheTtl) {
        return new ServiceLimits(cacheTtl, maxConcurrent, maxQueued, perRequester, perRequesterFresh, perHost);
    }

    /** {@code MAILTLS_MAX_CONCURRENT}: 1 to {@value #MAX_CONCURRENT}. */
    static int concurrent(String text) {
        return number(text, 1, MAX_CONCURRENT);
    }

    /** {@code MAILTLS_MAX_QUEUED}: 0 to {@value #MAX_QUEUED}. */
    static int queued(String text) {
        return number(text, 0, MAX_QUEUED);
    }

    private static int number(String text, int min, int max) {
        String t = text.strip();
        if (t.matches("\\d{1,9}")) {
            int n = Integer.parseInt(t);
            if (n >= min && n <= max) {
                return n;
            }
        }
        throw new IllegalArgumentException(
                "expected a whole number from " + min + " to " + max + ", was '" + text + "'");
    }

    /** For the start log. */
    String describe() {
        ServiceLimits s = serviceLimits(Duration.ZERO);
        return "limits: " + maxConcurrent + " probes at once, " + maxQueued + " waiting; per requester "
                + perRequester + " (" + perRequesterFresh + " fresh); connections per server address " + perHost
                + ", per /24 or /64 " + s.perTargetNetwork();
    }
}
