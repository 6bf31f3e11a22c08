package dev.mailtls.app;

import dev.mailtls.card.Report;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.net.Printable;
import dev.mailtls.probe.ProbeRequest;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.service.ProbeListener;
import dev.mailtls.service.ServiceResult;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One log line per probe, shared probe and refusal, and a sample of the cache hits: who asked (a
 * token id or a client address, never a token), the target, protocol/transport, the outcome and how
 * long it took. A probe with real credentials is marked as such; the credentials themselves never
 * reach a log.
 *
 * <p>Cache hits are sampled per requester and target: the first hit is logged, then at most one
 * line per {@link #CACHE_HIT_WINDOW}, which says how many hits were not logged since the last one.
 * A line per hit made the log the bottleneck of a cached card (every line a write to standard error
 * under its lock, and a diagnosis to say the outcome); a hit that is not logged costs a map look-up
 * and a counter. {@code mailtls_cache_hits_total} in /metrics counts every hit.
 */
final class ProbeLog implements ProbeListener {
    /** At most one cache-hit line per requester and target in this long. */
    static final Duration CACHE_HIT_WINDOW = Duration.ofSeconds(60);

    /** Requester-and-target pairs remembered before idle ones are forgotten. */
    static final int MAX_HIT_KEYS = 10_000;

    private final Diagnoser diagnoser;
    private final Consumer<String> sink;
    private final LongSupplier nanos;
    private final ConcurrentHashMap<HitKey, HitWindow> hits = new ConcurrentHashMap<>();

    /** Who asked about which target (with its options): what one cache-hit line stands for. */
    private record HitKey(String requester, ProbeRequest request) {}

    /** When the next cache-hit line of a key is due, and the hits not logged since the last one. */
    private static final class HitWindow {
        final AtomicLong dueAt;
        final LongAdder notLogged = new LongAdder();

        HitWindow(long dueAt) {
            this.dueAt = new AtomicLong(dueAt);
        }
    }

    ProbeLog(Diagnoser diagnoser, Consumer<String> sink) {
        this(diagnoser, sink, System::nanoTime);
    }

    /** With an injected monotonic clock (nanoseconds), so tests advance time instead of sleeping. */
    ProbeLog(Diagnoser diagnoser, Consumer<String> sink, LongSupplier nanos) {
        this.diagnoser = diagnoser;
        this.sink = sink;
        this.nanos = nanos;
    }

    @Override
    public void probed(ProbeRequest request, ServiceResult.Probed probed, long elapsedNanos) {
        sink.accept(line("probe", request, probed) + " " + elapsedNanos / 1_000_000 + "ms");
    }

    @Override
    public void cacheHit(ProbeRequest request, ServiceResult.Probed probed) {
        long now = nanos.getAsLong();
        // A plain map, read without a lock or a buffer: this runs on every cache hit.
        HitKey key = new HitKey(probed.asked().requester(), request);
        HitWindow w = hits.get(key);
        if (w == null) {
            w = hits.computeIfAbsent(key, k -> new HitWindow(now));
        }
        long due = w.dueAt.get();
        if (now - due < 0 || !w.dueAt.compareAndSet(due, now + CACHE_HIT_WINDOW.toNanos())) {
            // Within the window (or another thread is writing its line): counted, not logged.
            w.notLogged.increment();
            return;
        }
        long notLogged = w.notLogged.sumThenReset();
        forgetIdle(now);
        long age = probed.cachedAge() == null ? 0 : probed.cachedAge().toSeconds();
        sink.accept(line("cache-hit", request, probed) + " 0ms (cached " + age + "s ago"
                + (notLogged > 0 ? "; " + notLogged + " more cache hits since the last line" : "") + ")");
    }

    /**
     * Keeps the map bounded, on the rare path that writes a line: past {@link #MAX_HIT_KEYS} keys, those
     * whose window ended a window ago go (their next hit is logged as a first one; a hit counted but not
     * logged in them is lost to the log, not to /metrics).
     */
    private void forgetIdle(long now) {
        if (hits.size() > MAX_HIT_KEYS) {
            hits.values().removeIf(w -> now - w.dueAt.get() > CACHE_HIT_WINDOW.toNanos());
        }
    }

    /** Requester-and-target pairs whose cache hits are being counted now. */
    int rememberedHitKeys() {
        return hits.size();
    }

    @Override
    public void shared(ProbeRequest request, ServiceResult.Probed probed) {
        sink.accept(line("shared", request, probed) + " " + probed.result().totalMs() + "ms");
    }

    @Override
    public void throttled(ProbeRequest request, ServiceResult.Throttled refusal) {
        sink.accept("throttled requester=" + safe(refusal.asked().requester()) + " target=" + hostPort(request) + " "
                + kind(request.protocol(), request.transport()) + deep(request) + " outcome=throttled retry-after="
                + refusal.retryAfterSeconds() + "s (" + Printable.of(refusal.reason(), 200) + ")");
    }

    private String line(String event, ProbeRequest request, ServiceResult.Probed probed) {
        ProbeResult r = probed.result();
        String outcome = Report.of(r, diagnoser).status().id();
        if (r.failure() != null) {
            outcome += "/" + r.failure().code().name();
        }
        return event + " requester=" + safe(probed.asked().requester()) + " target="
                + safe(r.target().hostPort())
                + " " + kind(r.target().protocol(), r.target().transport()) + deep(request) + " outcome=" + outcome
                + (request.options().credentials() != null ? " with-credentials" : "");
    }

    /** A deep probe makes many connections: the log says which probes were deep. */
    private static String deep(ProbeRequest request) {
        return request.options().deep() ? " deep" : "";
    }

    private static String kind(@Nullable Protocol protocol, @Nullable Transport transport) {
        return (protocol == null ? "unknown" : protocol.id()) + "/" + (transport == null ? "auto" : transport.id());
    }

    private static String hostPort(ProbeRequest r) {
        return safe((r.host().contains(":") ? "[" + r.host() + "]" : r.host()) + ":" + r.port());
    }

    /** The host and requester come from callers: no control characters into the log, bounded. */
    private static String safe(String s) {
        return Printable.of(s, 200).replace(' ', '_');
    }
}
