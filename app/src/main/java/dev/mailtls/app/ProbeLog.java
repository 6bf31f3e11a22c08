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
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One log line per probe, cache hit, shared probe and refusal: who asked (a token id or a client
 * address, never a token), the target, protocol/transport, the outcome and how long it took. A
 * probe with real credentials is marked as such; the credentials themselves never reach a log.
 */
final class ProbeLog implements ProbeListener {
    private final Diagnoser diagnoser;
    private final Consumer<String> sink;

    ProbeLog(Diagnoser diagnoser, Consumer<String> sink) {
        this.diagnoser = diagnoser;
        this.sink = sink;
    }

    @Override
    public void probed(ProbeRequest request, ServiceResult.Probed probed, long elapsedNanos) {
        sink.accept(line("probe", request, probed) + " " + elapsedNanos / 1_000_000 + "ms");
    }

    @Override
    public void cacheHit(ProbeRequest request, ServiceResult.Probed probed) {
        long age = probed.cachedAge() == null ? 0 : probed.cachedAge().toSeconds();
        sink.accept(line("cache-hit", request, probed) + " 0ms (cached " + age + "s ago)");
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
