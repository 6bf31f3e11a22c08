package dev.mailtls.domain;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A domain's published policies: MTA-STS (RFC 8461) and TLS-RPT (RFC 8460), as found and held
 * against the MX hosts.
 *
 * @param mtaStsRecord the {@code _mta-sts} TXT record, parsed; absent when there is none
 * @param mtaStsDnsProblem why the {@code _mta-sts} question got no answer; null when it did
 * @param fetch the policy fetch, when the record was valid; null otherwise
 * @param uncovered MX hosts no {@code mx:} pattern of a valid policy covers
 * @param invalidCertificates under {@code mode: enforce}, each MX address whose certificate a
 *     sender honouring MTA-STS refuses, with the reason
 * @param tlsRpt the {@code _smtp._tls} TXT record, parsed; absent when there is none
 * @param tlsRptDnsProblem why the {@code _smtp._tls} question got no answer; null when it did
 */
public record PolicyChecks(
        Parsed<MtaStsRecord> mtaStsRecord,
        @Nullable String mtaStsDnsProblem,
        @Nullable MtaStsFetch fetch,
        List<String> uncovered,
        List<String> invalidCertificates,
        Parsed<TlsRptRecord> tlsRpt,
        @Nullable String tlsRptDnsProblem) {

    public PolicyChecks {
        Objects.requireNonNull(mtaStsRecord, "mtaStsRecord");
        Objects.requireNonNull(tlsRpt, "tlsRpt");
        uncovered = List.copyOf(uncovered);
        invalidCertificates = List.copyOf(invalidCertificates);
    }

    /** Nothing looked up: a domain that does not exist, or one whose MX question failed. */
    public static PolicyChecks none() {
        return new PolicyChecks(Parsed.absent(), null, null, List.of(), List.of(), Parsed.absent(), null);
    }

    /** The fetched policy, parsed; null when there was no successful fetch. */
    public @Nullable Parsed<MtaStsPolicy> policy() {
        return fetch == null || !fetch.ok() ? null : fetch.policy();
    }
}
