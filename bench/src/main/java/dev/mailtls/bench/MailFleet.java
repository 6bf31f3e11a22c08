package dev.mailtls.bench;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.testing.FaultServer;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;
import javax.net.ssl.SSLContext;

/**
 * K loopback mail servers of twelve kinds (SMTP, IMAP, POP3 each over plaintext, STARTTLS and
 * implicit TLS, plus a slow greeting per protocol), and T target names spread over them, all
 * resolving to 127.0.0.1 through a {@link TestResolver}. TLS servers present a leaf for
 * {@code *.load.test} from a {@link TestPki} whose root the probes trust through a CA file.
 */
final class MailFleet implements AutoCloseable {
    static final String DOMAIN = "load.test";

    /** One target the API is asked about: a distinct name on one of the servers. */
    record LoadTarget(String host, int port, Protocol protocol, Transport transport, String kind) {
        String command() {
            return host + " " + port + " " + transport.id() + " " + protocol.id();
        }
    }

    private record Server(
            String kind,
            Protocol protocol,
            Transport transport,
            int port,
            IntSupplier connections,
            AutoCloseable closer) {}

    private final List<Server> servers = new ArrayList<>();
    private final List<LoadTarget> targets = new ArrayList<>();
    private final TestResolver resolver = new TestResolver();

    private MailFleet() {}

    /** Starts {@code serverCount} servers and names {@code targetCount} targets across them. */
    static MailFleet start(int serverCount, int targetCount, Duration slowGreeting, TestPki pki) {
        SSLContext tls = pki.serverContext(pki.leaf("*." + DOMAIN, DOMAIN));
        MailFleet fleet = new MailFleet();
        try {
            for (int i = 0; i < serverCount; i++) {
                fleet.servers.add(startKind(i % 12, tls, slowGreeting));
            }
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
        for (int t = 0; t < targetCount; t++) {
            Server s = fleet.servers.get(t % fleet.servers.size());
            String host = String.format(Locale.ROOT, "t%05d.%s", t, DOMAIN);
            fleet.resolver.add(host, InetAddress.getLoopbackAddress());
            fleet.targets.add(new LoadTarget(host, s.port(), s.protocol(), s.transport(), s.kind()));
        }
        return fleet;
    }

    private static Server startKind(int kind, SSLContext tls, Duration slow) {
        Protocol protocol = Protocol.values()[kind % 3];
        int variant = kind / 3;
        if (variant == 3) {
            FaultServer f = FaultServer.slowGreeting(slow, greeting(protocol));
            return new Server("slow-" + protocol.id(), protocol, Transport.PLAIN, f.port(), f::connections, f);
        }
        ScriptedMailServer.Builder b = ScriptedMailServer.builder(protocol);
        Transport transport = switch (variant) {
            case 0 -> {
                b.advertiseStartTls(false);
                yield Transport.PLAIN;
            }
            case 1 -> {
                b.sslContext(tls);
                yield Transport.STARTTLS;
            }
            default -> {
                b.sslContext(tls).implicitTls(true);
                yield Transport.TLS;
            }
        };
        ScriptedMailServer s = b.start();
        return new Server(protocol.id() + "/" + transport.id(), protocol, transport, s.port(), s::connections, s);
    }

    private static String greeting(Protocol protocol) {
        return switch (protocol) {
            case SMTP -> "220 slow." + DOMAIN + " ESMTP ready";
            case IMAP -> "* OK slow." + DOMAIN + " IMAP4rev1 ready";
            case POP3 -> "+OK slow." + DOMAIN + " POP3 ready";
        };
    }

    TestResolver resolver() {
        return resolver;
    }

    List<LoadTarget> targets() {
        return List.copyOf(targets);
    }

    /** Connections all servers accepted so far. */
    int connections() {
        return servers.stream().mapToInt(s -> s.connections().getAsInt()).sum();
    }

    String describe() {
        return servers.size() + " servers ("
                + String.join(
                        ", ", servers.stream().map(Server::kind).distinct().toList()) + ")";
    }

    @Override
    public void close() {
        for (Server s : servers) {
            try {
                s.closer().close();
            } catch (Exception e) {
                throw new IllegalStateException(
                        "mail server " + s.kind() + " on port " + s.port() + " did not close", e);
            }
        }
    }
}
