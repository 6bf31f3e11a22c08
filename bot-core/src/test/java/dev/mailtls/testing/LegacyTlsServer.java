package dev.mailtls.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsServerProtocol;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * An implicit-TLS SMTP server that still accepts TLS 1.0 and 1.1 (up to 1.2, or capped lower), built on Bouncy
 * Castle's low-level TLS server: the JDK refuses to speak those versions JVM-wide. It greets, answers
 * EHLO and QUIT, and nothing else. The key must be EC (TestPki's leafs are P-256).
 */
public final class LegacyTlsServer implements AutoCloseable {
    private final ServerSocket listener;
    private final Certificate chain;
    private final AsymmetricKeyParameter key;
    private final BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
    private final List<String> negotiated = java.util.Collections.synchronizedList(new ArrayList<>());

    public LegacyTlsServer(TestPki.Issued issued) throws IOException {
        this(issued, Integer.MAX_VALUE, ProtocolVersion.TLSv12);
    }

    /** A server that speaks nothing newer than {@code newest} (TLS 1.1 or 1.0: a legacy-only server). */
    public static LegacyTlsServer upTo(TestPki.Issued issued, ProtocolVersion newest) throws IOException {
        return new LegacyTlsServer(issued, Integer.MAX_VALUE, newest);
    }

    /**
     * A server that answers its first {@code answered} connections; later ones are accepted and
     * then never answered (the bytes sent are read and dropped): a slow or throttling server.
     */
    public static LegacyTlsServer answeringFirst(TestPki.Issued issued, int answered) throws IOException {
        return new LegacyTlsServer(issued, answered, ProtocolVersion.TLSv12);
    }

    private final int answered;
    private final java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();

    private final ProtocolVersion newest;

    private LegacyTlsServer(TestPki.Issued issued, int answered, ProtocolVersion newest) throws IOException {
        this.answered = answered;
        this.newest = newest;
        TlsCertificate[] certs = new TlsCertificate[issued.chain().size()];
        for (int i = 0; i < certs.length; i++) {
            try {
                certs[i] = crypto.createCertificate(issued.chain().get(i).getEncoded());
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IOException(e);
            }
        }
        this.chain = new Certificate(certs);
        this.key = PrivateKeyFactory.createKey(issued.key().getEncoded());
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("legacy-tls-accept").start(this::acceptLoop);
    }

    private volatile @org.jspecify.annotations.Nullable Exception lastError;

    /** The last session's failure, for a failing test's message. */
    public @org.jspecify.annotations.Nullable Exception lastError() {
        return lastError;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The TLS versions handshakes ended with, in order ("TLS 1.2", "TLS 1.1"...). */
    public List<String> negotiated() {
        return List.copyOf(negotiated);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                if (accepted.incrementAndGet() > answered) {
                    Thread.ofVirtual().name("legacy-tls-mute").start(() -> mute(s));
                } else {
                    Thread.ofVirtual().name("legacy-tls-session").start(() -> serve(s));
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Connections accepted so far. */
    public int connections() {
        return accepted.get();
    }

    private void mute(Socket s) {
        try (s) {
            s.setSoTimeout(30_000);
            s.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            // The client gave up or the test ended: either way the connection is done.
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(10_000);
            TlsServerProtocol protocol = new TlsServerProtocol(s.getInputStream(), s.getOutputStream());
            Server server = new Server();
            protocol.accept(server);
            negotiated.add(server.version == null ? "unknown" : server.version.getName());
            OutputStream out = protocol.getOutputStream();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(protocol.getInputStream(), StandardCharsets.US_ASCII));
            write(out, "220 legacy.test ESMTP");
            for (String line; (line = in.readLine()) != null; ) {
                String cmd = line.toUpperCase(java.util.Locale.ROOT);
                if (cmd.startsWith("EHLO")) {
                    write(out, "250-legacy.test\r\n250 AUTH PLAIN LOGIN");
                } else if (cmd.startsWith("QUIT")) {
                    write(out, "221 bye");
                    protocol.close();
                    return;
                } else {
                    write(out, "502 5.5.1 not implemented");
                }
            }
        } catch (IOException | RuntimeException e) {
            // A refused or broken handshake ends the session; the client sees it, tests can ask.
            lastError = e;
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

    private final class Server extends DefaultTlsServer {
        volatile ProtocolVersion version;

        Server() {
            super(crypto);
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return newest.downTo(ProtocolVersion.TLSv10);
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            // The key is EC: only ECDSA suites can be served.
            return TlsUtils.getSupportedCipherSuites(crypto, new int[] {
                org.bouncycastle.tls.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                org.bouncycastle.tls.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
                org.bouncycastle.tls.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA
            });
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            version = context.getServerVersion();
        }

        @Override
        protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
            SignatureAndHashAlgorithm alg = TlsUtils.isTLSv12(context)
                    ? SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa)
                    : null;
            return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, key, chain, alg);
        }
    }
}
