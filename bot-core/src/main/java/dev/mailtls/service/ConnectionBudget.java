package dev.mailtls.service;

import dev.mailtls.probe.ConnectGate;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The connections mailtls makes to each server, whoever asks and however the server is named: a
 * token bucket per address and a looser one per network (/24, /64), so that neither many names of
 * one server nor its neighbours' addresses multiply what one server receives.
 */
final class ConnectionBudget {
    private final RateLimiter perAddress;
    private final RateLimiter perNetwork;

    /** Where the budget is spent, and how long until it has room again. */
    record Held(String where, Duration retryAfter) {
        /** What the caller is told, before "try again in N s". */
        String reason() {
            return "mailtls has connected to " + where + " often just now";
        }
    }

    /** One probe's gate onto the budget: it remembers the first refusal, for the probe's callers. */
    final class ProbeGate implements ConnectGate {
        private final AtomicReference<@Nullable Held> held = new AtomicReference<>();

        @Override
        public Optional<String> refusal(InetAddress address) {
            Held h = take(address);
            if (h == null) {
                return Optional.empty();
            }
            held.compareAndSet(null, h);
            return Optional.of(h.reason());
        }

        /** The first refusal, or null when every connection of the probe was allowed. */
        @Nullable
        Held held() {
            return held.get();
        }
    }

    /** A gate for one probe. */
    ProbeGate gate() {
        return new ProbeGate();
    }

    ConnectionBudget(Rate perAddress, Rate perNetwork, LongSupplier nanos) {
        this.perAddress = new RateLimiter(perAddress, nanos);
        this.perNetwork = new RateLimiter(perNetwork, nanos);
    }

    /** Takes one connection to {@code address}; null when granted, else where the budget ran out. */
    @Nullable
    Held take(InetAddress address) {
        AddressKey key = AddressKey.of(address);
        Duration wait = perAddress.acquire(key.address());
        if (!wait.isZero()) {
            return new Held(key.address(), wait);
        }
        wait = perNetwork.acquire(key.network());
        if (!wait.isZero()) {
            // No connection is made: the address keeps its permit.
            perAddress.refund(key.address());
            return new Held(key.network(), wait);
        }
        return null;
    }
}
