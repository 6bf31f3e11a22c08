package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.target.Protocol;
import dev.mailtls.target.Transport;
import dev.mailtls.testing.FaultServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Servers that misbehave: every probe ends by its deadline with a result that says what happened. */
@Timeout(30)
class ProberHostileServerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(3);
    /** Scheduling slack on a loaded 2-core machine; the watchdog closes sockets at the deadline. */
    private static final long SLACK_MS = 1500;

    private final Prober prober = new Prober(TestResolver.loopback("mx.test"), Clock.systemUTC());

    private ProbeResult probe(Supplier<FaultServer> server, Transport transport) {
        ProbeOptions o = ProbeOptions.defaults()
                .withDeadline(DEADLINE)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(500));
        try (FaultServer s = server.get()) {
            long t0 = System.nanoTime();
            ProbeResult r = prober.probe(new ProbeRequest("mx.test", s.port(), Protocol.SMTP, transport, o));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).as("probe wall time").isLessThan(DEADLINE.toMillis() + SLACK_MS);
            assertThat(r.totalMs()).isLessThan(DEADLINE.toMillis() + SLACK_MS);
            return r;
        }
    }

    @Test
    void silentServerIsReportedAsNoGreeting() {
        ProbeResult r = probe(FaultServer::silent, Transport.STARTTLS);
        assertThat(r.failure().code()).isEqualTo(FailureCode.NO_GREETING);
        assertThat(r.failure().phase()).isEqualTo(Phase.GREETING);
        assertThat(r.address()).isEqualTo("127.0.0.1");
    }

    @Test
    void silentServerOnAnImplicitTlsPortFailsTheHandshakeByTheDeadline() {
        ProbeResult r = probe(FaultServer::silent, Transport.TLS);
        assertThat(r.failure().code()).isIn(FailureCode.DEADLINE_EXCEEDED, FailureCode.HANDSHAKE_FAILED);
    }

    @Test
    void tarpitTricklingItsGreetingEndsAtTheDeadline() {
        // Each byte comes well inside the 1 s read timeout, so only the deadline can stop it.
        long t0 = System.nanoTime();
        ProbeResult r = probe(
                () -> FaultServer.tarpit("220 tarpit.example ESMTP slowly\r\n", Duration.ofMillis(300)),
                Transport.STARTTLS);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.failure().code()).isEqualTo(FailureCode.DEADLINE_EXCEEDED);
        assertThat(r.failure().phase()).isEqualTo(Phase.GREETING);
        assertThat(r.failure().evidence()).startsWith("received so far: 220");
        assertThat(ms).isGreaterThanOrEqualTo(DEADLINE.toMillis() - 300);
    }

    @Test
    void tarpitSlowerThanTheReadTimeoutIsAStalledGreeting() {
        ProbeResult r = probe(
                () -> FaultServer.tarpit("220 tarpit.example ESMTP slowly\r\n", Duration.ofMillis(2500)),
                Transport.STARTTLS);
        assertThat(r.failure().code()).isEqualTo(FailureCode.READ_TIMEOUT);
        assertThat(r.failure().evidence()).isEqualTo("received so far: 2");
    }

    @Test
    void garbageBytesAreAnUnexpectedReply() {
        ProbeResult r = probe(() -> FaultServer.garbage(65536), Transport.STARTTLS);
        assertThat(r.failure().code()).isIn(FailureCode.UNEXPECTED_REPLY, FailureCode.LINE_TOO_LONG);
        assertThat(r.failure().evidence()).isNotNull().doesNotContain("\u0000");
    }

    @Test
    void oneMebibyteLineIsCutAtTheBound() {
        ProbeResult r = probe(() -> FaultServer.hugeLine(1 << 20), Transport.STARTTLS);
        assertThat(r.failure().code()).isEqualTo(FailureCode.LINE_TOO_LONG);
        assertThat(String.join("", r.transcript()).length()).isLessThan(200_000);
    }

    @Test
    void immediateCloseIsReported() {
        ProbeResult r = probe(FaultServer::closeImmediately, Transport.STARTTLS);
        assertThat(r.failure().code()).isEqualTo(FailureCode.CONNECTION_CLOSED);
    }

    @Test
    void refusalGreetingIsServiceRefused() {
        ProbeResult r = probe(
                () -> FaultServer.refusing("421 4.7.0 mx.test Too many connections, try later"), Transport.STARTTLS);
        assertThat(r.failure().code()).isEqualTo(FailureCode.SERVICE_REFUSED);
        assertThat(r.greeting().accepted()).isFalse();
        assertThat(r.greeting().text()).contains("Too many connections");
    }

    @Test
    void slowGreetingIsMeasured() {
        ProbeResult r = probe(
                () -> FaultServer.slowGreeting(Duration.ofMillis(700), "220 slow.example ESMTP"), Transport.PLAIN);
        assertThat(r.greeting()).isNotNull();
        assertThat(r.greeting().delayMs()).isGreaterThanOrEqualTo(650);
        assertThat(r.greeting().accepted()).isTrue();
    }

    @Test
    void starttlsAgainstAnImplicitTlsServerSaysThePortSpeaksTls() {
        TestPki pki = TestPki.create();
        ProbeResult r = probe(
                () -> FaultServer.implicitTls(pki.serverContext(pki.leaf("mx.test")), "220 mx.test ESMTP"),
                Transport.STARTTLS);
        assertThat(r.failure().code()).isEqualTo(FailureCode.TLS_ON_PLAINTEXT_PORT);
    }
}
