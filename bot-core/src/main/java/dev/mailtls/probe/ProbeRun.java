package dev.mailtls.probe;

import dev.mailtls.auth.AuthOutcome;
import dev.mailtls.auth.Credentials;
import dev.mailtls.endpoint.Target;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.internal.protocol.SecretRedactor;
import dev.mailtls.internal.protocol.Transcript;
import dev.mailtls.net.Ticker;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one record of a probe, owned by its driver: the facts found so far, laid over each other as
 * the steps return them, and the transcript. Becomes an immutable {@link ProbeResult} at the end.
 */
final class ProbeRun {
    final ProbeRequest request;
    final Instant startedAt;
    /** The engine's time: the total is read from it. */
    final Ticker ticker;

    final long startNanos;
    /** Takes real credentials out of server text; redacts nothing when there are none. */
    final SecretRedactor redactor;

    final Transcript transcript;
    private Facts facts;

    ProbeRun(ProbeRequest request, Instant startedAt, @Nullable Transport initialTransport, Ticker ticker) {
        this.request = request;
        this.ticker = ticker;
        this.startNanos = ticker.nanos();
        this.startedAt = startedAt;
        Credentials real = request.options().credentials();
        this.redactor = real == null ? SecretRedactor.none() : SecretRedactor.of(real);
        this.transcript = new Transcript(redactor);
        Facts initial = Facts.NONE;
        if (request.protocol() != null) {
            initial = initial.with(request.protocol());
        }
        this.facts = initialTransport == null ? initial : initial.with(initialTransport);
    }

    /** Everything found so far. */
    Facts facts() {
        return facts;
    }

    /** Lays what a step found over the facts; the first failure is the probe's, and is noted. */
    void merge(Facts found) {
        boolean failedBefore = facts.failure() != null;
        facts = facts.merge(found);
        Failure f = facts.failure();
        if (!failedBefore && f != null) {
            transcript.note("failed in " + f.phase().key() + ": " + f.code() + " — " + f.message());
        }
    }

    ProbeResult result() {
        long total = (ticker.nanos() - startNanos) / 1_000_000;
        List<String> addresses = facts.addresses();
        return new ProbeResult(
                request,
                new Target(request.host(), request.port(), facts.protocol(), facts.transport()),
                startedAt,
                addresses == null ? List.of() : addresses,
                facts.address(),
                redacted(facts.greeting()),
                redactedList(facts.capabilitiesBeforeTls()),
                redactedList(facts.capabilitiesAfterTls()),
                redacted(facts.starttls()),
                facts.tls(),
                redacted(facts.auth()),
                redacted(facts.failure()),
                new LinkedHashMap<>(facts.timings()),
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
