package dev.mailtls.tls;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A completed handshake: what was negotiated and what the server presented, with the verdicts.
 *
 * @param chain the peer chain as sent, leaf first; captured even when untrusted
 * @param sniName the server name sent in the ClientHello, null when none was sent (IP literal)
 * @param legacy what the server said when offered only TLS 1.0/1.1 on a second connection; null
 *     when that was not checked
 */
public record TlsOutcome(
        String version,
        String cipherSuite,
        List<CertificateInfo> chain,
        TrustVerdict trust,
        HostnameVerdict hostname,
        @Nullable String sniName,
        @Nullable LegacyTlsResult legacy,
        @Nullable TlsEnumeration enumeration) {

    public TlsOutcome {
        chain = List.copyOf(chain);
    }

    /** An outcome without a deep enumeration. */
    public TlsOutcome(
            String version,
            String cipherSuite,
            List<CertificateInfo> chain,
            TrustVerdict trust,
            HostnameVerdict hostname,
            @Nullable String sniName,
            @Nullable LegacyTlsResult legacy) {
        this(version, cipherSuite, chain, trust, hostname, sniName, legacy, null);
    }

    /** An outcome whose legacy versions were not checked. */
    public TlsOutcome(
            String version,
            String cipherSuite,
            List<CertificateInfo> chain,
            TrustVerdict trust,
            HostnameVerdict hostname,
            @Nullable String sniName) {
        this(version, cipherSuite, chain, trust, hostname, sniName, null);
    }

    public TlsOutcome withLegacy(LegacyTlsResult result) {
        return new TlsOutcome(version, cipherSuite, chain, trust, hostname, sniName, result, enumeration);
    }

    /** With what a deep probe found ({@code --deep}). */
    public TlsOutcome withEnumeration(TlsEnumeration found) {
        return new TlsOutcome(version, cipherSuite, chain, trust, hostname, sniName, legacy, found);
    }

    /** The leaf certificate, if the server sent one. */
    public @Nullable CertificateInfo leaf() {
        return chain.isEmpty() ? null : chain.get(0);
    }
}
