package dev.mailtls.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts the private Postfix and Dovecot of the interop tests for trying mailtls by hand, with a
 * certificate for the given name from a fresh test PKI, and stops them on Ctrl-C or when standard
 * input closes. Needs root and Debian's postfix and dovecot packages.
 *
 * <pre>
 * mvn -q -pl bot-core test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp bot-core/target/test-classes:bot-core/target/classes:$(cat /tmp/cp.txt) \
 *     dev.mailtls.testing.LocalMailServers mail.interop.test /tmp/mailtls-ca
 * </pre>
 */
public final class LocalMailServers {
    private LocalMailServers() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        String name = args.length > 0 ? args[0] : "mail.interop.test";
        Path dir = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "/tmp/mailtls-ca"));
        TestPki pki = TestPki.create();
        TestPki.Issued leaf = pki.leaf(name);
        pki.writePem(leaf, dir.resolve("chain.pem"), dir.resolve("key.pem"));
        Path root = pki.writeRootPem(dir);
        RealMailServers servers = RealMailServers.start(dir.resolve("chain.pem"), dir.resolve("key.pem"));
        Runtime.getRuntime().addShutdownHook(new Thread(servers::close));
        RealMailServers.Ports p = servers.ports();
        System.out.printf(
                "Postfix and Dovecot on %s for %s (CA: %s)%n  smtp %d  submission %d  smtps %d%n"
                        + "  imap %d  imaps %d  pop3 %d  pop3s %d%nclose stdin or press Ctrl-C to stop%n",
                servers.host(),
                name,
                root,
                p.smtp(),
                p.submission(),
                p.smtps(),
                p.imap(),
                p.imaps(),
                p.pop3(),
                p.pop3s());
        while (System.in.read() >= 0) {
            // Wait for end of input.
        }
        servers.close();
    }
}
