package dev.mailtls.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class FaultServerTest {

    private static final TestPki PKI = TestPki.create();
    private static final SSLContext SERVER_TLS = PKI.serverContext(PKI.leaf("localhost", "127.0.0.1"));

    @Test
    void silentServerAcceptsAndSendsNothing() throws IOException {
        try (FaultServer server = FaultServer.silent();
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(300);
            socket.getOutputStream().write("EHLO probe\r\n".getBytes());
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void tarpitSendsTheLineOneByteAtATime() throws IOException {
        try (FaultServer server = FaultServer.tarpit("220 slow", Duration.ofMillis(100));
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(2_000);
            InputStream in = socket.getInputStream();
            long start = System.nanoTime();
            byte[] first = in.readNBytes(3);
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(new String(first)).isEqualTo("220");
            assertThat(elapsedMillis).isGreaterThanOrEqualTo(150);
        }
    }

    @Test
    void garbageSendsTheRequestedNumberOfBytesAndStaysOpen() throws IOException {
        try (FaultServer server = FaultServer.garbage(512);
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(500);
            assertThat(socket.getInputStream().readNBytes(512)).hasSize(512);
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void hugeLineSendsAMebibyteWithoutLineEnd() throws IOException {
        try (FaultServer server = FaultServer.hugeLine();
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(2_000);
            byte[] line = socket.getInputStream().readNBytes(FaultServer.ONE_MIB);
            assertThat(line).hasSize(FaultServer.ONE_MIB).doesNotContain((byte) '\n', (byte) '\r');
            assertThat(new String(line, 0, 4)).isEqualTo("220 ");
        }
    }

    @Test
    void closeImmediatelyEndsTheStreamBeforeAnyByte() throws IOException {
        try (FaultServer server = FaultServer.closeImmediately();
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            assertThat(client.readLine()).isNull();
        }
    }

    @Test
    void refusingSendsItsGreetingThenCloses() throws IOException {
        try (FaultServer server = FaultServer.refusing("421 4.7.0 Too busy");
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            assertThat(client.readLine()).isEqualTo("421 4.7.0 Too busy");
            assertThat(client.readLine()).isNull();
        }
    }

    @Test
    void implicitTlsHandshakesBeforeTheGreetingAndAnswersQuit() throws IOException {
        try (FaultServer server = FaultServer.implicitTls(SERVER_TLS, "220 tls.test ESMTP");
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            SSLSession session = client.startTls();
            assertThat(session.getProtocol()).startsWith("TLSv1.");
            assertThat(client.readLine()).isEqualTo("220 tls.test ESMTP");
            client.send("QUIT");
            assertThat(client.readLine()).isEqualTo("221 2.0.0 Bye");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void implicitTlsAnswersImapLogout() throws IOException {
        try (FaultServer server = FaultServer.implicitTls(SERVER_TLS, "* OK IMAP ready");
                LoopbackClient client = LoopbackClient.connectTls(server.port())) {
            assertThat(client.readLine()).isEqualTo("* OK IMAP ready");
            client.send("a1 LOGOUT");
            assertThat(client.readImapResponse("a1")).containsExactly("* BYE Logging out", "a1 OK LOGOUT completed");
        }
    }

    @Test
    void slowGreetingArrivesAfterTheDelay() throws IOException {
        try (FaultServer server = FaultServer.slowGreeting(Duration.ofMillis(400), "+OK late");
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            long start = System.nanoTime();
            assertThat(client.readLine()).isEqualTo("+OK late");
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(350);
            client.send("QUIT");
            assertThat(client.readLine()).isEqualTo("+OK Bye");
        }
    }

    @Test
    void connectionsCountsEveryAcceptedConnection() throws IOException {
        try (FaultServer server = FaultServer.refusing("421 busy")) {
            for (int i = 0; i < 3; i++) {
                try (LoopbackClient client = LoopbackClient.connect(server.port())) {
                    client.readLine();
                }
            }
            assertThat(server.connections()).isEqualTo(3);
        }
    }

    @Test
    void closeEndsOpenConnectionsAndStopsListening() throws IOException, InterruptedException {
        FaultServer server = FaultServer.silent();
        int port = server.port();
        try (LoopbackClient client = LoopbackClient.connect(port)) {
            client.send("hello");
            waitForConnections(server, 1);
            server.close();
            assertThat(client.closedByServer()).isTrue();
        }
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(IOException.class);
    }

    private static void waitForConnections(FaultServer server, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.connections() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.connections()).isEqualTo(expected);
    }
}
