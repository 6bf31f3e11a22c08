package dev.mailtls.internal.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.jspecify.annotations.Nullable;

/**
 * A Bouncy Castle low-level client, per connection, that records what the server chose (version,
 * suite) and the certificates it sent, and sends SNI; it accepts any certificate, because trust is
 * judged elsewhere. Subclasses set their own offer and limits.
 */
abstract class ObservingTlsClient extends DefaultTlsClient {
    private final @Nullable String sniName;
    private volatile @Nullable ProtocolVersion version;
    private volatile int suite = -1;
    private volatile List<X509Certificate> chain = List.of();
    private volatile long certificateBytes;
    private volatile @Nullable String parseProblem;
    private volatile @Nullable String handshakeProblem;

    ObservingTlsClient(@Nullable String sniName) {
        super(new BcTlsCrypto(new SecureRandom()));
        this.sniName = sniName;
    }

    /** The version the server chose, or null before its ServerHello. */
    final @Nullable ProtocolVersion serverVersion() {
        return version;
    }

    /** The suite the server chose, or -1 before its ServerHello. */
    final int selectedSuite() {
        return suite;
    }

    /** The server's certificates as sent, leaf first; empty before its Certificate message. */
    final List<X509Certificate> chain() {
        return chain;
    }

    /** The total DER size of the server's certificates. */
    final long certificateBytes() {
        return certificateBytes;
    }

    /**
     * Runs the handshake over {@code raw} (connected, and for STARTTLS past the go-ahead), each read
     * waiting at most {@code timeoutMillis}. Never throws: returns the protocol when the handshake
     * completed, else null, with why in {@link #problem()}. The caller closes the socket.
     */
    final @Nullable TlsClientProtocol connect(Socket raw, int timeoutMillis) {
        try {
            raw.setSoTimeout(timeoutMillis);
            TlsClientProtocol protocol = new TlsClientProtocol(raw.getInputStream(), raw.getOutputStream());
            protocol.connect(this);
            return protocol;
        } catch (TlsFatalAlert e) {
            handshakeProblem = "alert " + AlertDescription.getText(e.getAlertDescription());
        } catch (SocketTimeoutException e) {
            handshakeProblem = "no answer within " + timeoutMillis + " ms";
        } catch (IOException | RuntimeException e) {
            handshakeProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        return null;
    }

    /**
     * Why the handshake stopped short, else why a certificate of the chain could not be read; null
     * when all went well.
     */
    final @Nullable String problem() {
        return handshakeProblem != null ? handshakeProblem : parseProblem;
    }

    /** Keeps the certificates of the server's Certificate message, as far as they parse. */
    private void serverCertificate(Certificate certificate) {
        List<X509Certificate> read = new ArrayList<>();
        long total = 0;
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (int i = 0; i < certificate.getLength(); i++) {
                byte[] der = certificate.getCertificateAt(i).getEncoded();
                total += der.length;
                read.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException | IOException e) {
            // Keep what parsed: a broken certificate further up must not hide the leaf.
            parseProblem = "a certificate in the chain could not be read: " + e.getMessage();
        }
        chain = List.copyOf(read);
        certificateBytes = total;
    }

    @Override
    public void notifyServerVersion(ProtocolVersion serverVersion) throws IOException {
        super.notifyServerVersion(serverVersion);
        version = serverVersion;
    }

    @Override
    public void notifySelectedCipherSuite(int selected) {
        super.notifySelectedCipherSuite(selected);
        suite = selected;
    }

    @Override
    protected @Nullable Vector<ServerName> getSNIServerNames() {
        if (sniName == null) {
            return null;
        }
        Vector<ServerName> names = new Vector<>();
        names.add(new ServerName(NameType.host_name, sniName.getBytes(StandardCharsets.US_ASCII)));
        return names;
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) {
                serverCertificate(serverCertificate.getCertificate());
            }

            @Override
            public @Nullable TlsCredentials getClientCredentials(CertificateRequest certificateRequest) {
                return null;
            }
        };
    }
}
