package dev.mailtls.summary;

import dev.mailtls.card.Report;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.Status;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.tls.CertificateInfo;
import dev.mailtls.tls.DayCount;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What one probe of a group's target found, in the few facts a summary line and change detection
 * need. Stored in the history; the full result is kept beside it as the JSON schema.
 *
 * @param target the target as configured, in the shared grammar (e.g. {@code mx1.example.com 25
 *     starttls}): the key that links runs
 * @param hostPort {@code host:port} as probed
 * @param probedAt when the probe started
 * @param status ok, warning or failure
 * @param failureCode the failure code when the probe stopped early, else null
 * @param tlsVersion the negotiated TLS version, null without TLS
 * @param cipherSuite the negotiated suite, null without TLS
 * @param starttlsOffered whether the plaintext capabilities offered STARTTLS/STLS; null when not asked
 * @param certSha256 the leaf certificate's SHA-256 fingerprint, null without one
 * @param certNotAfter the leaf certificate's expiry, null without one
 * @param certSubject the leaf certificate's subject, null without one
 * @param hintCodes the codes of every warning and error hint, sorted
 * @param worst why the target has its status: its worst hint's code and a few words; null when
 *     the snapshot was stored without one (see {@link RowReason#of(TargetSnapshot)})
 * @param posture what a domain line's domain publishes (MX, MTA-STS, TLSA, …), for change
 *     detection; null for endpoints
 */
public record TargetSnapshot(
        String target,
        String hostPort,
        Instant probedAt,
        Status status,
        @Nullable String failureCode,
        @Nullable String tlsVersion,
        @Nullable String cipherSuite,
        @Nullable Boolean starttlsOffered,
        @Nullable String certSha256,
        @Nullable Instant certNotAfter,
        @Nullable String certSubject,
        Set<String> hintCodes,
        @Nullable RowReason worst,
        @Nullable DomainPosture posture) {

    public TargetSnapshot {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(hostPort, "hostPort");
        Objects.requireNonNull(probedAt, "probedAt");
        Objects.requireNonNull(status, "status");
        hintCodes = Set.copyOf(new TreeSet<>(hintCodes));
    }

    /** An endpoint's snapshot: no domain posture. */
    public TargetSnapshot(
            String target,
            String hostPort,
            Instant probedAt,
            Status status,
            @Nullable String failureCode,
            @Nullable String tlsVersion,
            @Nullable String cipherSuite,
            @Nullable Boolean starttlsOffered,
            @Nullable String certSha256,
            @Nullable Instant certNotAfter,
            @Nullable String certSubject,
            Set<String> hintCodes,
            @Nullable RowReason worst) {
        this(
                target,
                hostPort,
                probedAt,
                status,
                failureCode,
                tlsVersion,
                cipherSuite,
                starttlsOffered,
                certSha256,
                certNotAfter,
                certSubject,
                hintCodes,
                worst,
                null);
    }

    /** Without a stored reason: {@link RowReason#of(TargetSnapshot)} falls back to the codes. */
    public TargetSnapshot(
            String target,
            String hostPort,
            Instant probedAt,
            Status status,
            @Nullable String failureCode,
            @Nullable String tlsVersion,
            @Nullable String cipherSuite,
            @Nullable Boolean starttlsOffered,
            @Nullable String certSha256,
            @Nullable Instant certNotAfter,
            @Nullable String certSubject,
            Set<String> hintCodes) {
        this(
                target,
                hostPort,
                probedAt,
                status,
                failureCode,
                tlsVersion,
                cipherSuite,
                starttlsOffered,
                certSha256,
                certNotAfter,
                certSubject,
                hintCodes,
                null);
    }

    /** The facts of a diagnosed result, for the target as configured. */
    public static TargetSnapshot of(String target, Report report) {
        ProbeResult r = report.result();
        CertificateInfo leaf = r.tls() == null || r.tls().chain().isEmpty()
                ? null
                : r.tls().chain().get(0);
        Boolean starttlsOffered = r.capabilitiesBeforeTls() == null
                ? null
                : r.starttls() != null && r.starttls().offered();
        return new TargetSnapshot(
                target,
                r.target().hostPort(),
                r.startedAt(),
                report.status(),
                r.failure() == null ? null : r.failure().code().name(),
                r.tls() == null ? null : r.tls().version(),
                r.tls() == null ? null : r.tls().cipherSuite(),
                starttlsOffered,
                leaf == null ? null : leaf.sha256(),
                leaf == null ? null : leaf.notAfter(),
                leaf == null ? null : leaf.subject(),
                problemCodes(report.hints()),
                RowReason.of(report));
    }

    /** A row without TLS facts: a domain's own row, or a target the limits kept from being probed. */
    static TargetSnapshot withoutTls(
            String target,
            String hostPort,
            Instant at,
            Status status,
            @Nullable String failureCode,
            Set<String> hintCodes,
            @Nullable RowReason worst,
            @Nullable DomainPosture posture) {
        return new TargetSnapshot(
                target,
                hostPort,
                at,
                status,
                failureCode,
                null,
                null,
                null,
                null,
                null,
                null,
                hintCodes,
                worst,
                posture);
    }

    /** The codes of the warning and error hints, sorted: what a snapshot keeps. */
    static Set<String> problemCodes(List<Hint> hints) {
        TreeSet<String> codes = new TreeSet<>();
        for (Hint h : hints) {
            switch (h.severity()) {
                case WARNING, ERROR -> codes.add(h.code().name());
                default -> {}
            }
        }
        return codes;
    }

    /** Whole days from {@code now} to the certificate's expiry (negative once expired); null without one. */
    public @Nullable Long certDaysLeft(Instant now) {
        return certNotAfter == null ? null : DayCount.left(now, certNotAfter);
    }

    /** Whether this snapshot's codes hold hints that the other does not (same target). */
    public List<String> hintsNotIn(@Nullable TargetSnapshot other) {
        return hintCodes.stream()
                .filter(c -> other == null || !other.hintCodes.contains(c))
                .sorted()
                .toList();
    }
}
