package dev.mailtls.internal.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Vector;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.jspecify.annotations.Nullable;

/**
 * A Bouncy Castle low-level client, per connection, that records what the server chose (version,
 * suite) and sends SNI; it accepts any certificate, because trust is judged elsewhere. Subclasses
 * set their own offer and limits, and may look at the certificate the server sent.
 */
abstract class ObservingTlsClient extends DefaultTlsClient {
    private final @Nullable String sniName;
    private volatile @Nullable ProtocolVersion version;
    private volatile int suite = -1;

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

    /** Called with the server's certificate message; nothing by default. */
    void serverCertificate(Certificate certificate) {}

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
