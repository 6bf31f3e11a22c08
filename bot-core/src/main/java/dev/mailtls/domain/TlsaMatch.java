package dev.mailtls.domain;

import static dev.mailtls.domain.TlsaCheck.DANE_EE;

import dev.mailtls.tls.CertificateInfo;
import dev.mailtls.tls.HostnameVerdict;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * TLSA records (RFC 6698) matched against the certificate chain an SMTP server presented, by the
 * rules of DANE for SMTP (RFC 7672 §3.1):
 *
 * <ul>
 *   <li>{@code 3 x x} (DANE-EE) matches the leaf only. No name and no expiry checks: the DNSSEC-signed
 *       record is the whole authentication (§3.1.1).
 *   <li>{@code 2 x x} (DANE-TA) matches a CA certificate the server sent (RFC 7672 §3.1.2 asks
 *       servers to send the trust anchor) that issued the leaf, directly or through the intermediates
 *       sent; signatures are verified along the way. The leaf must then also carry the MX host's name:
 *       see {@link #nameCheckRequired()} and {@link #authenticated(HostnameVerdict)}.
 *   <li>{@code 0 x x} and {@code 1 x x} (PKIX-TA, PKIX-EE) are unusable for SMTP (§3.1.3), as are
 *       unknown selectors and matching types and malformed digests: they neither match nor fail.
 * </ul>
 *
 * @param records one verdict per record, in the order given
 * @param matched true when a usable record matched, false when usable records exist and none
 *     matched, null when there is no usable record (a DANE sender then still requires
 *     STARTTLS but authenticates nothing, RFC 7671 §4.1)
 */
public record TlsaMatch(
        List<TlsaRecordMatch> records, @Nullable Boolean matched) {

    public TlsaMatch {
        records = List.copyOf(records);
    }

    /**
     * Matches {@code records} against {@code chain}, the certificates as the server sent them, leaf
     * first.
     *
     * @throws IllegalArgumentException when a certificate of the chain has no DER encoding (values built
     *     by hand; {@code CertificateInspector} always keeps it)
     */
    public static TlsaMatch of(List<TlsaRecord> records, List<CertificateInfo> chain) {
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i).der().isEmpty()) {
                throw new IllegalArgumentException(
                        "certificate " + i + " of the chain (" + chain.get(i).subject() + ") has no DER encoding");
            }
        }
        List<Integer> issuers = TlsaCheck.issuerPath(chain);
        List<TlsaRecordMatch> results = new ArrayList<>(records.size());
        for (TlsaRecord record : records) {
            results.add(matchOne(record, chain, issuers));
        }
        boolean anyUsable = results.stream().anyMatch(TlsaRecordMatch::usable);
        boolean anyMatched = results.stream().anyMatch(TlsaRecordMatch::matched);
        return new TlsaMatch(results, anyUsable ? anyMatched : null);
    }

    /**
     * True when the match rests on DANE-TA records alone: then the leaf must also name the MX host
     * (RFC 7672 §3.2), which the caller knows and checks. A DANE-EE match needs no name check.
     */
    public boolean nameCheckRequired() {
        return Boolean.TRUE.equals(matched) && !eeMatched();
    }

    /**
     * Whether DANE authenticates the server, given the verdict on the leaf's name for the MX host:
     * null when no record is usable, false when none matched, true on a DANE-EE match whatever the
     * name, else (DANE-TA only) whether {@code leafName} matches.
     */
    public @Nullable Boolean authenticated(HostnameVerdict leafName) {
        Objects.requireNonNull(leafName, "leafName");
        if (matched == null || !matched) {
            return matched;
        }
        return eeMatched() || leafName.matches();
    }

    /**
     * What the next renewal does to DANE for this server: the effect on the most durable matched
     * record (a {@code 2 1 x} outlasts a {@code 3 1 x}, which outlasts a {@code 3 0 x}); null when
     * nothing matched.
     */
    public @Nullable RenewalEffect renewal() {
        return records.stream()
                .filter(TlsaRecordMatch::matched)
                .map(TlsaRecordMatch::renewal)
                .min(Comparator.naturalOrder())
                .orElse(null);
    }

    private boolean eeMatched() {
        return records.stream().anyMatch(r -> r.matched() && r.record().usage() == DANE_EE);
    }

    private static TlsaRecordMatch matchOne(TlsaRecord record, List<CertificateInfo> chain, List<Integer> issuers) {
        RenewalEffect renewal = RenewalEffect.of(record);
        String unusable = TlsaCheck.unusableReason(record);
        if (unusable != null) {
            return new TlsaRecordMatch(record, TlsaRecordMatch.Status.UNUSABLE, null, unusable, renewal);
        }
        if (chain.isEmpty()) {
            return notMatched(record, "the server presented no certificate", renewal);
        }
        byte[] wanted = record.dataBytes();
        List<Integer> matching = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            if (MessageDigest.isEqual(wanted, data(record, chain.get(i)))) {
                matching.add(i);
            }
        }
        String name = TlsaCheck.usageName(record.usage());
        if (record.usage() == DANE_EE) {
            if (matching.contains(0)) {
                return matched(record, 0, "matches the leaf " + subject(chain, 0), renewal);
            }
            String mismatch = "does not match the leaf " + subject(chain, 0) + ", whose " + fields(record) + " is "
                    + hex(record, chain.get(0));
            if (!matching.isEmpty()) {
                int ca = matching.get(0);
                mismatch += "; it matches certificate " + ca + " " + subject(chain, ca)
                        + ", a CA certificate, which needs usage 2 (DANE-TA), not 3";
            }
            return notMatched(record, mismatch, renewal);
        }
        // DANE-TA: a CA certificate on the leaf's issuing path, never the leaf itself.
        for (int i : matching) {
            if (issuers.contains(i)) {
                return matched(
                        record,
                        i,
                        "matches certificate " + i + " " + subject(chain, i) + ", which issued the leaf"
                                + (issuers.indexOf(i) == 0 ? "" : " through the intermediates before it"),
                        renewal);
            }
        }
        if (!matching.isEmpty()) {
            int i = matching.get(0);
            return notMatched(
                    record,
                    i == 0
                            ? "matches the leaf itself; " + name + " names a CA certificate: for the server's own"
                                    + " certificate publish usage 3 (DANE-EE)"
                            : "matches certificate " + i + " " + subject(chain, i) + ", which did not issue the leaf",
                    renewal);
        }
        if (chain.size() == 1) {
            return notMatched(
                    record,
                    "the server sent only its own certificate, so no CA certificate can match: " + name
                            + " needs the server to send its chain up to the trust anchor (RFC 7672 §3.1.2)",
                    renewal);
        }
        return notMatched(
                record,
                "matches none of the " + (chain.size() - 1) + " CA certificates the server sent"
                        + (issuers.isEmpty()
                                ? ""
                                : "; the leaf's issuer " + subject(chain, issuers.get(0)) + " has " + fields(record)
                                        + " " + hex(record, chain.get(issuers.get(0)))),
                renewal);
    }

    private static byte[] data(TlsaRecord record, CertificateInfo cert) {
        return TlsaCheck.associationData(
                record.selector(), record.matchingType(), cert.der().toByteArray());
    }

    private static String hex(TlsaRecord record, CertificateInfo cert) {
        return HexFormat.of().formatHex(data(record, cert));
    }

    /** {@code 3 1 1}: the record's fields without its data. */
    private static String fields(TlsaRecord record) {
        return record.usage() + " " + record.selector() + " " + record.matchingType();
    }

    private static String subject(List<CertificateInfo> chain, int i) {
        return "(" + chain.get(i).subject() + ")";
    }

    private static TlsaRecordMatch matched(TlsaRecord record, int certificate, String reason, RenewalEffect renewal) {
        return new TlsaRecordMatch(record, TlsaRecordMatch.Status.MATCHED, certificate, reason, renewal);
    }

    private static TlsaRecordMatch notMatched(TlsaRecord record, String reason, RenewalEffect renewal) {
        return new TlsaRecordMatch(record, TlsaRecordMatch.Status.NOT_MATCHED, null, reason, renewal);
    }
}
