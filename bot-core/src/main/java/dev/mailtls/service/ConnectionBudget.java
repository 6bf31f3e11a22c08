package dev.mailtls.service;

import dev.mailtls.probe.ConnectGate;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The connections mailtls makes to each server, whoever asks and however the server is named: a
 * token bucket per address and a looser one per network (/24, /64), so that neither many names of
 * one server nor its neighbours' addresses multiply what one server receives.
 *
 * <p>A deep probe makes a hundred connections or so where a probe makes one to three. It pays up
 * front, at its first connection to an address: one connection of the address's budget and one
 * deep probe of the address's (and network's) deep budget. Its further connections to that address
 * are paid for: they pass without drawing on the budget of normal probes, up to its most
 * connections, so a deep probe neither throttles itself nor starves the normal probes of its
 * server, and the server sees at most one deep probe's connections per deep period.
 */
final class ConnectionBudget {
    private final RateLimiter perAddress;
    private final RateLimiter perNetwork;
    private final Rate deepRate;
    private final Rate deepNetworkRate;
    private final RateLimiter deepPerAddress;
    private final RateLimiter deepPerNetwork;
    private final int deepConnections;

    /**
     * Where the budget is spent, and how long until it has room again.
     *
     * @param deep the deep-probe budget ran out, not the connection budget
     */
    record Held(String where, Duration retryAfter, boolean deep, String reason) {
        static Held connections(String where, Duration retryAfter) {
            return new Held(where, retryAfter, false, "mailtls has connected to " + where + " often just now");
        }

        static Held deep(String where, Duration retryAfter, Rate rate, int connections) {
            return new Held(
                    where,
                    retryAfter,
                    true,
                    "a deep probe makes up to " + connections + " connections, so mailtls runs at most "
                            + rate.permits() + " of " + where + " every " + period(rate.per())
                            + " (a normal probe can run now; a cached deep result is served without limit)");
        }
    }

    /** "5 min", "30 s", "1 h". */
    static String period(Duration d) {
        long s = d.toSeconds();
        if (s % 3600 == 0) {
            return s / 3600 + " h";
        }
        return s % 60 == 0 ? s / 60 + " min" : s + " s";
    }

    /**
     * One probe's gate onto the budget: it remembers the first refusal, for the probe's callers. A
     * deep probe's gate pays for the deep probe at its first connection to each address and then
     * lets its connections there through, up to {@code deepConnections}; a connection beyond them is
     * refused without ending the probe (the enumeration says "unknown" for what it could not ask).
     */
    final class ProbeGate implements ConnectGate {
        private final boolean deep;
        private final AtomicReference<@Nullable Held> held = new AtomicReference<>();
        /** Per address paid for by a deep probe: its connections so far. */
        private final Map<AddressKey, AtomicInteger> paid = new HashMap<>();

        ProbeGate(boolean deep) {
            this.deep = deep;
        }

        @Override
        public Optional<String> refusal(InetAddress address) {
            if (!deep) {
                return refused(take(address));
            }
            AddressKey key = AddressKey.of(address);
            AtomicInteger made;
            synchronized (paid) {
                // Paying is one step: two first connections at once must not pay (or be refused) twice.
                made = paid.get(key);
                if (made == null) {
                    Held h = takeDeep(address);
                    if (h == null) {
                        paid.put(key, new AtomicInteger(1));
                    }
                    return refused(h);
                }
            }
            return made.incrementAndGet() <= deepConnections
                    ? Optional.empty()
                    : Optional.of(
                            "this deep probe has made its " + deepConnections + " connections to " + key.address());
        }

        private Optional<String> refused(@Nullable Held h) {
            if (h == null) {
                return Optional.empty();
            }
            held.compareAndSet(null, h);
            return Optional.of(h.reason());
        }

        /**
         * Gives back the deep probes paid for at addresses where no deep check ran ({@code
         * enumeratedAt} null: the probe never reached TLS, or only another address did).
         */
        void settle(@Nullable InetAddress enumeratedAt) {
            AddressKey kept = enumeratedAt == null ? null : AddressKey.of(enumeratedAt);
            synchronized (paid) {
                for (AddressKey a : List.copyOf(paid.keySet())) {
                    if (!a.equals(kept)) {
                        paid.remove(a);
                        deepPerAddress.refund(a.address());
                        deepPerNetwork.refund(a.network());
                    }
                }
            }
        }

        /** The first refusal, or null when every connection of the probe was allowed. */
        @Nullable
        Held held() {
            return held.get();
        }
    }

    /** A gate for one probe. */
    ProbeGate gate() {
        return new ProbeGate(false);
    }

    /** A gate for one probe, a deep one when {@code deep}. */
    ProbeGate gate(boolean deep) {
        return new ProbeGate(deep);
    }

    /** With the default deep-probe limits. */
    ConnectionBudget(Rate perAddress, Rate perNetwork, LongSupplier nanos) {
        this(perAddress, perNetwork, ServiceLimits.DEEP_PER_ADDRESS, ServiceLimits.DEEP_CONNECTIONS, nanos);
    }

    /** The budget of {@code limits}. */
    ConnectionBudget(ServiceLimits limits, LongSupplier nanos) {
        this(
                limits.perTargetAddress(),
                limits.perTargetNetwork(),
                limits.perTargetAddressDeep(),
                limits.deepConnections(),
                nanos);
    }

    private ConnectionBudget(
            Rate perAddress, Rate perNetwork, Rate deepPerAddress, int deepConnections, LongSupplier nanos) {
        this.perAddress = new RateLimiter(perAddress, nanos);
        this.perNetwork = new RateLimiter(perNetwork, nanos);
        this.deepRate = deepPerAddress;
        this.deepPerAddress = new RateLimiter(deepPerAddress, nanos);
        this.deepNetworkRate = ServiceLimits.networkRate(deepPerAddress);
        this.deepPerNetwork = new RateLimiter(deepNetworkRate, nanos);
        this.deepConnections = deepConnections;
    }

    /** Takes one connection to {@code address}; null when granted, else where the budget ran out. */
    @Nullable
    Held take(InetAddress address) {
        AddressKey key = AddressKey.of(address);
        Duration wait = perAddress.acquire(key.address());
        if (!wait.isZero()) {
            return Held.connections(key.address(), wait);
        }
        wait = perNetwork.acquire(key.network());
        if (!wait.isZero()) {
            // No connection is made: the address keeps its permit.
            perAddress.refund(key.address());
            return Held.connections(key.network(), wait);
        }
        return null;
    }

    /**
     * A deep probe's first connection to {@code address}: one connection and one deep probe of the
     * address and its network; null when granted. All or nothing: a refusal gives back what it took.
     */
    @Nullable
    Held takeDeep(InetAddress address) {
        AddressKey key = AddressKey.of(address);
        Duration wait = deepPerAddress.acquire(key.address());
        if (!wait.isZero()) {
            return Held.deep(key.address(), wait, deepRate, deepConnections);
        }
        wait = deepPerNetwork.acquire(key.network());
        if (!wait.isZero()) {
            deepPerAddress.refund(key.address());
            return Held.deep(key.network(), wait, deepNetworkRate, deepConnections);
        }
        Held h = take(address);
        if (h != null) {
            deepPerAddress.refund(key.address());
            deepPerNetwork.refund(key.network());
        }
        return h;
    }
}
