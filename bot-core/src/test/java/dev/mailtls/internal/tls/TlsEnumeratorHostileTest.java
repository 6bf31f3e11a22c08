package dev.mailtls.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.internal.io.Deadline;
import dev.mailtls.testing.OpensslServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.tls.TlsEnumeration;
import dev.mailtls.tls.TlsEnumeration.Acceptance;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers that do not answer in TLS's words: the enumeration ends by its deadline, and what was not
 * answered is unknown, never "not accepted".
 */
@Timeout(60)
class TlsEnumeratorHostileTest {
    private static final TestPki PKI = TestPki.create();

    @TempDir
    Path dir;

    /** What a server does with one connection. */
    @FunctionalInterface
    private interface Session {
        void run(Socket s) throws IOException;
    }

    /** A loopback server that hands every accepted connection to {@code session}, one thread each. */
    private static ServerSocket serve(Session session) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            session.run(s);
                        } catch (IOException ignored) {
                            // The session is over.
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return server;
    }

    private static TlsEnumeration enumerate(int port, Duration deadline, TlsEnumerator.Options options) {
        return TlsEnumerator.enumerate(
                () -> {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                    return s;
                },
                "tls.test",
                Deadline.after(deadline),
                options);
    }

    private static void allUnknown(TlsEnumeration e) {
        assertThat(e.versions())
                .extracting(TlsEnumeration.VersionSuites::accepted)
                .containsOnly(Acceptance.UNKNOWN);
        assertThat(e.accepted()).isEmpty();
        assertThat(e.unknown()).hasSize(5);
    }

    @Test
    void aSilentServerEndsByTheDeadlineWithEveryVersionUnknown() throws IOException {
        try (ServerSocket server = serve(s -> {
            try {
                s.getInputStream().readAllBytes();
            } catch (IOException ignored) {
                // The client gave up.
            }
        })) {
            long t0 = System.nanoTime();
            TlsEnumeration e = enumerate(
                    server.getLocalPort(),
                    Duration.ofSeconds(2),
                    new TlsEnumerator.Options(4, Duration.ofMillis(300), 3, Duration.ofMillis(50)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).isLessThan(2_000 + 1_000);
            allUnknown(e);
            assertThat(e.unknown()).allMatch(u -> u.contains("no answer within"));
        }
    }

    @Test
    void aServerThatClosesEveryConnectionIsUnknownNotRefused() throws IOException {
        try (ServerSocket server = serve(s -> {})) {
            TlsEnumeration e = enumerate(
                    server.getLocalPort(),
                    Duration.ofSeconds(10),
                    new TlsEnumerator.Options(4, Duration.ofSeconds(1), 2, Duration.ofMillis(20)));
            allUnknown(e);
            assertThat(e.unknown()).allMatch(u -> u.contains(HelloOffer.CLOSED) && u.contains("2 tries"));
            assertThat(e.notes()).isEmpty();
        }
    }

    @Test
    void aPlaintextServiceIsNotTls() throws IOException {
        try (ServerSocket server = serve(s -> {
            OutputStream out = s.getOutputStream();
            out.write("220 mail.example ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            in.read(new byte[4096]);
        })) {
            TlsEnumeration e = enumerate(
                    server.getLocalPort(),
                    Duration.ofSeconds(10),
                    new TlsEnumerator.Options(4, Duration.ofSeconds(1), 1, Duration.ofMillis(20)));
            allUnknown(e);
            assertThat(e.unknown()).allMatch(u -> u.contains("not TLS"));
        }
    }

    @Test
    void aServerThatLimitsConnectionsIsAskedAgainAfterAPauseAndStillFound() throws IOException {
        // A front that drops connections 2 to 4 at once (a burst limit per client), before a real TLS
        // server: the dropped offers are made again after a pause, and nothing is lost or refused.
        try (OpensslServer tls = OpensslServer.start(
                        PKI,
                        PKI.rsa("tls.test"),
                        dir,
                        "-cipher",
                        "ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA",
                        "-ciphersuites",
                        "TLS_AES_128_GCM_SHA256");
                ServerSocket front = serve(relayDroppingSecondToFourth(tls.port()))) {
            TlsEnumeration e = enumerate(
                    front.getLocalPort(),
                    Duration.ofSeconds(30),
                    new TlsEnumerator.Options(1, Duration.ofSeconds(2), 4, Duration.ofMillis(20)));
            assertThat(e.unknown()).as(e.toString()).isEmpty();
            assertThat(e.accepted().get("TLSv1.2"))
                    .containsExactlyInAnyOrder("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA");
            assertThat(e.accepted().get("TLSv1.3")).containsExactly("TLS_AES_128_GCM_SHA256");
        }
    }

    private static Session relayDroppingSecondToFourth(int port) {
        AtomicInteger n = new AtomicInteger();
        return client -> {
            int number = n.incrementAndGet();
            if (number >= 2 && number <= 4) {
                return;
            }
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port)) {
                Thread back = Thread.ofVirtual().start(() -> {
                    try {
                        upstream.getInputStream().transferTo(client.getOutputStream());
                    } catch (IOException ignored) {
                        // Either side closed.
                    }
                });
                try {
                    client.getInputStream().transferTo(upstream.getOutputStream());
                } catch (IOException ignored) {
                    // Either side closed.
                }
                upstream.shutdownOutput();
                back.join(2000);
            } catch (IOException | InterruptedException ignored) {
                // The relay is over.
            }
        };
    }
}
