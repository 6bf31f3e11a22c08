package dev.mailtls.domain;

import dev.mailtls.tls.CertificateInfo;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The TLSA records an admin should publish for a chain, for a hint's fix: {@code 3 1 1} of the
 * leaf's public key (survives renewals that keep the key), and {@code 2 1 1} of the issuer's public
 * key (survives leaf renewals with a new key while the CA keeps its key). Either one matching keeps
 * mail flowing, so a renewal that breaks one of them does not stop delivery.
 */
public final class TlsaSuggestion {

    private TlsaSuggestion() {}

    /**
     * {@code 3 1 1} of the leaf, then {@code 2 1 1} of the certificate that issued it when the
     * server sent that one; empty for an empty chain.
     *
     * @throws IllegalArgumentException when a certificate has no DER encoding
     */
    public static List<TlsaRecord> records(List<CertificateInfo> chain) {
        if (chain.isEmpty()) {
            return List.of();
        }
        for (CertificateInfo c : chain) {
            if (c.der().isEmpty()) {
                throw new IllegalArgumentException("certificate " + c.subject() + " has no DER encoding");
            }
        }
        List<TlsaRecord> out = new ArrayList<>(2);
        out.add(spkiSha256(TlsaCheck.DANE_EE, chain.get(0)));
        List<Integer> issuers = TlsaCheck.issuerPath(chain);
        if (!issuers.isEmpty()) {
            out.add(spkiSha256(TlsaCheck.DANE_TA, chain.get(issuers.get(0))));
        }
        return List.copyOf(out);
    }

    /** {@code _25._tcp.mx.example.com}: where an MX host's TLSA records live (RFC 7672: port 25 over TCP). */
    public static String owner(String mxHost) {
        Objects.requireNonNull(mxHost, "mxHost");
        String host = mxHost.endsWith(".") ? mxHost.substring(0, mxHost.length() - 1) : mxHost;
        if (host.isEmpty()) {
            throw new IllegalArgumentException("an MX host name is needed for a TLSA owner name");
        }
        return "_25._tcp." + host.toLowerCase(Locale.ROOT);
    }

    /**
     * The suggested records as zone-file lines, ready to paste: {@code _25._tcp.mx.example.com. IN
     * TLSA 3 1 1 8cb0...}.
     */
    public static List<String> zoneLines(String mxHost, List<CertificateInfo> chain) {
        String owner = owner(mxHost) + ".";
        return records(chain).stream().map(r -> owner + " IN TLSA " + r).toList();
    }

    private static TlsaRecord spkiSha256(int usage, CertificateInfo cert) {
        byte[] digest = TlsaCheck.associationData(
                TlsaCheck.SELECTOR_SPKI, TlsaCheck.SHA2_256, cert.der().toByteArray());
        return new TlsaRecord(
                usage,
                TlsaCheck.SELECTOR_SPKI,
                TlsaCheck.SHA2_256,
                HexFormat.of().formatHex(digest));
    }
}
