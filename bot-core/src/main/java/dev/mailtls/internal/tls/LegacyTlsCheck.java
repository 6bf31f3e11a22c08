package dev.mailtls.internal.tls;

import dev.mailtls.tls.LegacyTlsResult;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsDHGroupVerifier;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsDHGroupVerifier;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsUtils;
import org.jspecify.annotations.Nullable;

/**
 * Asks a server whether it still accepts TLS 1.0 or 1.1, by offering only those versions in a
 * ClientHello. The JDK (and BCJSSE) refuse them JVM-wide through {@code
 * jdk.tls.disabledAlgorithms}, so this uses Bouncy Castle's low-level TLS client on one socket
 * without loosening the process (STACK.md). Nothing is sent after the handshake.
 */
public final class LegacyTlsCheck {

    private static final Map<Integer, String> SUITE_NAMES = suiteNames();

    /** Suites a TLS 1.0/1.1 server may pick: the modern CBC ones plus the legacy ones to detect. */
    private static final int[] LEGACY_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
        CipherSuite.TLS_DHE_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_DHE_RSA_WITH_AES_256_CBC_SHA,
        CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA,
        CipherSuite.TLS_RSA_WITH_3DES_EDE_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA,
    };

    private LegacyTlsCheck() {}

    /**
     * Offers TLS 1.1 and 1.0 only, over {@code raw} (connected, and for STARTTLS already past the
     * go-ahead). Never throws: a refusal is a result. The caller closes the socket.
     */
    public static LegacyTlsResult offer(Socket raw, @Nullable String sniName, int timeoutMillis) {
        try {
            raw.setSoTimeout(timeoutMillis);
            LegacyClient client = new LegacyClient(sniName);
            TlsClientProtocol protocol = new TlsClientProtocol(raw.getInputStream(), raw.getOutputStream());
            protocol.connect(client);
            ProtocolVersion v = client.serverVersion();
            int suite = client.selectedSuite();
            String version = v == null ? "unknown" : jdkName(v);
            try {
                protocol.close();
            } catch (IOException ignored) {
                // The answer is in; the close is a courtesy.
            }
            return LegacyTlsResult.accepted(
                    version,
                    suiteName(suite),
                    "the server accepted " + version + " when only TLS 1.0/1.1 were offered");
        } catch (TlsFatalAlertReceived e) {
            // The server said no in TLS's own words (protocol_version, handshake_failure...).
            return LegacyTlsResult.refused(
                    "refused TLS 1.0/1.1 with alert " + AlertDescription.getText(e.getAlertDescription()));
        } catch (TlsFatalAlert e) {
            if (e.getAlertDescription() == AlertDescription.protocol_version) {
                // RFC 5246 §7.4.1.3: the ServerHello named a newer version than any offered: a clean no.
                return LegacyTlsResult.refused("the server answered with a version newer than TLS 1.1");
            }
            // Our own client gave up on what came back (garbage, a broken message): no answer either way.
            return LegacyTlsResult.unknown("no usable TLS answer to a TLS 1.0/1.1 offer: "
                    + AlertDescription.getText(e.getAlertDescription()));
        } catch (SocketTimeoutException e) {
            return LegacyTlsResult.unknown("no TLS answer to a TLS 1.0/1.1 offer within " + timeoutMillis + " ms");
        } catch (IOException | RuntimeException e) {
            // A reset or a close without an alert says nothing about the versions the server accepts.
            return LegacyTlsResult.unknown("the connection broke before a TLS answer to a TLS 1.0/1.1 offer: "
                    + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    /** The IANA name of a cipher suite, or its number in hex. */
    static String suiteName(int suite) {
        return SUITE_NAMES.getOrDefault(suite, String.format("0x%04X", suite));
    }

    /** The JDK's names: TLSv1, TLSv1.1, TLSv1.2, TLSv1.3. */
    static String jdkName(ProtocolVersion v) {
        if (ProtocolVersion.TLSv10.equals(v)) {
            return "TLSv1";
        }
        if (ProtocolVersion.TLSv11.equals(v)) {
            return "TLSv1.1";
        }
        if (ProtocolVersion.TLSv12.equals(v)) {
            return "TLSv1.2";
        }
        if (ProtocolVersion.TLSv13.equals(v)) {
            return "TLSv1.3";
        }
        return v.getName();
    }

    private static Map<Integer, String> suiteNames() {
        Map<Integer, String> names = new HashMap<>();
        for (Field f : CipherSuite.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())
                    && f.getType() == int.class
                    && f.getName().startsWith("TLS_")) {
                try {
                    names.putIfAbsent(f.getInt(null), f.getName());
                } catch (IllegalAccessException ignored) {
                    // Public constants: cannot happen.
                }
            }
        }
        return Map.copyOf(names);
    }

    /** A client that offers only TLS 1.1 and 1.0 and accepts any certificate (it is judged elsewhere). */
    private static final class LegacyClient extends ObservingTlsClient {
        LegacyClient(@Nullable String sniName) {
            super(sniName);
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.TLSv11.downTo(ProtocolVersion.TLSv10);
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return TlsUtils.getSupportedCipherSuites(getCrypto(), LEGACY_SUITES);
        }

        @Override
        public TlsDHGroupVerifier getDHGroupVerifier() {
            // Legacy servers often use 1024-bit DH groups; accept them to learn the version.
            return new DefaultTlsDHGroupVerifier(1024);
        }
    }
}
