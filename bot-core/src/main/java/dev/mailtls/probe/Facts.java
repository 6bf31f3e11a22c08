package dev.mailtls.probe;

import dev.mailtls.auth.AuthOutcome;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.tls.TlsOutcome;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a probe found, as a value: what one step found (null for what it did not look at), or all
 * that the steps so far found. {@link #merge} lays a step's findings over the ones before.
 *
 * @param timings milliseconds per phase; merging adds them up (a phase may run twice, e.g. two connects)
 */
record Facts(
        @Nullable Protocol protocol,
        @Nullable Transport transport,
        @Nullable List<String> addresses,
        @Nullable String address,
        @Nullable Greeting greeting,
        @Nullable List<String> capabilitiesBeforeTls,
        @Nullable List<String> capabilitiesAfterTls,
        @Nullable StartTlsOutcome starttls,
        @Nullable TlsOutcome tls,
        @Nullable AuthOutcome auth,
        @Nullable Failure failure,
        Map<Phase, Long> timings) {

    /** Nothing found. */
    static final Facts NONE = new Facts(null, null, null, null, null, null, null, null, null, null, null, Map.of());

    Facts {
        addresses = addresses == null ? null : List.copyOf(addresses);
        capabilitiesBeforeTls = capabilitiesBeforeTls == null ? null : List.copyOf(capabilitiesBeforeTls);
        capabilitiesAfterTls = capabilitiesAfterTls == null ? null : List.copyOf(capabilitiesAfterTls);
        EnumMap<Phase, Long> t = new EnumMap<>(Phase.class);
        t.putAll(timings);
        timings = java.util.Collections.unmodifiableMap(t);
    }

    /**
     * These facts with {@code later}'s laid over them: what {@code later} found replaces what was
     * known, timings add up, and the first failure stays the probe's failure.
     */
    Facts merge(Facts later) {
        EnumMap<Phase, Long> sum = new EnumMap<>(Phase.class);
        sum.putAll(timings);
        later.timings.forEach((phase, ms) -> sum.merge(phase, ms, Long::sum));
        return new Facts(
                or(later.protocol, protocol),
                or(later.transport, transport),
                or(later.addresses, addresses),
                or(later.address, address),
                or(later.greeting, greeting),
                or(later.capabilitiesBeforeTls, capabilitiesBeforeTls),
                or(later.capabilitiesAfterTls, capabilitiesAfterTls),
                or(later.starttls, starttls),
                tls(tls, later.tls),
                or(later.auth, auth),
                or(failure, later.failure),
                sum);
    }

    /**
     * A later TLS outcome replaces the earlier one, but keeps what follow-ups added to it (the legacy
     * result, the deep enumeration) when the later one has none: follow-ups each start from the same
     * finished facts and add one field.
     */
    private static @Nullable TlsOutcome tls(@Nullable TlsOutcome earlier, @Nullable TlsOutcome later) {
        if (later == null || earlier == null) {
            return later == null ? earlier : later;
        }
        TlsOutcome merged = later;
        if (merged.legacy() == null && earlier.legacy() != null) {
            merged = merged.withLegacy(earlier.legacy());
        }
        if (merged.enumeration() == null && earlier.enumeration() != null) {
            merged = merged.withEnumeration(earlier.enumeration());
        }
        return merged;
    }

    static Facts failed(Phase phase, FailureCode code, String message, @Nullable String evidence) {
        return NONE.with(new Failure(phase, code, message, evidence));
    }

    /** A failure met as silence: {@code waited} is how long the read actually waited. */
    static Facts failed(
            Phase phase, FailureCode code, String message, @Nullable String evidence, @Nullable Duration waited) {
        return NONE.with(new Failure(phase, code, message, evidence, waited));
    }

    /** Only the time these facts took. */
    Facts timingsOnly() {
        return new Facts(null, null, null, null, null, null, null, null, null, null, null, timings);
    }

    /** These facts and {@code ms} more spent in {@code phase}. */
    Facts took(Phase phase, long ms) {
        return merge(new Facts(null, null, null, null, null, null, null, null, null, null, null, Map.of(phase, ms)));
    }

    Facts with(Protocol p) {
        return merge(new Facts(p, null, null, null, null, null, null, null, null, null, null, Map.of()));
    }

    Facts with(Transport t) {
        return merge(new Facts(null, t, null, null, null, null, null, null, null, null, null, Map.of()));
    }

    Facts withAddresses(List<String> all) {
        return merge(new Facts(null, null, all, null, null, null, null, null, null, null, null, Map.of()));
    }

    Facts withAddress(String used) {
        return merge(new Facts(null, null, null, used, null, null, null, null, null, null, null, Map.of()));
    }

    Facts with(Greeting g) {
        return merge(new Facts(null, null, null, null, g, null, null, null, null, null, null, Map.of()));
    }

    Facts withCapabilitiesBeforeTls(List<String> caps) {
        return merge(new Facts(null, null, null, null, null, caps, null, null, null, null, null, Map.of()));
    }

    Facts withCapabilitiesAfterTls(List<String> caps) {
        return merge(new Facts(null, null, null, null, null, null, caps, null, null, null, null, Map.of()));
    }

    Facts with(StartTlsOutcome s) {
        return merge(new Facts(null, null, null, null, null, null, null, s, null, null, null, Map.of()));
    }

    Facts with(TlsOutcome t) {
        return merge(new Facts(null, null, null, null, null, null, null, null, t, null, null, Map.of()));
    }

    Facts with(AuthOutcome a) {
        return merge(new Facts(null, null, null, null, null, null, null, null, null, a, null, Map.of()));
    }

    /** These facts failed with {@code f}, unless they had failed already. */
    Facts with(Failure f) {
        return merge(new Facts(null, null, null, null, null, null, null, null, null, null, f, Map.of()));
    }

    private static <T> @Nullable T or(@Nullable T first, @Nullable T second) {
        return first != null ? first : second;
    }
}
