package dev.mailtls.probe;

import dev.mailtls.auth.AuthOutcome;
import dev.mailtls.auth.Credentials;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Target;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.net.Ticker;
import dev.mailtls.protocol.SecretRedactor;
import dev.mailtls.protocol.Transcript;
import dev.mailtls.tls.TlsOutcome;
import java.time.Duration;
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
    /** The engine's time: timings and the total are read from it. */
    final Ticker ticker;

    final long startNanos;
    /** Takes real credentials out of server text; redacts nothing when there are none. */
    final SecretRedactor redactor;

    final Transcript transcript;
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
        this(request, startedAt, initialTransport, Ticker.SYSTEM);
    }

    ProbeRun(ProbeRequest request, Instant startedAt, @Nullable Transport initialTransport, Ticker ticker) {
        this.request = request;
        this.ticker = ticker;
        this.startNanos = ticker.nanos();
        this.startedAt = startedAt;
        Credentials real = request.options().credentials();
        this.redactor = real == null ? SecretRedactor.none() : SecretRedactor.of(real);
        this.transcript = new Transcript(redactor);
        this.protocol = request.protocol();
        this.transport = initialTransport;
    }

    /** Adds the time since {@code fromNanos} to a phase (a phase may run twice, e.g. two connects). */
    void time(Phase phase, long fromNanos) {
        long ms = millisSince(fromNanos);
        timings.merge(phase, ms, Long::sum);
    }

    /** Whole milliseconds on the ticker since {@code fromNanos}. */
    long millisSince(long fromNanos) {
        return (ticker.nanos() - fromNanos) / 1_000_000;
    }

    void fail(Phase phase, FailureCode code, String message, @Nullable String evidence) {
        fail(phase, code, message, evidence, null);
    }

    /** A failure met as silence: {@code waited} is how long the read actually waited. */
    void fail(Phase phase, FailureCode code, String message, @Nullable String evidence, @Nullable Duration waited) {
        if (failure == null) {
            failure = new Failure(phase, code, message, evidence, waited);
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
        long total = millisSince(startNanos);
        return new ProbeResult(
                request,
                new Target(request.host(), request.port(), protocol, transport),
                startedAt,
                new ArrayList<>(addresses),
                address,
                redacted(greeting),
                redactedList(capabilitiesBeforeTls),
                redactedList(capabilitiesAfterTls),
                redacted(starttls),
                tls,
                redacted(auth),
                redacted(failure),
                ordered,
                total,
                transcript.lines());
    }

    // With real credentials, every piece of server text in the result goes through the redactor:
    // a server that was sent the password may echo it anywhere, or already know it from an earlier
    // probe and put it in its greeting. The transcript was redacted line by line as it was written.
    // The certificates in tls are left as sent: a trusted CA signed them before any credential was.

    private @Nullable Greeting redacted(@Nullable Greeting g) {
        return g == null || !redactor.active()
                ? g
                : new Greeting(redactor.redact(g.lines()), g.accepted(), g.delayMs());
    }

    private @Nullable List<String> redactedList(@Nullable List<String> texts) {
        return texts == null ? null : redactor.redact(texts);
    }

    private @Nullable StartTlsOutcome redacted(@Nullable StartTlsOutcome s) {
        return s == null || !redactor.active()
                ? s
                : new StartTlsOutcome(
                        s.offered(),
                        s.answer(),
                        redactor.redactNullable(s.reply()),
                        redactor.redactNullable(s.injectedBytes()));
    }

    private @Nullable AuthOutcome redacted(@Nullable AuthOutcome a) {
        return a == null || !redactor.active()
                ? a
                : new AuthOutcome(
                        a.verdict(),
                        a.mechanism(),
                        redactor.redact(a.exchange()),
                        redactor.redactNullable(a.finalReply()),
                        a.realCredentials());
    }

    private @Nullable Failure redacted(@Nullable Failure f) {
        return f == null || !redactor.active()
                ? f
                : new Failure(
                        f.phase(),
                        f.code(),
                        redactor.redact(f.message()),
                        redactor.redactNullable(f.evidence()),
                        f.waited());
    }
}
