package dev.mailtls.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mailtls.probe.ConnectGate;
import dev.mailtls.probe.ProbeRequest;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.probe.Prober;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * The prober shared safely by many people and runbooks: a cache of recent results, one probe for
 * identical requests in flight, throttles per requester, a budget of connections per server address
 * (and per /24 or /64), and a bound on concurrent probes with a bounded queue. Over a limit the
 * caller gets "try again in N s", never a hang: every wait is bounded by the request's deadline plus
 * a margin. Probes run on virtual threads. A request with real credentials is never cached or shared.
 */
public final class ProbeService implements AutoCloseable {
    /** What a caller over the concurrency bound is told to wait. */
    static final Duration BUSY_RETRY = Duration.ofSeconds(5);

    /**
     * How long past its request's deadline a caller waits: for a slot, DNS and the result. A probe
     * closes its socket at its deadline, so only a stuck probe or a long queue uses it up.
     */
    static final Duration WAIT_MARGIN = Duration.ofSeconds(5);

    private final GatedProber prober;
    private final ServiceLimits limits;
    private final LongSupplier nanos;
    private final Clock clock;
    private final ProbeListener listener;
    private final Duration waitMargin;
    private final Cache<ProbeRequest, Cached> cache;
    private final Map<ProbeRequest, CompletableFuture<ProbeResult>> inFlight = new ConcurrentHashMap<>();
    private final Semaphore slots;
    private final AtomicInteger admitted = new AtomicInteger();
    private final RateLimiter perRequester;
    private final RateLimiter perRequesterFresh;
    private final ConnectionBudget connections;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private record Cached(ProbeResult result, long atNanos) {}

    /** A refusal carried to the callers that share a refused or overdue probe. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String reason;
        final transient Duration retryAfter;

        Refused(String reason, Duration retryAfter) {
            super(reason, null, false, false);
            this.reason = reason;
            this.retryAfter = retryAfter;
        }
    }

    public ProbeService(Prober prober, ServiceLimits limits) {
        this(prober, limits, ProbeListener.NONE);
    }

    public ProbeService(Prober prober, ServiceLimits limits, ProbeListener listener) {
        this(prober, limits, System::nanoTime, Clock.systemUTC(), listener);
    }

    /** With an injected monotonic clock (nanoseconds), so tests advance time instead of sleeping. */
    public ProbeService(Prober prober, ServiceLimits limits, LongSupplier nanos) {
        this(prober, limits, nanos, Clock.systemUTC(), ProbeListener.NONE);
    }

    /**
     * @param nanos the monotonic clock of the cache and the throttles
     * @param clock the wall clock that stamps when a request was received
     * @param listener told what happened to each request (metrics, logs)
     */
    public ProbeService(Prober prober, ServiceLimits limits, LongSupplier nanos, Clock clock, ProbeListener listener) {
        this(
                prober.withOutstandingLookups(outstandingLookups(limits))::probe,
                limits,
                nanos,
                clock,
                listener,
                WAIT_MARGIN,
                null);
    }

    /**
     * With the connection budget kept in {@code shared} (replicas on one database), so that the
     * replicas together connect to a server no more often than one would. While {@code shared}
     * cannot answer, each connection is decided from this process's own budget.
     */
    public ProbeService(Prober prober, ServiceLimits limits, ProbeListener listener, SharedBudget shared) {
        this(
                prober.withOutstandingLookups(outstandingLookups(limits))::probe,
                limits,
                System::nanoTime,
                Clock.systemUTC(),
                listener,
                WAIT_MARGIN,
                Objects.requireNonNull(shared, "shared"));
    }

