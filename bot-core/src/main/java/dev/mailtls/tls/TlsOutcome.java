package dev.mailtls.tls;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A completed handshake: what was negotiated and what the server presented, with the verdicts.
 *
 * @param chain the peer chain as sent, leaf first; captured even when untrusted
 * @param sniName the server name sent in the ClientHello, null when none was sent (IP literal)
 */
public record TlsOutcome(
        String version,
        String cipherSuite,
        List<CertificateInfo> chain,
        TrustVerdict trust,
        HostnameVerdict hostname,
        @Nullable String sniName) {

    public TlsOutcome {
        chain = List.copyOf(chain);
    }

    /** The leaf certificate, if the server sent one. */
    public @Nullable CertificateInfo leaf() {
        return chain.isEmpty() ? null : chain.get(0);
    }
}
