package dev.mailtls.internal.tls;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Runs a client TLS handshake over an already connected socket and captures what the server
 * presented, whether or not it is trusted: trust and hostname are judged afterwards, separately,
 * so an expired or mismatched certificate is still shown in full.
 */
public final class TlsHandshake {

    /** A handshake's outcome. {@code chain} is filled even when the handshake failed after the certificate. */
    public record Captured(
            @Nullable SSLSocket socket,
            @Nullable String version,
            @Nullable String cipherSuite,
            List<X509Certificate> chain,
            @Nullable IOException error) {
        public Captured {
            chain = List.copyOf(chain);
        }

        public boolean ok() {
            return error == null;
        }
    }

    private TlsHandshake() {}

    /**
     * Layers TLS over {@code raw} and completes the handshake.
     *
     * @param sniName the server name for the ClientHello, null to send none (IP literals)
     * @param version "TLSv1.2" or "TLSv1.3" to offer only that version, null for the defaults
     * @param timeoutMillis socket read timeout during the handshake
     */
    public static Captured run(
            Socket raw,
            String peerHost,
            int port,
            @Nullable String sniName,
            @Nullable String version,
            int timeoutMillis) {
        return run(raw, peerHost, port, sniName, version, timeoutMillis, v -> {});
    }

    /**
     * As {@link #run(Socket, String, int, String, String, int)}, telling {@code onCertificate} the
     * version being negotiated ("TLSv1.3") as soon as the server's certificate has arrived, before
     * the handshake ends: the server speaks TLS and picked that version.
     */
    public static Captured run(
            Socket raw,
            String peerHost,
            int port,
            @Nullable String sniName,
            @Nullable String version,
            int timeoutMillis,
            Consumer<String> onCertificate) {
        CapturingTrustManager capture = new CapturingTrustManager(onCertificate);
        SSLSocket ssl = null;
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {capture}, new SecureRandom());
            ssl = (SSLSocket) ctx.getSocketFactory().createSocket(raw, peerHost, port, true);
            ssl.setUseClientMode(true);
            SSLParameters params = ssl.getSSLParameters();
            // Hostname is judged by HostnameMatcher afterwards, so the handshake never fails on it.
            params.setEndpointIdentificationAlgorithm(null);
            params.setServerNames(sniName == null ? List.of() : List.of(new SNIHostName(sniName)));
            if (version != null) {
                params.setProtocols(new String[] {version});
            }
            ssl.setSSLParameters(params);
            ssl.setSoTimeout(timeoutMillis);
            ssl.startHandshake();
            var session = ssl.getSession();
            return new Captured(ssl, session.getProtocol(), session.getCipherSuite(), capture.chain(), null);
        } catch (IOException e) {
            closeQuietly(ssl);
            return new Captured(null, null, null, capture.chain(), e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            closeQuietly(ssl);
            return new Captured(
                    null, null, null, capture.chain(), new IOException("TLS setup failed: " + e.getMessage(), e));
        }
    }

    private static void closeQuietly(@Nullable Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Nothing to do: the handshake already failed.
            }
        }
    }

    /** Accepts any server chain and remembers it; the verdicts come later from TrustEvaluator. */
    private static final class CapturingTrustManager extends X509ExtendedTrustManager {
        private final Consumer<String> onCertificate;
        private volatile List<X509Certificate> chain = List.of();

        CapturingTrustManager(Consumer<String> onCertificate) {
            this.onCertificate = onCertificate;
        }

        List<X509Certificate> chain() {
            return chain;
        }

        private void record(X509Certificate[] c) {
            chain = c == null ? List.of() : new ArrayList<>(List.of(c));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String authType) {
            record(c);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String authType, Socket socket) {
            record(c);
            if (socket instanceof SSLSocket ssl && ssl.getHandshakeSession() != null) {
                onCertificate.accept(ssl.getHandshakeSession().getProtocol());
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String authType, SSLEngine engine) {
            record(c);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String authType, Socket socket) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
