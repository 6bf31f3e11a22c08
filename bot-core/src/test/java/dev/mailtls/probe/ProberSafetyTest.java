package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.auth.AuthOutcome;
import dev.mailtls.auth.Credentials;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real credentials, echoed secrets, late injection, odd names and bad local input. */
@Timeout(30)
class ProberSafetyTest {
    private static final TestPki PKI = TestPki.create();
    private final Prober prober = new Prober(TestResolver.loopback("mail.test", "mail_1.test"), Clock.systemUTC());

    @TempDir
    Path dir;

    private static ProbeOptions quick() {
        return ProbeOptions.defaults().withDeadline(Duration.ofSeconds(8)).withLegacyTlsCheck(false);
    }

    private ProbeResult smtp(String host, int port, ProbeOptions o) {
        return prober.probe(new ProbeRequest(host, port, Protocol.SMTP, Transport.STARTTLS, o));
    }

    @Test
    void realCredentialsAreNotSentToAnUntrustedCertificate() {
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.SMTP)
                .sslContext(PKI.serverContext(PKI.wrongHost("mail.test")))
                .start()) {
            ProbeResult r =
                    smtp("mail.test", s.port(), quick().withAuthProbe(true, new Credentials("alice", "pw-123"), false));
            assertThat(r.auth().verdict()).isEqualTo(AuthOutcome.Verdict.SKIPPED_UNTRUSTED);
            assertThat(s.received()).noneMatch(l -> l.toUpperCase().startsWith("AUTH"));
        }
    }

    @Test
    void realCredentialsGoToATrustedCertificateAndEchoesAreScrubbed() {
        Path ca = PKI.writeRootPem(dir);
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.SMTP)
                .sslContext(PKI.serverContext(PKI.leaf("mail.test")))
                .authReply("535 5.7.8 no such user alice@mail.test with password Hunter-2-pw")
                .start()) {
            ProbeResult r = smtp(
                    "mail.test",
                    s.port(),
                    quick().withCaFile(ca)
                            .withAuthProbe(true, new Credentials("alice@mail.test", "Hunter-2-pw"), false));
            assertThat(s.receivedOverTls()).anyMatch(l -> l.toUpperCase().startsWith("AUTH"));
            String all = String.join("\n", r.transcript())
                    + r.auth().finalReply()
                    + r.auth().exchange();
            assertThat(all).doesNotContain("Hunter-2-pw").doesNotContain("alice@mail.test");
            assertThat(r.auth().finalReply()).contains("<redacted>");
        }
    }

    @Test
    void bytesArrivingShortlyAfterTheGoAheadAreStillCaught() throws Exception {
        SSLContext tls = PKI.serverContext(PKI.leaf("mail.test"));
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> lateInjector(listener, tls));
            ProbeResult r = smtp("mail.test", listener.getLocalPort(), quick());
            assertThat(r.starttls().injectedBytes())
                    .as(String.join("\n", r.transcript()))
                    .contains("250 injected");
        }
    }

    /** Greets, lists STARTTLS, says go ahead, then 60 ms later sends a line of its own before TLS. */
    private static void lateInjector(ServerSocket listener, SSLContext tls) {
        try (Socket s = listener.accept()) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            out.write("220 mail.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
            in.readLine();
            out.write("250-mail.test\r\n250 STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            in.readLine();
            out.write("220 2.0.0 go ahead\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(60);
            out.write("250 injected\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, null, true);
            ssl.setUseClientMode(false);
            ssl.startHandshake();
        } catch (Exception e) {
            // The probe's handshake may fail after the injection; that is the point.
        }
    }

    @Test
    void bytesSentOnlyOnceTheClientHelloCameAreStillCaught() throws Exception {
        SSLContext tls = PKI.serverContext(PKI.leaf("mail.test"));
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> injectorAfterClientHello(listener, tls));
            ProbeResult r = smtp("mail.test", listener.getLocalPort(), quick());
            assertThat(r.starttls().injectedBytes())
                    .as(String.join("\n", r.transcript()))
                    .isEqualTo("250 injected\\r\\n");
            // Set aside, the bytes do not break the handshake: the session goes on over TLS.
            assertThat(r.tls()).isNotNull();
            assertThat(r.tls().version()).isEqualTo("TLSv1.3");
        }
    }

    /**
     * Greets, lists STARTTLS, says go ahead, then waits for the ClientHello's first byte before it
     * sends a line of its own and answers in TLS. The ClientHello must come without the server
     * sending anything more: no client timer runs out first.
     */
    private static void injectorAfterClientHello(ServerSocket listener, SSLContext tls) {
        try (Socket s = listener.accept()) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            var in = s.getInputStream();
            out.write("220 mail.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
            readLine(in);
            out.write("250-mail.test\r\n250 STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            readLine(in);
            out.write("220 2.0.0 go ahead\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            int first = in.read();
            if (first != 22) {
                return;
            }
            out.write("250 injected\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory()
                    .createSocket(s, new java.io.ByteArrayInputStream(new byte[] {(byte) first}), true);
            ssl.startHandshake();
            var reader = new BufferedReader(new InputStreamReader(ssl.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream tlsOut = ssl.getOutputStream();
            for (String line; (line = reader.readLine()) != null; ) {
                String reply = line.toUpperCase(java.util.Locale.ROOT).startsWith("EHLO")
                        ? "250-mail.test\r\n250 AUTH PLAIN\r\n"
                        : "221 bye\r\n";
                tlsOut.write(reply.getBytes(StandardCharsets.US_ASCII));
                tlsOut.flush();
            }
        } catch (Exception e) {
            // The probe closing its end is the end of the script.
        }
    }

    /** One line of plaintext, read byte by byte so that nothing after it is consumed. */
    private static void readLine(java.io.InputStream in) throws java.io.IOException {
        for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
            // skip
        }
    }

    @Test
    void hostWithAnUnderscoreIsProbedWithoutSni() {
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.SMTP)
                .sslContext(PKI.serverContext(PKI.leaf("mail_1.test")))
                .start()) {
            ProbeResult r = smtp("mail_1.test", s.port(), quick());
            assertThat(r.failure()).isNull();
            assertThat(r.tls().sniName()).isNull();
            assertThat(r.transcript()).anyMatch(l -> l.contains("not a valid SNI host name"));
        }
    }

    @Test
    void autoOnAClosedUnknownPortLeavesTheTransportUnknown() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProbeResult r = prober.probe(new ProbeRequest("mail.test", port, null, null, quick()));
        assertThat(r.failure().code()).isEqualTo(FailureCode.CONNECT_REFUSED);
        assertThat(r.target().transport()).isNull();
        assertThat(r.target().protocol()).isNull();
        var json = new dev.mailtls.card.JsonRenderer()
                .tree(dev.mailtls.card.Report.of(
                        r, new dev.mailtls.diagnosis.Diagnoser(dev.mailtls.diagnosis.DiagnosisThresholds.defaults())));
        assertThat(json.at("/target/transport").isNull()).isTrue();
    }

    @Test
    void greetingThatBreaksOffKeepsItsValidLinesAndReadsAsAProtocolError() {
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.SMTP)
                .greeting("220-mail.test ESMTP", "\u0001\u0002 garbage")
                .start()) {
            ProbeResult r = smtp("mail.test", s.port(), quick());
            assertThat(r.failure().code()).isEqualTo(FailureCode.UNEXPECTED_REPLY);
            assertThat(r.greeting().lines()).containsExactly("220-mail.test ESMTP");
            assertThat(r.failure().message()).doesNotContain("garbage");
            assertThat(r.failure().evidence()).contains("garbage");
            var hints = new dev.mailtls.diagnosis.Diagnoser(dev.mailtls.diagnosis.DiagnosisThresholds.defaults())
                    .diagnose(r);
            assertThat(hints)
                    .extracting(dev.mailtls.diagnosis.Hint::code)
                    .contains(dev.mailtls.diagnosis.HintCode.PROTOCOL_ERROR);
        }
    }

    @Test
    void unusableCaFileIsAResultNotAnException() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.pem"), "not a certificate");
        ProbeResult r = smtp("mail.test", 25, quick().withCaFile(bad));
        assertThat(r.failure().code()).isEqualTo(FailureCode.IO_ERROR);
        assertThat(r.failure().message()).contains("CA file");
        assertThat(r.address()).isNull();
    }
}
