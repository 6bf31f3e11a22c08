package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.net.Resolver;
import dev.mailtls.testing.FakeTicker;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A probe's timings are read from the prober's ticker. The scripted server moves a fake ticker as
 * it receives each command, so every phase takes an exact, known time, whatever the machine's speed.
 */
@Timeout(30)
class ProberTickerTest {
    private static final TestPki PKI = TestPki.create();

    @Test
    void everyTimingOfAResultIsTheTimeTheFakeTickerMovedDuringItsPhase() {
        FakeTicker ticker = new FakeTicker();
        Resolver slowDns = host -> {
            ticker.advance(Duration.ofMillis(5));
            return TestResolver.loopback("mail.test").resolve(host);
        };
        AtomicInteger ehlos = new AtomicInteger();
        try (ScriptedMailServer server = ScriptedMailServer.builder(Protocol.SMTP)
                .sslContext(PKI.serverContext(PKI.leaf("mail.test")))
                .onReceive(line -> {
                    String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
                    switch (verb) {
                        case "EHLO" -> ticker.advance(Duration.ofMillis(ehlos.incrementAndGet() == 1 ? 300 : 120));
                        case "STARTTLS" -> ticker.advance(Duration.ofMillis(40));
                        case "AUTH" -> ticker.advance(Duration.ofMillis(60));
                        case "QUIT" -> ticker.advance(Duration.ofMillis(25));
                        default -> {}
                    }
                })
                .start()) {
            Prober prober = new Prober(slowDns, Clock.systemUTC(), AddressPolicy.permitAll(), ticker);
            ProbeOptions options = ProbeOptions.defaults()
                    .withDeadline(Duration.ofSeconds(8))
                    .withAuthProbe(true, null, false)
                    .withLegacyTlsCheck(false);
            ConnectGate slowGate = address -> {
                ticker.advance(Duration.ofMillis(7));
                return Optional.empty();
            };

            ProbeResult r = prober.probe(
                    new ProbeRequest("mail.test", server.port(), Protocol.SMTP, Transport.STARTTLS, options), slowGate);

            assertThat(r.failure()).isNull();
            Map<Phase, Long> expected = new LinkedHashMap<>();
            expected.put(Phase.RESOLVE, 5L);
            expected.put(Phase.CONNECT, 7L);
            expected.put(Phase.GREETING, 0L);
            expected.put(Phase.CAPABILITIES, 300L);
            expected.put(Phase.STARTTLS, 40L);
            expected.put(Phase.HANDSHAKE, 0L);
            expected.put(Phase.POST_TLS_CAPABILITIES, 120L);
            expected.put(Phase.AUTH, 60L);
            expected.put(Phase.CLOSE, 25L);
            assertThat(r.timings()).containsExactlyEntriesOf(expected);
            assertThat(r.totalMs()).isEqualTo(5 + 7 + 300 + 40 + 120 + 60 + 25);
            assertThat(r.greeting().delayMs()).isZero();
        }
    }

    @Test
    void aGreetingThatComesAfterTheFakeDeadlineIsCutOffByTheWatchdog() {
        FakeTicker ticker = new FakeTicker();
        CountDownLatch probeOver = new CountDownLatch(1);
        // The server is still busy with EHLO when 9 fake seconds have passed, beyond the probe's 8 s
        // deadline: the watchdog, waiting on the same ticker, closes the connection, and the failure
        // is the deadline's. No one waits for the 8 seconds.
        try (ScriptedMailServer server = ScriptedMailServer.builder(Protocol.SMTP)
                .onReceive(line -> {
                    if (line.toUpperCase(Locale.ROOT).startsWith("EHLO")) {
                        ticker.advance(Duration.ofSeconds(9));
                        awaitQuietly(probeOver);
                    }
                })
                .start()) {
            Prober prober = new Prober(
                    TestResolver.loopback("mail.test"), Clock.systemUTC(), AddressPolicy.permitAll(), ticker);
            ProbeOptions options =
                    ProbeOptions.defaults().withDeadline(Duration.ofSeconds(8)).withLegacyTlsCheck(false);

            ProbeResult r = prober.probe(
                    new ProbeRequest("mail.test", server.port(), Protocol.SMTP, Transport.STARTTLS, options));
            probeOver.countDown();

            assertThat(r.failure()).isNotNull();
            assertThat(r.failure().code()).isEqualTo(FailureCode.DEADLINE_EXCEEDED);
            assertThat(r.failure().phase()).isEqualTo(Phase.CAPABILITIES);
            assertThat(r.timings()).containsEntry(Phase.CAPABILITIES, 9_000L);
        } finally {
            probeOver.countDown();
        }
    }

    /** The server's side: it answers nothing until the probe is over. */
    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
