package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.testing.FaultServer;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import dev.mailtls.tls.LegacyTlsResult;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The TLS 1.0/1.1 check's connection is made while the conversation is still on its way to the main
 * handshake ({@link ReadyConnections}), says nothing decisive until the check starts, and is never
 * made to a port whose main handshake shows no TLS. Pinned by what the server sees, in order.
 */
@Timeout(30)
class ProberReadyConnectionTest {
    private static final TestPki PKI = TestPki.create();
    /** How long the scripted server holds the main STARTTLS for the check's connection at most. */
    private static final long HOLD_MS = 5_000;

    private final Prober prober = new Prober(TestResolver.loopback("ready.test"), Clock.systemUTC());

    private static ProbeOptions options() {
        return ProbeOptions.defaults().withDeadline(Duration.ofSeconds(15));
    }

    private static boolean startTls(String line) {
        return line.toUpperCase(Locale.ROOT).endsWith("STARTTLS")
                || line.toUpperCase(Locale.ROOT).equals("STLS");
    }

    @Test
    void theChecksConnectionArrivesBeforeTheMainStartTlsIsAnsweredAndIsTheOnlyOne() {
        for (Protocol protocol : new Protocol[] {Protocol.IMAP, Protocol.POP3, Protocol.SMTP}) {
            AtomicReference<ScriptedMailServer> server = new AtomicReference<>();
            AtomicInteger connectionsAtMainStartTls = new AtomicInteger(-1);
            // The main STARTTLS is the first: the check says STARTTLS only after the main handshake.
            // The server holds its answer until a second connection is there (or HOLD_MS passed).
            try (ScriptedMailServer s = ScriptedMailServer.builder(protocol)
                    .sslContext(PKI.serverContext(PKI.leaf("ready.test")))
                    .onReceive(line -> {
                        if (startTls(line) && connectionsAtMainStartTls.get() < 0) {
                            long end = System.nanoTime() + HOLD_MS * 1_000_000;
                            while (server.get().connections() < 2 && System.nanoTime() < end) {
                                Thread.onSpinWait();
                                Thread.yield();
                            }
                            connectionsAtMainStartTls.set(server.get().connections());
                        }
                    })
                    .start()) {
                server.set(s);
                ProbeResult r = prober.probe(new ProbeRequest(
                        "ready.test",
                        s.port(),
                        protocol,
                        Transport.STARTTLS,
                        options().withLegacyTlsCheck(true)));
                assertThat(r.failure())
                        .as(() -> String.join("\n", r.transcript()))
                        .isNull();
                assertThat(connectionsAtMainStartTls.get())
                        .as(protocol + ": connections when the main STARTTLS arrived")
                        .isEqualTo(2);
                assertThat(r.tls().legacy()).isNotNull();
                assertThat(r.tls().legacy().outcome()).isEqualTo(LegacyTlsResult.Outcome.REFUSED);
                // Every STARTTLS but the first came after it: the check's, once the main handshake was done.
                assertThat(s.received().stream().filter(ProberReadyConnectionTest::startTls))
                        .as(protocol + ": STARTTLS commands")
                        .hasSize(protocol == Protocol.SMTP ? 3 : 2);
            }
        }
    }

    @Test
    void aRefusedStartTlsLeavesTheReadyConnectionAtItsCapabilities() {
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.IMAP)
                .sslContext(PKI.serverContext(PKI.leaf("ready.test")))
                .startTlsReply("BAD STARTTLS not permitted")
                .start()) {
            ProbeResult r = prober.probe(
                    new ProbeRequest("ready.test", s.port(), Protocol.IMAP, Transport.STARTTLS, options()));
            assertThat(r.failure()).isNotNull();
            assertThat(r.tls()).isNull();
            // The check's connection was made after the greeting, and closed without a STARTTLS.
            assertThat(s.connections()).isEqualTo(2);
            assertThat(s.received().stream().filter(ProberReadyConnectionTest::startTls))
                    .hasSize(1);
        }
    }

    @Test
    void aPortThatDoesNotSpeakTlsGetsNoFurtherConnection() {
        try (FaultServer plain = FaultServer.refusing("* OK IMAP4rev1 ready")) {
            ProbeResult off = prober.probe(new ProbeRequest(
                    "ready.test",
                    plain.port(),
                    Protocol.IMAP,
                    Transport.TLS,
                    options().withLegacyTlsCheck(false)));
            assertThat(off.failure()).isNotNull();
            int withoutCheck = plain.connections();
            ProbeResult on =
                    prober.probe(new ProbeRequest("ready.test", plain.port(), Protocol.IMAP, Transport.TLS, options()));
            assertThat(on.failure()).isNotNull();
            // No connection made ready: the main handshake never showed a certificate.
            assertThat(plain.connections() - withoutCheck).isEqualTo(withoutCheck);
        }
    }

    @Test
    void onImplicitTlsTheChecksConnectionIsTheOnlyFurtherOne() {
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.IMAP)
                .sslContext(PKI.serverContext(PKI.leaf("ready.test")))
                .implicitTls(true)
                .start()) {
            ProbeResult r =
                    prober.probe(new ProbeRequest("ready.test", s.port(), Protocol.IMAP, Transport.TLS, options()));
            assertThat(r.failure()).as(() -> String.join("\n", r.transcript())).isNull();
            assertThat(r.tls().legacy().outcome()).isEqualTo(LegacyTlsResult.Outcome.REFUSED);
            assertThat(s.connections()).isEqualTo(2);
        }
    }
}
