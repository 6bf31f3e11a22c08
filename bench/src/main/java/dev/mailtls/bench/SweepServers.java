package dev.mailtls.bench;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * The slow fleet of {@code bench/sweep}, in a process of its own so the sweep's threads, heap and
 * RSS are mailtls's alone: K scripted mail servers on 127.0.0.1 that wait {@code delay} before
 * their greeting and before each answer, six kinds in turn (SMTP, IMAP, POP3, each with STARTTLS
 * and with implicit TLS), with a leaf for {@code *.sweep.test}: EC P-256 (ECDSA signatures, a
 * common server set-up), or RSA 2048 with {@code rsa}. It writes the test root to
 * {@code dir/test-root-ca.pem}, prints one line {@code servers protocol/transport:port ...}, and runs until
 * its standard input closes; then it prints {@code connections N} and exits.
 *
 * <p>Arguments: {@code DIR SERVERS DELAY_MS [ec|rsa]}.
 */
public final class SweepServers {
    static final String DOMAIN = "sweep.test";

    private SweepServers() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        Duration delay = Duration.ofMillis(Long.parseLong(args[2]));
        boolean rsa = args.length > 3 && args[3].equals("rsa");
        TestPki pki = TestPki.create();
        pki.writeRootPem(dir);
        // One context for every server and connection, as a real server keeps one.
        SSLContext tls = pki.serverContext(rsa ? pki.rsa("*." + DOMAIN) : pki.leaf("*." + DOMAIN, DOMAIN));
        List<ScriptedMailServer> servers = new ArrayList<>();
        StringBuilder line = new StringBuilder("servers");
        try {
            for (int i = 0; i < count; i++) {
                Protocol protocol = Protocol.values()[i % 3];
                Transport transport = (i / 3) % 2 == 0 ? Transport.STARTTLS : Transport.TLS;
                ScriptedMailServer s = ScriptedMailServer.builder(protocol)
                        .sslContext(tls)
                        .implicitTls(transport == Transport.TLS)
                        .replyDelay(delay)
                        .start();
                servers.add(s);
                line.append(' ')
                        .append(protocol.id())
                        .append('/')
                        .append(transport.id())
                        .append(':')
                        .append(s.port());
            }
            System.out.println(line);
            System.out.flush();
            InputStream in = System.in;
            while (in.read() >= 0) {
                // The sweep closes our input when it is done.
            }
            System.out.println("connections "
                    + servers.stream().mapToInt(ScriptedMailServer::connections).sum());
        } finally {
            servers.forEach(ScriptedMailServer::close);
        }
    }
}
