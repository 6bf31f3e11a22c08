package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.internal.tls.TlsWarmUp;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import dev.mailtls.tls.CertificateFacts;
import dev.mailtls.tls.TrustEvaluator;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a cold command-line process does to be quick without changing any answer: the trust anchors
 * are asked for only when a chain is judged (the connection never waits for them), and the first
 * probe's preparation runs on daemon threads the JVM does not wait for.
 */
@Timeout(30)
class ProberColdStartTest {
    private static final TestPki PKI = TestPki.create();

    private static ProbeRequest smtps(int port) {
        return new ProbeRequest(
                "mail.test",
                port,
                Protocol.SMTP,
                Transport.TLS,
                ProbeOptions.defaults().withDeadline(Duration.ofSeconds(8)).withLegacyTlsCheck(false));
    }

    private static ProbeResult probe(ProbeRequest request, Supplier<TrustEvaluator> trust) {
        Connector connector = new Connector(TestResolver.loopback("mail.test"), AddressPolicy.permitAll());
        return new ProbeFlow(
                        request,
                        connector,
                        trust,
                        new CertificateFacts(16),
                        Clock.systemUTC(),
                        dev.mailtls.net.Ticker.SYSTEM)
                .run();
    }

    @Test
    void theTrustAnchorsAreAskedForOnceTheChainIsJudgedAndNotBefore() {
        AtomicInteger asked = new AtomicInteger();
        AtomicInteger connectionsWhenAsked = new AtomicInteger(-1);
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.SMTP)
                .implicitTls(true)
                .sslContext(PKI.serverContext(PKI.leaf("mail.test")))
                .start()) {
            ProbeResult r = probe(smtps(s.port()), () -> {
                asked.incrementAndGet();
                connectionsWhenAsked.set(s.connections());
                return TrustEvaluator.of(List.of(PKI.root()));
            });

            assertThat(Objects.requireNonNull(r.tls()).trust().trusted()).isTrue();
            assertThat(asked).hasValue(1);
            // Asked after the server was connected to (and the handshake done), not before it.
            assertThat(connectionsWhenAsked).hasValue(1);
        }
    }

    @Test
    void aProbeThatNeverReachesTlsNeverLoadsTheTrustAnchors() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        AtomicInteger asked = new AtomicInteger();
        ProbeResult r = probe(smtps(closed), () -> {
            asked.incrementAndGet();
            return TrustEvaluator.of(List.of(PKI.root()));
        });

        assertThat(Objects.requireNonNull(r.failure()).code()).isEqualTo(FailureCode.CONNECT_REFUSED);
        assertThat(asked).hasValue(0);
    }

    @Test
    void theFirstProbesPreparationRunsOnDaemonThreadsAndChangesNoAnswer() throws Exception {
        Prober prober = new Prober(TestResolver.loopback("mail.test"), Clock.systemUTC()).prepareFirstProbe();
        List<Thread> preparing = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("mailtls-prepare-"))
                .toList();
        // A daemon: a command's JVM exits as soon as its answer is out, whatever these still do.
        assertThat(preparing).allMatch(Thread::isDaemon);
        for (Thread t : preparing) {
            t.join(20_000);
        }
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.SMTP)
                .implicitTls(true)
                .sslContext(PKI.serverContext(PKI.leaf("mail.test")))
                .start()) {
            ProbeResult r = prober.probe(smtps(s.port()));
            // The JDK's own anchors: the test CA is not among them.
            assertThat(r.tls()).isNotNull();
            assertThat(Objects.requireNonNull(r.tls()).trust().trusted()).isFalse();
        }
    }

    @Test
    void theWarmUpClientHelloIsATlsHandshakeRecordThatGoesNowhere() {
        int size = TlsWarmUp.clientHello();
        // A ClientHello with its key shares: a few hundred bytes, written to memory only.
        assertThat(size).isBetween(100, 4096);
    }
}
