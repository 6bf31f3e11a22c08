package dev.mailtls.probe;

import dev.mailtls.auth.AuthOutcome;
import dev.mailtls.endpoint.Target;
import dev.mailtls.tls.TlsOutcome;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything one probe observed. Always produced, whatever went wrong: a failure is data ({@link
 * #failure()}), never an exception out of the prober. Absent facts are null, never guessed.
 *
 * @param target the effective target (transport and protocol as finally used or detected)
 * @param addresses every A and AAAA address the name resolved to, as literals
 * @param address the address connected to, null if none was
 * @param capabilitiesBeforeTls capabilities on the plaintext channel; null if never asked
 * @param capabilitiesAfterTls capabilities after TLS (STARTTLS or implicit); null if never asked
 * @param timings milliseconds per phase that ran, in phase order
 * @param totalMs the whole probe, wall clock
 * @param transcript {@code C: }/{@code S: } lines, credentials redacted, bounded
 */
public record ProbeResult(
        ProbeRequest request,
        Target target,
        Instant startedAt,
        List<String> addresses,
        @Nullable String address,
        @Nullable Greeting greeting,
        @Nullable List<String> capabilitiesBeforeTls,
        @Nullable List<String> capabilitiesAfterTls,
        @Nullable StartTlsOutcome starttls,
        @Nullable TlsOutcome tls,
        @Nullable AuthOutcome auth,
        @Nullable Failure failure,
        Map<Phase, Long> timings,
        long totalMs,
        List<String> transcript) {

    public ProbeResult {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(startedAt, "startedAt");
        addresses = List.copyOf(addresses);
        capabilitiesBeforeTls = capabilitiesBeforeTls == null ? null : List.copyOf(capabilitiesBeforeTls);
        capabilitiesAfterTls = capabilitiesAfterTls == null ? null : List.copyOf(capabilitiesAfterTls);
        timings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(timings));
        transcript = List.copyOf(transcript);
    }

    public boolean failed() {
        return failure != null;
    }
}
