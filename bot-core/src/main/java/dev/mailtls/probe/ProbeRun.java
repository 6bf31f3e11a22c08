package dev.mailtls.probe;

import dev.mailtls.protocol.Transcript;
import dev.mailtls.target.Protocol;
import dev.mailtls.target.Target;
import dev.mailtls.target.Transport;
import dev.mailtls.tls.TlsOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The facts of one probe as they are found; becomes an immutable {@link ProbeResult} at the end. */
final class ProbeRun {
    final ProbeRequest request;
    final Instant startedAt;
    final long startNanos = System.nanoTime();
    final Transcript transcript = new Transcript();
    final Map<Phase, Long> timings = new EnumMap<>(Phase.class);

    @Nullable
    Protocol protocol;

    @Nullable
    Transport transport;

    List<String> addresses = List.of();

    @Nullable
    String address;

    @Nullable
    Greeting greeting;

    @Nullable
    List<String> capabilitiesBeforeTls;

    @Nullable
    List<String> capabilitiesAfterTls;

    @Nullable
    StartTlsOutcome starttls;

    @Nullable
    TlsOutcome tls;

    @Nullable
    AuthOutcome auth;

    @Nullable
    Failure failure;

    ProbeRun(ProbeRequest request, Instant startedAt, @Nullable Transport initialTransport) {
        this.request = request;
        this.startedAt = startedAt;
        this.protocol = request.protocol();
        this.transport = initialTransport;
    }

    /** Adds the time since {@code fromNanos} to a phase (a phase may run twice, e.g. two connects). */
    void time(Phase phase, long fromNanos) {
        long ms = (System.nanoTime() - fromNanos) / 1_000_000;
        timings.merge(phase, ms, Long::sum);
    }

    void fail(Phase phase, FailureCode code, String message, @Nullable String evidence) {
        if (failure == null) {
            failure = new Failure(phase, code, message, evidence);
            transcript.note("failed in " + phase.key() + ": " + code + " — " + message);
        }
    }

    ProbeResult result() {
        Map<Phase, Long> ordered = new java.util.LinkedHashMap<>();
        for (Phase p : Phase.values()) {
            Long ms = timings.get(p);
            if (ms != null) {
                ordered.put(p, ms);
            }
        }
        long total = (System.nanoTime() - startNanos) / 1_000_000;
        return new ProbeResult(
                request,
                new Target(request.host(), request.port(), protocol, transport),
                startedAt,
                new ArrayList<>(addresses),
                address,
                greeting,
                capabilitiesBeforeTls,
                capabilitiesAfterTls,
                starttls,
                tls,
                auth,
                failure,
                ordered,
                total,
                transcript.lines());
    }
}
