package dev.mailtls.internal.tls;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

/**
 * The first TLS ClientHellos of a process, written to buffers and thrown away: the JDK's (its
 * cipher-suite and algorithm-constraint tables, the X25519 and P-256 key-share generators and
 * P-256's precomputed table) and the enumerator's own (the TLS 1.0/1.1 check's and {@code --deep}'s,
 * {@link HelloOffer}), so that every later handshake finds them ready. For a cold process that is
 * about to probe ({@code Prober.prepareFirstProbe}); nothing is sent and nothing is kept.
 */
public final class TlsWarmUp {
    private TlsWarmUp() {}

    /**
     * Generates one X25519 and one P-256 key pair and drops them: the key shares every ClientHello
     * carries. P-256's precomputed table is the longest single piece of a cold JVM's first
     * handshake, so it starts at once on a thread of its own rather than behind the rest of the
     * ClientHello's set-up.
     */
    public static void keyShares() {
        try {
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec("secp256r1"));
            ec.generateKeyPair();
            KeyPairGenerator.getInstance("X25519").generateKeyPair();
        } catch (GeneralSecurityException | RuntimeException e) {
            // The handshake meets the same on its own path and reports it.
        }
    }

    /**
     * Produces one client hello in memory; returns its size in bytes, or 0 when the JDK refused
     * (then the probe meets the same on its own path and reports it).
     */
    public static int clientHello() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            // No trust manager: nothing is verified here, and the JDK's trust store is not loaded twice.
            context.init(null, new TrustManager[0], null);
            SSLEngine engine = context.createSSLEngine("warm-up.invalid", 443);
            engine.setUseClientMode(true);
            ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(ByteBuffer.allocate(0), out);
            // The TLS 1.0/1.1 check's offer, which runs right after the main handshake.
            HelloOffer.clientHello(
                    TlsVersion.TLS11, List.of(0xc013 /* TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA */), "warm-up.invalid");
            return out.position();
        } catch (GeneralSecurityException | SSLException | RuntimeException e) {
            return 0;
        }
    }
}
