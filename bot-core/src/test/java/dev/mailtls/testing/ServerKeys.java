package dev.mailtls.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A server key for fixture tests: the self-signed one GreenMail ships in greenmail.p12. Stands in
 * until the shared test PKI is merged; fixture tests only need some certificate a trust-all client
 * accepts.
 */
final class ServerKeys {

    private static final String ALIAS = "greenmail";
    private static final char[] PASSWORD = "changeit".toCharArray();

    private ServerKeys() {}

    static SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store(), PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a server TLS context from greenmail.p12", e);
        }
    }

    /** Writes the certificate and its PKCS#8 key as PEM files, as Postfix and Dovecot read them. */
    static void writePem(Path chainPem, Path keyPem) throws IOException {
        try {
            KeyStore store = store();
            Certificate certificate = store.getCertificate(ALIAS);
            PrivateKey key = (PrivateKey) store.getKey(ALIAS, PASSWORD);
            Files.writeString(chainPem, pem("CERTIFICATE", certificate.getEncoded()));
            Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the key in greenmail.p12", e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static KeyStore store() throws IOException, GeneralSecurityException {
        try (InputStream p12 = ServerKeys.class.getClassLoader().getResourceAsStream("greenmail.p12")) {
            if (p12 == null) {
                throw new IllegalStateException("greenmail.p12 not on the test classpath");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(p12, PASSWORD);
            return store;
        }
    }
}
