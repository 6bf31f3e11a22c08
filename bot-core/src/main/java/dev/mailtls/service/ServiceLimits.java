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
 * @param perTargetAddress connections to one server's address, whoever asks and however it is
 *     named, so mailtls never hammers a server (a probe makes one, two with the TLS 1.0/1.1
 *     check, at most three)
 * @param perTargetNetwork connections to one IPv4 /24 or IPv6 /64: a looser second bound, for a
 *     server that answers on many neighbouring addresses
 */
public record ServiceLimits(
        Duration cacheTtl,
        int maxConcurrent,
        int maxQueued,
        Rate perRequester,
        Rate perRequesterFresh,
        Rate perTargetAddress,
        Rate perTargetNetwork) {

    /** How many times the per-address rate the per-network one is, unless given. */
    static final int NETWORK_FACTOR = 4;

    public ServiceLimits {
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        Objects.requireNonNull(perRequester, "perRequester");
        Objects.requireNonNull(perRequesterFresh, "perRequesterFresh");
        Objects.requireNonNull(perTargetAddress, "perTargetAddress");
        Objects.requireNonNull(perTargetNetwork, "perTargetNetwork");
        if (maxConcurrent < 1 || maxQueued < 0) {
            throw new IllegalArgumentException(
                    "maxConcurrent must be >= 1 and maxQueued >= 0, was " + maxConcurrent + ", " + maxQueued);
        }
    }

    /** With the per-network bound at four times the per-address rate. */
    public ServiceLimits(
            Duration cacheTtl,
            int maxConcurrent,
            int maxQueued,
            Rate perRequester,
            Rate perRequesterFresh,
            Rate perTargetAddress) {
        this(
                cacheTtl,
                maxConcurrent,
                maxQueued,
                perRequester,
                perRequesterFresh,
                perTargetAddress,
                new Rate(
                        (int) Math.min(Integer.MAX_VALUE, (long) perTargetAddress.permits() * NETWORK_FACTOR),
                        perTargetAddress.per()));
    }

    /**
     * 5 min cache; 16 at once, 64 waiting; 20/min per requester, 3/min fresh; 24 connections a minute
     * to one address (12 probes with their TLS 1.0/1.1 check) and 96 to one /24 or /64.
     */
    public static ServiceLimits defaults() {
        return new ServiceLimits(
                Duration.ofMinutes(5),
                16,
                64,
                new Rate(20, Duration.ofMinutes(1)),
                new Rate(3, Duration.ofMinutes(1)),
                new Rate(24, Duration.ofMinutes(1)),
                new Rate(96, Duration.ofMinutes(1)));
    }
}
