package dev.mailtls.service;

import dev.mailtls.probe.ConnectGate;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

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
 *
 * <p>With a {@link SharedBudget} (replicas on one database) the buckets are kept there, so that the
 * replicas together connect no more often than one would. When it cannot answer, each connection is
 * decided from this process's own buckets, as without one; the shared budget is asked again {@link
 * #RETRY_SHARED_AFTER} later, so an outage neither refuses every probe nor makes each one wait for
 * the database's timeout. The switch is logged once each way, not per connection.
 */
final class ConnectionBudget {
    /** How long the process keeps to its own buckets after the shared budget failed to answer. */
    static final Duration RETRY_SHARED_AFTER = Duration.ofSeconds(10);

    private final Rate addressRate;
    private final Rate networkRate;
    private final RateLimiter perAddress;
    private final RateLimiter perNetwork;
    private final Rate deepRate;
    private final Rate deepNetworkRate;
    private final RateLimiter deepPerAddress;
    private final RateLimiter deepPerNetwork;
    private final int deepConnections;
    private final @Nullable SharedBudget shared;
    private final LongSupplier nanos;
    private final Consumer<String> log;
    /** Whether the shared budget failed to answer last time it was asked; since when (nanos). */
    private final AtomicBoolean sharedDown = new AtomicBoolean();

    private final AtomicLong sharedDownAt = new AtomicLong();

    /** One bucket a connection draws on: where it is (for the refusal), this process's and the shared one. */
    private record Draw(String where, RateLimiter local, SharedBudget.Bucket bucket, boolean deep) {}

    /** What a draw decided, and whose buckets decided it (a deep probe's refund goes back there). */
    private record Taken(@Nullable Held held, boolean shared) {}

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
        /** Per address paid for by a deep probe: its connections so far, and whose budget it paid. */
        private final Map<AddressKey, Paid> paid = new HashMap<>();

        ProbeGate(boolean deep) {
            this.deep = deep;
        }

