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
 * @param perTargetAddressDeep deep probes of one server's address ({@code deep}: every accepted
 *     version and suite), whoever asks; their connections are paid for by this budget, not by
 *     {@code perTargetAddress}, so a deep probe never starves the normal probes of its server. The
 *     address's /24 or /64 takes {@value #NETWORK_FACTOR} times as many.
 * @param deepConnections the most connections one deep probe makes; beyond them its questions are
 *     answered "unknown"
 * @param deepCost how many of the requester's fresh probes a deep probe that runs counts as (a
 *     cached deep result costs no more than any other)
 */
public record ServiceLimits(
        Duration cacheTtl,
        int maxConcurrent,
        int maxQueued,
        Rate perRequester,
        Rate perRequesterFresh,
        Rate perTargetAddress,
        Rate perTargetNetwork,
        Rate perTargetAddressDeep,
        int deepConnections,
        int deepCost) {

    /** How many times the per-address rate the per-network one is, unless given. */
    static final int NETWORK_FACTOR = 4;

    public ServiceLimits {
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        Objects.requireNonNull(perRequester, "perRequester");
        Objects.requireNonNull(perRequesterFresh, "perRequesterFresh");
        Objects.requireNonNull(perTargetAddress, "perTargetAddress");
        Objects.requireNonNull(perTargetNetwork, "perTargetNetwork");
        Objects.requireNonNull(perTargetAddressDeep, "perTargetAddressDeep");
        if (deepConnections < 1 || deepCost < 1) {
            throw new IllegalArgumentException(
                    "deepConnections and deepCost must be >= 1, was " + deepConnections + ", " + deepCost);
        }
        if (maxConcurrent < 1 || maxQueued < 0) {
            throw new IllegalArgumentException(
                    "maxConcurrent must be >= 1 and maxQueued >= 0, was " + maxConcurrent + ", " + maxQueued);
        }
    }

    /** One deep probe of an address every 5 minutes: the cache serves it meanwhile. */
    public static final Rate DEEP_PER_ADDRESS = new Rate(1, Duration.ofMinutes(5));

    /** The most connections of one deep probe (a server that accepts every suite needs about 250). */
    public static final int DEEP_CONNECTIONS = 300;

    /** A deep probe that runs counts as this many of its requester's fresh probes. */
    public static final int DEEP_COST = 3;

    /** With the default deep-probe limits. */
    public ServiceLimits(
            Duration cacheTtl,
            int maxConcurrent,
            int maxQueued,
            Rate perRequester,
            Rate perRequesterFresh,
            Rate perTargetAddress,
            Rate perTargetNetwork) {
        this(
                cacheTtl,
                maxConcurrent,
                maxQueued,
                perRequester,
                perRequesterFresh,
                perTargetAddress,
                perTargetNetwork,
                DEEP_PER_ADDRESS,
                DEEP_CONNECTIONS,
                DEEP_COST);
    }

    /** The deep probes of one /24 or /64. */
    public Rate perTargetNetworkDeep() {
        return networkRate(perTargetAddressDeep);
    }

    /** {@value #NETWORK_FACTOR} times {@code perAddress}: the looser bound of a /24 or /64. */
    static Rate networkRate(Rate perAddress) {
        return new Rate(
                (int) Math.min(Integer.MAX_VALUE, (long) perAddress.permits() * NETWORK_FACTOR), perAddress.per());
    }

    /** The same limits with other deep-probe limits. */
    public ServiceLimits withDeep(Rate perAddress, int connections, int cost) {
        return new ServiceLimits(
                cacheTtl,
                maxConcurrent,
                maxQueued,
                perRequester,
                perRequesterFresh,
                perTargetAddress,
                perTargetNetwork,
                perAddress,
                connections,
                cost);
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
                networkRate(perTargetAddress));
    }

    /**
     * 5 min cache; 16 at once, 64 waiting; 20/min per requester, 3/min fresh; 24 connections a minute
     * to one address (12 probes with their TLS 1.0/1.1 check) and 96 to one /24 or /64; one deep
     * probe of an address every 5 min (4 of a /24 or /64), at most 300 connections each, each
     * counting as 3 fresh probes of its requester.
     */
    public static ServiceLimits defaults() {
        return new ServiceLimits(
                Duration.ofMinutes(5),
                16,
                64,
                new Rate(20, Duration.ofMinutes(1)),
                new Rate(3, Duration.ofMinutes(1)),
                new Rate(24, Duration.ofMinutes(1)),
                new Rate(96, Duration.ofMinutes(1)),
                DEEP_PER_ADDRESS,
                DEEP_CONNECTIONS,
                DEEP_COST);
    }
}
