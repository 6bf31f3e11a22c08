package dev.mailtls.domain;

import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A whole domain's mail posture, diagnosed: what every domain renderer and the JSON start from.
 *
 * @param domain the domain asked about, normalised
 * @param mxKind how the domain names its mail servers
 * @param dnsProblem what went wrong asking for the MX records; null when they were answered
 * @param mx the MX hosts in preference order (the implicit MX when there is no MX record)
 * @param policies MTA-STS and TLS-RPT as published and held against the MX hosts
 * @param srv the client services the domain publishes (RFC 6186), each target probed
 * @param hints the domain's diagnosis, most severe first; each MX probe keeps its own
 * @param status the worst of the domain's hints and of every MX probe
 * @param timings milliseconds per part of the check ({@code mx}, {@code probes}, …)
 */
public record DomainReport(
        String domain,
        Instant startedAt,
        MxKind mxKind,
        @Nullable String dnsProblem,
        List<MxHost> mx,
        PolicyChecks policies,
        List<SrvCheck> srv,
        List<Hint> hints,
        Status status,
        Map<String, Long> timings,
        long totalMs) {

    /** How the domain names its mail servers. */
    public enum MxKind {
        /** MX records naming hosts. */
        LISTED,
        /** {@code MX 0 .} (RFC 7505): the domain accepts no mail. */
        NULL_MX,
        /** No MX record: senders use the domain's own addresses (RFC 5321 §5.1). */
        IMPLICIT,
        /** The domain does not exist (NXDOMAIN). */
        NOT_FOUND,
        /** The MX question got no usable answer (timeout, SERVFAIL, bogus DNSSEC). */
        DNS_FAILED
    }

    public DomainReport {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(mxKind, "mxKind");
        mx = List.copyOf(mx);
        Objects.requireNonNull(policies, "policies");
        srv = List.copyOf(srv);
        hints = List.copyOf(hints);
        Objects.requireNonNull(status, "status");
        timings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(timings));
    }
}
