package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.target.Protocol;
import dev.mailtls.target.Transport;
import dev.mailtls.testing.LegacyTlsServer;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The second connection that offers only TLS 1.0/1.1. */
@Timeout(30)
class ProberLegacyTlsTest {
    private static final TestPki PKI = TestPki.create();
    private final Prober prober = new Prober(TestResolver.loopback("legacy.test"), Clock.systemUTC());

    private static ProbeOptions options() {
        return ProbeOptions.defaults().withDeadline(Duration.ofSeconds(8));
    }

    @Test
    void serverStillAcceptingTls11IsCaught() throws Exception {
        try (LegacyTlsServer server = new LegacyTlsServer(PKI.leaf("legacy.test"))) {
            ProbeResult r = prober.probe(
                    new ProbeRequest("legacy.test", server.port(), Protocol.SMTP, Transport.TLS, options()));
            assertThat(r.failure())
                    .as(() -> String.join("\n", r.transcript()) + "\nserver: " + stack(server.lastError()))
                    .isNull();
            assertThat(r.tls().version()).isEqualTo("TLSv1.2");
            assertThat(r.tls().legacy()).isNotNull();
            assertThat(r.tls().legacy().acceptedVersion()).isEqualTo("TLSv1.1");
            assertThat(r.timings()).containsKey(Phase.LEGACY_TLS);
            assertThat(server.negotiated()).contains("TLS 1.2", "TLS 1.1");
        }
    }

    private static String stack(Exception e) {
        if (e == null) {
            return "no error";
        }
        var w = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }

    @Test
    void modernStarttlsServerRefusesTheLegacyOffer() {
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.SMTP)
                .sslContext(PKI.serverContext(PKI.leaf("legacy.test")))
                .start()) {
            ProbeResult r = prober.probe(
                    new ProbeRequest("legacy.test", s.port(), Protocol.SMTP, Transport.STARTTLS, options()));
            assertThat(r.failure()).isNull();
            assertThat(r.tls().legacy()).isNotNull();
            assertThat(r.tls().legacy().accepted())
                    .as(r.tls().legacy().detail())
                    .isFalse();
            assertThat(s.connections()).isEqualTo(2);
        }
    }

    @Test
    void checkCanBeTurnedOff() {
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.IMAP)
                .sslContext(PKI.serverContext(PKI.leaf("legacy.test")))
                .start()) {
            ProbeResult r = prober.probe(new ProbeRequest(
                    "legacy.test",
                    s.port(),
                    Protocol.IMAP,
                    Transport.STARTTLS,
                    options().withLegacyTlsCheck(false)));
            assertThat(r.tls().legacy()).isNull();
            assertThat(s.connections()).isEqualTo(1);
        }
    }
}
