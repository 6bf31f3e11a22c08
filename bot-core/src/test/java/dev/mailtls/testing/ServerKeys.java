package dev.mailtls.testing;

import java.io.InputStream;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A server TLS context for fixture tests, from the self-signed key GreenMail ships. */
final class ServerKeys {

    private ServerKeys() {}

    static SSLContext serverContext() {
        try (InputStream p12 = ServerKeys.class.getClassLoader().getResourceAsStream("greenmail.p12")) {
            if (p12 == null) {
                throw new IllegalStateException("greenmail.p12 not on the test classpath");
            }
            char[] password = "changeit".toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(p12, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot load GreenMail's greenmail.p12 as a server key", e);
        }
    }
}
