package dev.mailtls.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mailtls.probe.ProbeRequest;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.probe.Prober;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The prober shared safely by many people and runbooks: a cache of recent results, one probe for
 * identical requests in flight, throttles per requester and per target host, and a bound on
 * concurrent probes with a bounded queue. Over a limit the caller gets "try again in N s", never a
 * hang. Probes run on virtual threads. A request with real credentials is never cached or shared.
 */
public final class ProbeService implements AutoCloseable {
    /** What a caller over the concurrency bound is told to wait. */
    static final Duration BUSY_RETRY = Duration.ofSeconds(5);

    private final Prober prober;
    private final ServiceLimits limits;
    private final LongSupplier nanos;
    private final Clock clock;
    private final ProbeListener listener;
    private final Cache<ProbeRequest, Cached> cache;
    private final Map<ProbeRequest, CompletableFuture<ProbeResult>> inFlight = new ConcurrentHashMap<>();
    private final Semaphore slots;
    private final AtomicInteger admitted = new AtomicInteger();
    private final RateLimiter perRequester;
    private final RateLimiter perRequesterFresh;
    private final RateLimiter perHost;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private record Cached(ProbeResult result, long atNanos) {}

    /** A refusal carried to the callers that share a refused request. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient ServiceResult.Throttled throttled;

        Refused(ServiceResult.Throttled throttled) {
            super(throttled.message(), null, false, false);
            this.throttled = throttled;
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
        this.prober = prober;
        this.limits = limits;
        this.nanos = nanos;
        this.clock = clock;
        this.listener = listener;
        this.cache = Caffeine.newBuilder()
                .ticker(nanos::getAsLong)
                .expireAfterWrite(limits.cacheTtl())
                .maximumSize(10_000)
                .build();
        this.slots = new Semaphore(limits.maxConcurrent(), true);
        this.perRequester = new RateLimiter(limits.perRequester(), nanos);
        this.perRequesterFresh = new RateLimiter(limits.perRequesterFresh(), nanos);
        this.perHost = new RateLimiter(limits.perTargetHost(), nanos);
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
     * per-requester limits meant for people, but inside the per-target-host throttle and the
     * concurrency bound, so a group can never hammer a server or starve other callers.
     */
    public ServiceResult submitForGroup(ProbeRequest request, String group) {
        return submit(request, group, true, false);
    }

    /**
     * A person (chat user) asks for a group run (a preset or a scan): it counts as one fresh probe
     * of theirs, so nobody can start scans of many hosts at once. Empty when the run may start.
     */
    public java.util.Optional<ServiceResult.Throttled> admitGroupRun(String requester) {
        ServiceResult.Asked asked = new ServiceResult.Asked(requester, clock.instant());
        Duration wait = perRequesterFresh.acquire(requester);
        return wait.isZero()
                ? java.util.Optional.empty()
                : java.util.Optional.of(
                        new ServiceResult.Throttled("you started several checks in a short time", wait, asked));
    }

    private ServiceResult submit(ProbeRequest request, String requester, boolean fresh, boolean person) {
        ServiceResult.Asked asked = new ServiceResult.Asked(requester, clock.instant());
        if (request.options().credentials() != null) {
            // Real credentials: never cached, never shared with another caller.
            ServiceResult.Throttled refused = admit(request, asked, fresh, person);
            if (refused != null) {
                return refused;
            }
            long t0 = nanos.getAsLong();
            ServiceResult result = await(CompletableFuture.supplyAsync(() -> run(request), executor), asked);
            if (result instanceof ServiceResult.Probed p) {
                listener.probed(request, p, nanos.getAsLong() - t0);
            }
            return result;
        }
        if (!fresh) {
            Cached c = cache.getIfPresent(request);
            if (c != null) {
                ServiceResult.Probed hit =
                        new ServiceResult.Probed(c.result(), Duration.ofNanos(nanos.getAsLong() - c.atNanos()), asked);
                listener.cacheHit(request, hit);
                return hit;
            }
        }
        CompletableFuture<ProbeResult> mine = new CompletableFuture<>();
        CompletableFuture<ProbeResult> running = inFlight.putIfAbsent(request, mine);
        if (running != null) {
            ServiceResult joined = await(running, asked);
            if (joined instanceof ServiceResult.Probed p) {
                listener.shared(request, p);
            }
            return joined;
        }
        ServiceResult.Throttled refused = admit(request, asked, fresh, person);
        if (refused != null) {
            inFlight.remove(request, mine);
            mine.completeExceptionally(new Refused(refused));
            return refused;
        }
        long t0 = nanos.getAsLong();
        executor.execute(() -> {
            // Cache first, then leave the in-flight map, then wake the waiters: a caller that comes
            // back at once finds the cache, never a finished probe to share.
            try {
                ProbeResult r = run(request);
                cache.put(request, new Cached(r, nanos.getAsLong()));
                inFlight.remove(request, mine);
                mine.complete(r);
            } catch (RuntimeException e) {
                inFlight.remove(request, mine);
                mine.completeExceptionally(e);
            }
        });
        ServiceResult result = await(mine, asked);
        if (result instanceof ServiceResult.Probed p) {
            listener.probed(request, p, nanos.getAsLong() - t0);
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
        } else if (person && fresh && !(wait = perRequesterFresh.acquire(asked.requester())).isZero()) {
            why = "fresh probes are limited (cached results are not)";
        } else if (!(wait = perHost.acquire(request.host())).isZero()) {
            why = "mailtls has probed " + request.host() + " often just now";
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

    /** Runs one admitted probe in a concurrency slot. */
    private ProbeResult run(ProbeRequest request) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            admitted.decrementAndGet();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to probe " + request.host(), e);
        }
        try {
            return prober.probe(request);
        } finally {
            slots.release();
            admitted.decrementAndGet();
        }
    }

    private static ServiceResult await(CompletableFuture<ProbeResult> f, ServiceResult.Asked asked) {
        try {
            return new ServiceResult.Probed(f.join(), null, asked);
        } catch (CompletionException e) {
            if (e.getCause() instanceof Refused r) {
                // A caller that shared a refused request is refused for the same reason, as itself.
                return new ServiceResult.Throttled(r.throttled.reason(), r.throttled.retryAfter(), asked);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        executor.close();
    }
}
