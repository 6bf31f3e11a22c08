package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.testing.FaultServer;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The gate is asked before every connection a probe makes, with the address connected to. */
@Timeout(30)
class ProberConnectGateTest {
    private final Prober prober = new Prober(TestResolver.loopback("mail.test"), Clock.systemUTC());

    private static ProbeRequest request(int port, Duration deadline) {
        ProbeOptions o = ProbeOptions.defaults().withDeadline(deadline).withLegacyTlsCheck(false);
        return new ProbeRequest("mail.test", port, Protocol.SMTP, Transport.PLAIN, o);
    }

    @Test
    void aRefusalEndsTheProbeBeforeAnyConnection() {
        try (FaultServer listener = FaultServer.refusing("421 4.3.2 busy")) {
            ProbeResult r = prober.probe(
                    request(listener.port(), Duration.ofSeconds(3)),
                    address -> Optional.of("mailtls has connected to " + address.getHostAddress() + " often just now"));
            assertThat(r.failure()).isNotNull();
            assertThat(r.failure().code()).isEqualTo(FailureCode.CONNECT_THROTTLED);
            assertThat(r.failure().message()).isEqualTo("mailtls has connected to 127.0.0.1 often just now");
            assertThat(r.address()).isNull();
            assertThat(listener.connections()).isZero();
        }
    }

    @Test
    void theSecondLookAtASilentPortIsAskedForToo() {
        List<InetAddress> asked = new CopyOnWriteArrayList<>();
        try (FaultServer silent = FaultServer.silent()) {
            ProbeResult r = prober.probe(request(silent.port(), Duration.ofSeconds(2)), address -> {
                asked.add(address);
                return Optional.empty();
            });
            assertThat(r.failure()).isNotNull();
            assertThat(silent.connections()).isEqualTo(2);
            assertThat(asked)
                    .hasSize(2)
                    .allSatisfy(a -> assertThat(a.getHostAddress()).isEqualTo("127.0.0.1"));
        }
    }

    @Test
    void withoutAGateTheProbeIsUnlimited() {
        try (FaultServer listener = FaultServer.refusing("421 4.3.2 busy")) {
            for (int i = 0; i < 3; i++) {
                ProbeResult r = prober.probe(request(listener.port(), Duration.ofSeconds(3)));
                assertThat(r.failure().code()).isEqualTo(FailureCode.SERVICE_REFUSED);
            }
            assertThat(listener.connections()).isEqualTo(3);
        }
    }

    @Test
    void everyConnectionOfAStartTlsProbeIsAskedIncludingTheExtraChecks() {
        TestPki pki = TestPki.create();
        Prober tlsProber = new Prober(TestResolver.loopback("legacy.test"), Clock.systemUTC());
        List<InetAddress> asked = new CopyOnWriteArrayList<>();
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.SMTP)
                .sslContext(pki.serverContext(pki.leaf("legacy.test")))
                .start()) {
            ProbeOptions o = ProbeOptions.defaults().withDeadline(Duration.ofSeconds(8));
            ProbeResult r = tlsProber.probe(
                    new ProbeRequest("legacy.test", s.port(), Protocol.SMTP, Transport.STARTTLS, o), address -> {
                        asked.add(address);
                        return Optional.empty();
                    });
            assertThat(r.failure()).isNull();
            assertThat(r.tls().legacy()).isNotNull();
            // The main probe, the TLS 1.0/1.1 check and the CVE-2011-0411 check: each asked the gate.
            assertThat(s.connections()).isGreaterThan(1);
            assertThat(asked).hasSize(s.connections());
        }
    }
}
