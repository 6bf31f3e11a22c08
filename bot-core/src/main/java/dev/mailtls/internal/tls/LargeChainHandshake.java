package dev.mailtls.internal.tls;

import java.io.IOException;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsClientProtocol;
import org.jspecify.annotations.Nullable;

/**
 * Reads a certificate chain too large for the JDK's TLS client. The JDK refuses handshake messages
 * over {@code jdk.tls.maxHandshakeMessageSize} (32,768 bytes by default) and chains longer than
 * {@code jdk.tls.client.maxInboundCertificateChainLength} (10); both properties are JVM-wide, so a
 * probe must not raise them (every other connection of the process would follow). Instead this
 * retries on a new connection with Bouncy Castle's low-level client, whose limits are set per
 * connection ({@code TlsPeer.getMaxHandshakeMessageSize()}, {@code getMaxCertificateChainLength()}),
 * and keeps the certificates it reads. Nothing is sent after the handshake.
 */
public final class LargeChainHandshake {
    /** Room for a chain far beyond any sane one (a leaf with 10,000 names is about 200 KB). */
    public static final int MAX_HANDSHAKE_MESSAGE_BYTES = 2 << 20;
    /** Bounds the work of parsing and judging a hostile chain. */
    public static final int MAX_CHAIN_LENGTH = 256;

    /** The JDK's messages for its two limits (sun.security.ssl SSLSocketInputRecord, CertificateMessage). */
    private static final Pattern JDK_LIMIT = Pattern.compile(
            "exceeds the maximum allowed size|certificate chain length \\(\\d+\\) exceeds the maximum allowed");

    /**
     * What the retry read.
     *
     * @param version the negotiated version in the JDK's names, null if the handshake stopped before
     * @param cipherSuite the negotiated suite, null if unknown
     * @param chain the server's certificates as sent, leaf first; empty if none could be read
     * @param certificateBytes the total DER size of the certificates
     * @param problem why the retry stopped short of a full handshake, null when it completed
     */
    public record Read(
            @Nullable String version,
            @Nullable String cipherSuite,
            List<X509Certificate> chain,
            long certificateBytes,
            @Nullable String problem) {
        public Read {
            chain = List.copyOf(chain);
        }
    }

    private LargeChainHandshake() {}

    /** True when a JDK handshake failed on its own size or chain-length limit, not on anything the server did wrong in TLS. */
    public static boolean isJdkSizeLimit(@Nullable Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && JDK_LIMIT.matcher(m).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs a handshake over {@code raw} (connected, and for STARTTLS already past the go-ahead) with
     * the larger limits, and returns what the server presented. Never throws; the caller closes
     * the socket.
     */
    public static Read read(Socket raw, @Nullable String sniName, int timeoutMillis) {
        BigClient client = new BigClient(sniName);
        TlsClientProtocol protocol = client.connect(raw, timeoutMillis);
        if (protocol != null) {
            try {
                protocol.close();
            } catch (IOException ignored) {
                // The certificates are in; the close is a courtesy.
            }
        }
        return client.read();
    }

    /** A client with large per-connection limits that accepts any certificate (judged elsewhere). */
    private static final class BigClient extends ObservingTlsClient {
        BigClient(@Nullable String sniName) {
            super(sniName);
        }

        Read read() {
            ProtocolVersion v = serverVersion();
            int s = selectedSuite();
            return new Read(
                    v == null ? null : TlsVersion.name(v),
                    s < 0 ? null : SuiteCatalog.name(s),
                    chain(),
                    certificateBytes(),
                    problem());
        }

        @Override
        public int getMaxHandshakeMessageSize() {
            return MAX_HANDSHAKE_MESSAGE_BYTES;
        }

        @Override
        public int getMaxCertificateChainLength() {
            return MAX_CHAIN_LENGTH;
        }
    }
}