    /**
     * DNS lookups the prober lets wait at once: four per probe slot, at least 64. Every probe
     * resolves its host first, so a bound below the slots would fail a burst of ordinary lookups
     * instead of only those the OS resolver never answers.
     */
    static int outstandingLookups(ServiceLimits limits) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(64L, 4L * limits.maxConcurrent()));
    }

    /** With any prober and wait margin: tests' probes that throw or never return. */
    ProbeService(
            GatedProber prober,
            ServiceLimits limits,
            LongSupplier nanos,
            Clock clock,
            ProbeListener listener,
            Duration waitMargin) {
        this(prober, limits, nanos, clock, listener, waitMargin, null);
    }

    /** With any prober and wait margin, and the connection budget in {@code shared} when given. */
    ProbeService(
            GatedProber prober,
            ServiceLimits limits,
            LongSupplier nanos,
            Clock clock,
            ProbeListener listener,
            Duration waitMargin,
            @Nullable SharedBudget shared) {
        this.prober = prober;
        this.limits = limits;
        this.nanos = nanos;
        this.clock = clock;
        this.listener = listener;
        this.waitMargin = waitMargin;
        this.cache = Caffeine.newBuilder()
                .ticker(nanos::getAsLong)
                // Upkeep (recording reads, expiring) on the calling thread, not the common pool: every
                // cached card reads this cache, and the hand-offs cost more than the upkeep itself.
                .executor(Runnable::run)
                .expireAfterWrite(limits.cacheTtl())
                .maximumSize(10_000)
                .build();
        this.slots = new Semaphore(limits.maxConcurrent(), true);
        this.perRequester = new RateLimiter(limits.perRequester(), nanos);
        this.perRequesterFresh = new RateLimiter(limits.perRequesterFresh(), nanos);
        this.connections = new ConnectionBudget(limits, nanos, shared, LoggerFactory.getLogger("mailtls")::warn);
    }

    /**
     * Probes, or answers from the cache, or shares a probe already running, or says when to retry.
     *
     * @param requester who asks (chat user, API token, IP), for the per-requester throttle
     * @param fresh skip the cache (under a stricter per-requester limit)
     */
    public ServiceResult submit(ProbeRequest request, String requester, boolean fresh) {
        return submit(request, requester, fresh, true);
    }

    /**
     * For a group run (a schedule, a runbook's summary): never from the cache, and not under the
     * per-requester limits meant for people, but inside the per-address connection budget and the
     * concurrency bound, so a group can never hammer a server or starve other callers.
     */
    public ServiceResult submitForGroup(ProbeRequest request, String group) {
        return submit(request, group, true, false);
    }

    /**
     * One probe of a larger check a person asked for (a domain check's MX addresses): served from
     * the cache unless {@code fresh}, shared with an identical probe running, inside the concurrency
     * bound and the per-address connection budget, but not counted against the person's own rate:
     * the check as a whole was admitted once ({@link #admitGroupRun}).
     */
    public ServiceResult submitAsPart(ProbeRequest request, String requester, boolean fresh) {
        return submit(request, requester, fresh, false);
    }

    /**
     * A gate onto the per-address connection budget for a connection that is not a probe (a domain
     * check's MTA-STS fetch): each connection it lets through counts as a probe's would, so mailtls
     * never hammers a server whatever it connects for.
     */
    public ConnectGate connectionGate() {
        return connections.gate();
    }

    /** How long a result is served from the cache; other caches of the service's callers follow it. */
    public Duration cacheTtl() {
        return limits.cacheTtl();
    }

    /**
     * A person (chat user) asks for a group run (a preset or a scan): it counts as one fresh probe
     * of theirs, so nobody can start scans of many hosts at once. Empty when the run may start.
     */
    public Optional<ServiceResult.Throttled> admitGroupRun(String requester) {
        ServiceResult.Asked asked = new ServiceResult.Asked(requester, clock.instant());
        Duration wait = perRequesterFresh.acquire(requester);
        return wait.isZero()
                ? Optional.empty()
                : Optional.of(new ServiceResult.Throttled("you started several checks in a short time", wait, asked));
    }

    private ServiceResult submit(ProbeRequest request, String requester, boolean fresh, boolean person) {
        ServiceResult.Asked asked = new ServiceResult.Asked(requester, clock.instant());
        // The caller's own bound on every wait below: a slot, an identical probe, its own probe.
        Duration patience = request.options().deadline().plus(waitMargin);
        boolean shareable = request.options().credentials() == null;
        if (shareable && !fresh) {
            Cached c = cache.getIfPresent(request);
            if (c != null) {
                ServiceResult.Probed hit =
                        new ServiceResult.Probed(c.result(), Duration.ofNanos(nanos.getAsLong() - c.atNanos()), asked);
                listener.cacheHit(request, hit);
                return hit;
            }
        }
        CompletableFuture<ProbeResult> mine = new CompletableFuture<>();
        if (shareable) {
            // Real credentials are never shared with another caller.
            CompletableFuture<ProbeResult> running = inFlight.putIfAbsent(request, mine);
            if (running != null) {
                ServiceResult joined = await(running, request, asked, patience);
                if (joined instanceof ServiceResult.Probed p) {
                    listener.shared(request, p);
                }
                return joined;
            }
        }
        ServiceResult.Throttled refused = admit(request, asked, fresh, person);
        if (refused != null) {
            inFlight.remove(request, mine);
            mine.completeExceptionally(new Refused(refused.reason(), refused.retryAfter()));
            return refused;
        }
        long t0 = nanos.getAsLong();
        Future<?> task = start(request, mine, shareable, patience);
        ServiceResult result = await(mine, request, asked, patience);
        if (!mine.isDone()) {
            // Overdue: release the callers that share it, let the next caller start afresh, and stop it.
            Refused overdue = overdue(request);
            inFlight.remove(request, mine);
            mine.completeExceptionally(overdue);
            if (task != null) {
                task.cancel(true);
            }
        }
        if (result instanceof ServiceResult.Probed p) {
            listener.probed(request, p, nanos.getAsLong() - t0);
        } else if (result instanceof ServiceResult.Throttled t) {
            listener.throttled(request, t);
        }
        return result;
    }

    /** The throttles and the queue bound; null when the request may run. */
    private ServiceResult.@Nullable Throttled admit(
            ProbeRequest request, ServiceResult.Asked asked, boolean fresh, boolean person) {
        String why = null;
        Duration wait = person ? perRequester.acquire(asked.requester()) : Duration.ZERO;
        if (!wait.isZero()) {
            why = "you started many probes in a short time";
        } else if (person
                && request.options().deep()
                && !(wait = perRequesterFresh.acquire(asked.requester(), limits.deepCost())).isZero()) {
            // A deep probe that runs makes a hundred connections or so: it counts as several fresh probes.
            why = "a deep probe counts as " + limits.deepCost() + " fresh probes, and fresh probes are limited"
                    + " (cached results are not)";
        } else if (person
                && fresh
                && !request.options().deep()
                && !(wait = perRequesterFresh.acquire(asked.requester())).isZero()) {
            why = "fresh probes are limited (cached results are not)";
        } else if (admitted.incrementAndGet() > limits.maxConcurrent() + limits.maxQueued()) {
            admitted.decrementAndGet();
            why = "mailtls is busy with other probes";
            wait = BUSY_RETRY;
        }
        if (why == null) {
            return null;
        }
        ServiceResult.Throttled refusal = new ServiceResult.Throttled(why, wait, asked);
        listener.throttled(request, refusal);
        return refusal;
    }

    /** Starts an admitted probe; its future completes whatever happens, even if it cannot start. */
    private @Nullable Future<?> start(
            ProbeRequest request, CompletableFuture<ProbeResult> mine, boolean shareable, Duration patience) {
        try {
            return executor.submit(() -> probeInSlot(request, mine, shareable, patience));
        } catch (RuntimeException | Error e) {
            // Closed, or no thread to be had: nothing will run, so nothing stays counted or waited on.
            admitted.decrementAndGet();
            inFlight.remove(request, mine);
            mine.completeExceptionally(e);
            return null;
        }
    }

    /**
     * Runs one admitted probe in a concurrency slot. Every path completes {@code mine}, leaves the
     * in-flight map and gives back the slot and the queue place: an Error from the prober (a stack
     * overflow, no memory) reaches the callers instead of leaving them waiting.
     */
    private void probeInSlot(
            ProbeRequest request, CompletableFuture<ProbeResult> mine, boolean shareable, Duration patience) {
        // The queue place is given back before a caller is woken: one that asks again at once must
        // not find it still taken (an Error from the prober once did, under load).
        java.util.concurrent.atomic.AtomicBoolean left = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable leave = () -> {
            if (left.compareAndSet(false, true)) {
                admitted.decrementAndGet();
            }
        };
        try {
            if (!slots.tryAcquire(patience.toNanos(), TimeUnit.NANOSECONDS)) {
                leave.run();
                fail(request, mine, new Refused("mailtls is busy with other probes", BUSY_RETRY));
                return;
            }
            try {
                ConnectionBudget.ProbeGate gate =
                        connections.gate(request.options().deep());
                ProbeResult r = prober.probe(request, gate);
                gate.settle(enumeratedAt(r));
                ConnectionBudget.Held held = gate.held();
                if (held != null) {
                    // Never cached: the result is of a probe that was stopped, not of the server.
                    slots.release();
                    leave.run();
                    fail(request, mine, throttledAt(held));
                    return;
                } else if (!mine.isDone()) {
                    // Cache first, then leave the in-flight map, then wake the waiters: a caller that
                    // comes back at once finds the cache, never a finished probe to share.
                    if (shareable) {
                        cache.put(request, new Cached(r, nanos.getAsLong()));
                    }
                    inFlight.remove(request, mine);
                    slots.release();
                    leave.run();
                    mine.complete(r);
                    return;
                }
                slots.release();
            } catch (Throwable t) {
                slots.release();
                throw t;
            }
        } catch (InterruptedException e) {
            // The caller gave up on an overdue probe; it already told its sharers.
            leave.run();
            fail(request, mine, overdue(request));
        } catch (Throwable t) {
            leave.run();
            fail(request, mine, t);
        } finally {
            leave.run();
        }
    }

    /** The address a deep check ran at, or null: a deep probe paid for elsewhere is given back. */
    private static @Nullable InetAddress enumeratedAt(ProbeResult r) {
        if (r.tls() == null || r.tls().enumeration() == null || r.address() == null) {
            return null;
        }
        try {
            // An address literal: no lookup.
            return InetAddress.getByName(r.address());
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private void fail(ProbeRequest request, CompletableFuture<ProbeResult> mine, Throwable why) {
        inFlight.remove(request, mine);
        mine.completeExceptionally(why);
    }

    private static Refused throttledAt(ConnectionBudget.Held held) {
        return new Refused(held.reason(), held.retryAfter());
    }

    private static Refused overdue(ProbeRequest request) {
        return new Refused(
                "the probe of " + request.host() + ":" + request.port() + " did not finish in time", BUSY_RETRY);
    }

    /**
     * Waits for a probe, at most {@code patience}; a refusal is the caller's own, an overdue probe
     * is "try again", and a probe that broke (an Error, a bug) is thrown as a CompletionException.
     */
    private static ServiceResult await(
            CompletableFuture<ProbeResult> f, ProbeRequest request, ServiceResult.Asked asked, Duration patience) {
        try {
            return new ServiceResult.Probed(f.get(patience.toNanos(), TimeUnit.NANOSECONDS), null, asked);
        } catch (TimeoutException e) {
            Refused r = overdue(request);
            return new ServiceResult.Throttled(r.reason, r.retryAfter, asked);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Refused r) {
                // A caller that shared a refused request is refused for the same reason, as itself.
                return new ServiceResult.Throttled(r.reason, r.retryAfter, asked);
            }
            throw new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted while waiting for the probe of " + request.host() + ":" + request.port(), e);
        }
    }

    @Override
    public void close() {
        executor.close();
    }
}
