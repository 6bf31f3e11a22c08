package dev.mailtls.internal.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsUtils;
import org.jspecify.annotations.Nullable;

/**
 * A whole handshake in one old version (TLS 1.1, 1.0, SSLv3) with Bouncy Castle's low-level client,
 * for a server that speaks nothing newer: the JDK refuses those versions JVM-wide, and a probe must
 * not loosen that for the process. The connection stays open, so the probe can read the greeting and
 * capabilities over it. The certificate is accepted whatever it is; trust is judged elsewhere.
 */
public final class LegacyHandshake {

    /**
     * How the handshake ended.
     *
     * @param version the negotiated version in the JDK's names, null if the handshake stopped before
     * @param cipherSuite the negotiated suite's IANA name, null if unknown
     * @param chain the server's certificates as sent, leaf first; empty if none was read
     * @param problem why the handshake stopped short, null when it completed
     * @param tls the connection's TLS streams, null unless the handshake completed
     */
    public record Opened(
            @Nullable String version,
            @Nullable String cipherSuite,
            List<X509Certificate> chain,
            @Nullable String problem,
            @Nullable Streams tls) {
        public Opened {
            chain = List.copyOf(chain);
        }
    }

    /** The application-data streams of a finished handshake; closing sends close_notify. */
    public record Streams(InputStream in, OutputStream out, TlsClientProtocol protocol) {
        public void close() {
            try {
                protocol.close();
            } catch (IOException ignored) {
                // The caller closes the socket next.
            }
        }
    }

    private LegacyHandshake() {}

    /**
     * Runs a handshake over {@code raw} (connected, and for STARTTLS past the go-ahead) offering only
     * {@code version}, with {@code firstSuite} (the one the server chose when asked before, or -1)
     * ahead of Bouncy Castle's own suites valid in that version. Never throws; the caller closes the
     * socket.
     */
    public static Opened open(
            Socket raw, @Nullable String sniName, TlsVersion version, int firstSuite, int timeoutMillis) {
        OldClient client = new OldClient(sniName, version, firstSuite);
        TlsClientProtocol protocol = client.connect(raw, timeoutMillis);
        return client.opened(
                protocol == null ? null : new Streams(protocol.getInputStream(), protocol.getOutputStream(), protocol));
    }

    /** A client offering one old version. */
    private static final class OldClient extends ObservingTlsClient {
        private final ProtocolVersion offered;
        private final int firstSuite;

        OldClient(@Nullable String sniName, TlsVersion version, int firstSuite) {
            super(sniName);
            this.offered = ProtocolVersion.get(version.code() >> 8, version.code() & 0xff);
            this.firstSuite = firstSuite;
        }

        Opened opened(@Nullable Streams tls) {
            ProtocolVersion v = serverVersion();
            int s = selectedSuite();
            return new Opened(
                    v == null ? null : TlsVersion.name(v),
                    s < 0 ? null : SuiteCatalog.name(s),
                    chain(),
                    problem(),
                    tls);
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return offered.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            Set<Integer> suites = new LinkedHashSet<>();
            if (firstSuite >= 0) {
                suites.add(firstSuite);
            }
            for (int s : super.getSupportedCipherSuites()) {
                suites.add(s);
            }
            int[] offer = suites.stream()
                    .mapToInt(Integer::intValue)
                    .filter(s -> TlsUtils.isValidVersionForCipherSuite(s, offered))
                    .toArray();
            return TlsUtils.getSupportedCipherSuites(getCrypto(), offer);
        }
    }
}
