package dev.mailtls.service;

import java.time.Duration;
import java.util.Objects;

/**
 * The service's bounds.
 *
 * @param cacheTtl how long a result is served from the cache
 * @param maxConcurrent probes running at once
 * @param maxQueued probes waiting for a slot; beyond that a caller is told to retry
 * @param perRequester probes one requester (chat user, API token, IP) may start
 * @param perRequesterFresh of those, how many may bypass the cache with {@code fresh}
 * @param perTargetHost probes of one host, whoever asks, so mailtls never hammers a server
 */
public record ServiceLimits(
        Duration cacheTtl,
        int maxConcurrent,
        int maxQueued,
        Rate perRequester,
        Rate perRequesterFresh,
        Rate perTargetHost) {

    public ServiceLimits {
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        if (maxConcurrent < 1 || maxQueued < 0) {
            throw new IllegalArgumentException(
                    "maxConcurrent must be >= 1 and maxQueued >= 0, was " + maxConcurrent + ", " + maxQueued);
        }
    }

    /** 5 min cache; 16 at once, 64 waiting; 20/min per requester, 3/min fresh; 12/min per host. */
    public static ServiceLimits defaults() {
        return new ServiceLimits(
                Duration.ofMinutes(5),
                16,
                64,
                new Rate(20, Duration.ofMinutes(1)),
                new Rate(3, Duration.ofMinutes(1)),
                new Rate(12, Duration.ofMinutes(1)));
    }
}