        @Override
        public Optional<String> refusal(InetAddress address) {
            if (!deep) {
                return refused(take(address));
            }
            AddressKey key = AddressKey.of(address);
            Paid made;
            synchronized (paid) {
                // Paying is one step: two first connections at once must not pay (or be refused) twice.
                made = paid.get(key);
                if (made == null) {
                    Taken t = draw(deepDraws(key));
                    if (t.held() == null) {
                        paid.put(key, new Paid(new AtomicInteger(1), t.shared()));
                    }
                    return refused(t.held());
                }
            }
            return made.connections().incrementAndGet() <= deepConnections
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
                        refund(deepDraws(a).subList(0, 2), paid.remove(a).shared());
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

    private record Paid(AtomicInteger connections, boolean shared) {}

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

    /** The budget of {@code limits}, in this process alone. */
    ConnectionBudget(ServiceLimits limits, LongSupplier nanos) {
        this(limits, nanos, null, LoggerFactory.getLogger(ConnectionBudget.class)::warn);
    }

    /**
     * The budget of {@code limits}, kept in {@code shared} when given (else in this process alone).
     *
     * @param log told when the shared budget stops answering and when it answers again
     */
    ConnectionBudget(ServiceLimits limits, LongSupplier nanos, @Nullable SharedBudget shared, Consumer<String> log) {
        this(
                limits.perTargetAddress(),
                limits.perTargetNetwork(),
                limits.perTargetAddressDeep(),
                limits.deepConnections(),
                nanos,
                shared,
                log);
    }

    private ConnectionBudget(
            Rate perAddress, Rate perNetwork, Rate deepPerAddress, int deepConnections, LongSupplier nanos) {
        this(perAddress, perNetwork, deepPerAddress, deepConnections, nanos, null, message -> {});
    }

    private ConnectionBudget(
            Rate perAddress,
            Rate perNetwork,
            Rate deepPerAddress,
            int deepConnections,
            LongSupplier nanos,
            @Nullable SharedBudget shared,
            Consumer<String> log) {
        this.addressRate = perAddress;
        this.networkRate = perNetwork;
        this.shared = shared;
        this.nanos = nanos;
        this.log = log;
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
        return draw(connectionDraws(AddressKey.of(address))).held();
    }

    /**
     * A deep probe's first connection to {@code address}: one connection and one deep probe of the
     * address and its network; null when granted. All or nothing: a refusal takes none of them.
     */
    @Nullable
    Held takeDeep(InetAddress address) {
        return draw(deepDraws(AddressKey.of(address))).held();
    }

    /** A connection: the address, then its network. */
    private List<Draw> connectionDraws(AddressKey key) {
        return List.of(
                new Draw(key.address(), perAddress, new SharedBudget.Bucket("a:" + key.address(), addressRate), false),
                new Draw(key.network(), perNetwork, new SharedBudget.Bucket("n:" + key.network(), networkRate), false));
    }

    /**
     * A deep probe: the address's and the network's deep budget (the first two), then a connection.
     * Every caller draws in this order, so two transactions of a shared budget never wait on each
     * other's rows in a circle.
     */
    private List<Draw> deepDraws(AddressKey key) {
        List<Draw> connection = connectionDraws(key);
        return List.of(
                new Draw(key.address(), deepPerAddress, new SharedBudget.Bucket("da:" + key.address(), deepRate), true),
                new Draw(
                        key.network(),
                        deepPerNetwork,
                        new SharedBudget.Bucket("dn:" + key.network(), deepNetworkRate),
                        true),
                connection.get(0),
                connection.get(1));
    }

    /** Takes a permit of each bucket, all or none: from the shared budget while it answers. */
    private Taken draw(List<Draw> draws) {
        SharedBudget s = shared;
        if (s != null && !keepingToOwnBuckets()) {
            try {
                Optional<SharedBudget.Shortfall> shortfall =
                        s.take(draws.stream().map(Draw::bucket).toList());
                if (sharedDown.compareAndSet(true, false)) {
                    log.accept("connection budget: the shared budget answers again; the replicas share it once more");
                }
                return new Taken(shortfall.map(f -> held(draws, f)).orElse(null), true);
            } catch (RuntimeException e) {
                sharedDownAt.set(nanos.getAsLong());
                if (sharedDown.compareAndSet(false, true)) {
                    log.accept("connection budget: the shared budget does not answer (" + oneLine(e)
                            + "); this server keeps its own budget until it does (asked again every "
                            + RETRY_SHARED_AFTER.toSeconds() + " s)");
                }
            }
        }
        return new Taken(drawLocally(draws), false);
    }

    private boolean keepingToOwnBuckets() {
        return sharedDown.get() && nanos.getAsLong() - sharedDownAt.get() < RETRY_SHARED_AFTER.toNanos();
    }

    private Held held(List<Draw> draws, SharedBudget.Shortfall f) {
        for (Draw d : draws) {
            if (d.bucket().equals(f.bucket())) {
                return held(d, f.retryAfter());
            }
        }
        throw new IllegalStateException("the shared budget refused a bucket not asked for: " + f.bucket());
    }

    private Held held(Draw d, Duration wait) {
        return d.deep()
                ? Held.deep(d.where(), wait, d.bucket().rate(), deepConnections)
                : Held.connections(d.where(), wait);
    }

    /** This process's buckets: a refusal gives back what the draws before it took. */
    private @Nullable Held drawLocally(List<Draw> draws) {
        for (int i = 0; i < draws.size(); i++) {
            Draw d = draws.get(i);
            Duration wait = d.local().acquire(d.where());
            if (!wait.isZero()) {
                // No connection is made: the buckets drawn on keep their permits.
                for (int j = i - 1; j >= 0; j--) {
                    Draw back = draws.get(j);
                    back.local().refund(back.where());
                }
                return held(d, wait);
            }
        }
        return null;
    }

    /** Gives back a permit of each bucket to whose budget paid it; a refund the store misses is lost. */
    private void refund(List<Draw> draws, boolean toShared) {
        SharedBudget s = shared;
        for (Draw d : draws) {
            if (toShared && s != null) {
                try {
                    s.refund(d.bucket());
                } catch (RuntimeException e) {
                    // Lost: the budget is stricter than it need be until the bucket refills.
                }
            } else {
                d.local().refund(d.where());
            }
        }
    }

    private static String oneLine(Throwable e) {
        String line = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
