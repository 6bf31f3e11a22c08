package dev.mailtls.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class TestPkiTest {
    private static final TestPki PKI = TestPki.create();
    private static final int TIMEOUT_MS = 5_000;

    @Test
    void clientTrustingTheRootCompletesAHandshakeWithAPrivateCaLeafAndChecksTheHostName() throws Exception {
        Handshake h = handshake(
                PKI.serverContext(PKI.leaf("localhost", "127.0.0.1")), PKI.clientContextTrustingRoot(), "HTTPS", null);

        assertThat(h.protocol()).isEqualTo("TLSv1.3");
        assertThat(h.peerChain()).hasSize(2);
        assertThat(h.peerChain().get(1).getSubjectX500Principal()).isEqualTo(TestPki.INTERMEDIATE_NAME);
    }

    @Test
    void leafWithNewKeyHasAKeyOfItsOwnUnderTheSameIntermediate() throws Exception {
        TestPki.Issued usual = PKI.leaf("mx.example.com");
        TestPki.Issued first = PKI.leafWithNewKey("mx.example.com");
        TestPki.Issued second = PKI.leafWithNewKey("mx.example.com");

        assertThat(first.leaf().getPublicKey()).isNotEqualTo(usual.leaf().getPublicKey());
        assertThat(second.leaf().getPublicKey()).isNotEqualTo(first.leaf().getPublicKey());
        assertThat(first.chain().get(1)).isEqualTo(PKI.intermediate());
        first.leaf().verify(PKI.intermediate().getPublicKey());
    }

    @Test
    void clientTrustingTheRootRefusesAServerThatOmitsTheIntermediate() {
        assertThatThrownBy(() -> handshake(
                        PKI.serverContext(PKI.missingIntermediate("localhost")),
                        PKI.clientContextTrustingRoot(),
                        null,
                        null))
                .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void serverWithASha1SignedLeafStillCompletesAHandshakeWithAPermissiveClient(String version) throws Exception {
        TestPki.Issued sha1 = PKI.sha1("localhost");

        Handshake h = handshake(PKI.serverContext(sha1), permissiveClient(), null, version);

        assertThat(h.protocol()).isEqualTo(version);
        assertThat(h.peerChain().get(0).getSigAlgName()).isEqualTo("SHA1withRSA");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void serverWithAnRsa1024LeafStillCompletesAHandshakeWithAPermissiveClient(String version) throws Exception {
        Handshake h = handshake(PKI.serverContext(PKI.rsa1024("localhost")), permissiveClient(), null, version);

        assertThat(h.protocol()).isEqualTo(version);
        assertThat(h.peerChain().get(0).getPublicKey().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void jdkPkixTrustManagerAcceptsSha1AndRsa1024LeafsFromAPrivateRoot() throws Exception {
        assertThat(handshake(PKI.serverContext(PKI.sha1("localhost")), PKI.clientContextTrustingRoot(), "HTTPS", null)
                        .protocol())
                .isEqualTo("TLSv1.3");
        assertThat(handshake(
                                PKI.serverContext(PKI.rsa1024("localhost")),
                                PKI.clientContextTrustingRoot(),
                                "HTTPS",
                                null)
                        .protocol())
                .isEqualTo("TLSv1.3");
    }

    @Test
    void jdkPkixTrustManagerRefusesAnMd5SignedLeaf() {
        assertThatThrownBy(() ->
                        handshake(PKI.serverContext(PKI.md5("localhost")), PKI.clientContextTrustingRoot(), null, null))
                .isInstanceOf(SSLHandshakeException.class)
                .hasStackTraceContaining("Algorithm constraints check failed");
    }

    @Test
    void chainsAreLeafFirstWithoutTheRoot() {
        TestPki.Issued leaf = PKI.leaf("mail.example.com");

        assertThat(leaf.chain()).hasSize(2).doesNotContain(PKI.root());
        assertThat(leaf.leaf().getSubjectX500Principal().getName()).isEqualTo("CN=mail.example.com");
        assertThat(leaf.leaf().getIssuerX500Principal()).isEqualTo(TestPki.INTERMEDIATE_NAME);
        assertThat(PKI.intermediate().getIssuerX500Principal()).isEqualTo(TestPki.ROOT_NAME);
        assertThat(PKI.missingIntermediate("mail.example.com").chain()).hasSize(1);
        assertThat(PKI.selfSigned("mail.example.com").chain()).hasSize(1);
    }

    @Test
    void namesBecomeDnsOrIpSansAndCnOnlyHasNoSanExtension() throws Exception {
        var sans =
                PKI.leaf("mail.example.com", "192.0.2.7", "2001:db8::1").leaf().getSubjectAlternativeNames();

        assertThat(sans)
                .containsExactly(
                        List.of(2, "mail.example.com"), List.of(7, "192.0.2.7"), List.of(7, "2001:db8:0:0:0:0:0:1"));
        assertThat(PKI.cnOnly("mail.example.com").leaf().getSubjectAlternativeNames())
                .isNull();
    }

    @Test
    void validityWindowsFollowTheKind() {
        var now = java.time.Instant.parse("2030-01-01T00:00:00Z");
        TestPki pki = TestPki.create(now);

        assertThat(pki.expired("a.test").leaf().getNotAfter().toInstant()).isBefore(now);
        assertThat(pki.notYetValid("a.test").leaf().getNotBefore().toInstant()).isAfter(now);
        assertThat(pki.expiringIn(Duration.ofDays(5), "a.test")
                        .leaf()
                        .getNotAfter()
                        .toInstant())
                .isEqualTo(now.plus(Duration.ofDays(5)));
        assertThat(pki.leaf("a.test").leaf().getNotAfter().toInstant()).isEqualTo(now.plus(Duration.ofDays(90)));
    }

    @Test
    void pemFilesReadBackAsTheSameChainAndKey(@TempDir Path dir) throws Exception {
        TestPki.Issued issued = PKI.leaf("mail.example.com");
        Path chainPem = dir.resolve("chain.pem");
        Path keyPem = dir.resolve("key.pem");

        PKI.writePem(issued, chainPem, keyPem);
        Path rootPem = PKI.writeRootPem(dir);

        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        try (InputStream in = Files.newInputStream(chainPem)) {
            assertThat(List.copyOf(cf.generateCertificates(in))).isEqualTo(issued.chain());
        }
        try (InputStream in = Files.newInputStream(rootPem)) {
            assertThat(List.copyOf(cf.generateCertificates(in))).isEqualTo(List.of(PKI.root()));
        }
        String key = Files.readString(keyPem);
        assertThat(key).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        byte[] der = Base64.getMimeDecoder()
                .decode(key.replaceAll("-----[A-Z ]+-----", "").strip());
        assertThat(KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der)))
                .isEqualTo(issued.key());
    }

    private record Handshake(String protocol, List<X509Certificate> peerChain) {}

    /**
     * Runs one handshake on loopback: the server accepts on a virtual thread and echoes one byte.
     *
     * @param endpointIdentification "HTTPS" to make the client check the name "localhost", null not to
     * @param version the only protocol both sides enable, null for the defaults
     */
    private static Handshake handshake(
            SSLContext server, SSLContext client, String endpointIdentification, String version) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket)
                        server.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            if (version != null) {
                listener.setEnabledProtocols(new String[] {version});
            }
            Future<?> served = threads.submit(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.setSoTimeout(TIMEOUT_MS);
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    out.write(in.read());
                    out.flush();
                }
                return null;
            });
            Handshake result;
            try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                    SSLSocket ssl = (SSLSocket)
                            client.getSocketFactory().createSocket(raw, "localhost", listener.getLocalPort(), true)) {
                ssl.setSoTimeout(TIMEOUT_MS);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm(endpointIdentification);
                if (version != null) {
                    params.setProtocols(new String[] {version});
                }
                ssl.setSSLParameters(params);
                ssl.startHandshake();
                ssl.getOutputStream().write(42);
                ssl.getOutputStream().flush();
                assertThat(ssl.getInputStream().read()).isEqualTo(42);
                result = new Handshake(ssl.getSession().getProtocol(), List.of((X509Certificate[])
                        ssl.getSession().getPeerCertificates()));
            }
            // Only after the client closed: the server's close waits (up to its read timeout) for the client's
            // close_notify.
            served.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return result;
        }
    }

    /** Trusts every server, like the probe's capturing trust manager. */
    private static SSLContext permissiveClient() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new PermissiveTrustManager()}, null);
        return ctx;
    }

    private static final class PermissiveTrustManager extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
