package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.card.Card;
import dev.mailtls.card.Report;
import dev.mailtls.card.TextRenderer;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.DiagnosisThresholds;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.testing.LegacyTlsServer;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import dev.mailtls.tls.LegacyTlsResult;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
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
            assertThat(r.tls().legacy().outcome()).isEqualTo(LegacyTlsResult.Outcome.ACCEPTED);
            assertThat(r.tls().legacy().acceptedVersion()).isEqualTo("TLSv1.1");
            assertThat(r.timings()).containsKey(Phase.LEGACY_TLS);
            assertThat(r.tls().legacy().detail()).contains("TLSv1.1");
            // The probe's own handshake completed; the legacy offers end at the server's ServerHello.
            assertThat(server.negotiated()).contains("TLS 1.2");
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
            // Refused by a TLS alert from the JDK server, not merely "not accepted" (a timeout is that too).
            assertThat(r.tls().legacy().outcome())
                    .as(r.tls().legacy().detail())
                    .isEqualTo(LegacyTlsResult.Outcome.REFUSED);
            assertThat(r.tls().legacy().detail()).contains("alert");
            // The probe, the legacy check (one offer of TLS 1.1 that TLS 1.0 servers answer too: the
            // protocol_version alert is a no to both), and (SMTP over STARTTLS) the CVE-2011-0411 check.
            assertThat(s.connections()).isEqualTo(3);
        }
    }

    @Test
    void serverThatNeverAnswersTheLegacyOfferIsUnknownNotRefused() throws Exception {
        // The server accepts TLS 1.0/1.1, but is too slow on the second connection: that proves nothing.
        try (LegacyTlsServer server = LegacyTlsServer.answeringFirst(PKI.leaf("legacy.test"), 1)) {
            ProbeResult r = prober.probe(
                    new ProbeRequest("legacy.test", server.port(), Protocol.SMTP, Transport.TLS, options()));
            assertThat(r.failure()).as(() -> String.join("\n", r.transcript())).isNull();
            assertThat(r.tls().legacy().outcome())
                    .as(r.tls().legacy().detail())
                    .isEqualTo(LegacyTlsResult.Outcome.UNKNOWN);
            assertThat(r.tls().legacy().acceptedVersion()).isNull();
            // The probe, then one offer of TLS 1.1 (with suites TLS 1.0 has), not made again: no answer
            // leaves both versions unknown alike.
            assertThat(server.connections()).isEqualTo(2);
            Report report = Report.of(r, new Diagnoser(DiagnosisThresholds.defaults()));
            assertThat(report.hints()).extracting(Hint::code).contains(HintCode.TLS_LEGACY_UNKNOWN);
            String text = new TextRenderer().render(Card.of(report));
            assertThat(text).contains("unknown").doesNotContain("refused on a second connection");
        }
    }

    @Test
    void theSecondConnectionGoesThroughTheAddressPolicy() {
        try (ScriptedMailServer s = ScriptedMailServer.builder(Protocol.SMTP)
                .sslContext(PKI.serverContext(PKI.leaf("legacy.test")))
                .start()) {
            // Allows the first connection, refuses any after it: the legacy check must not connect.
            AddressPolicy secondRefused = (address, port) ->
                    s.connections() >= 1 ? Optional.of("refused by the test policy") : Optional.empty();
            Prober guarded = new Prober(TestResolver.loopback("legacy.test"), Clock.systemUTC(), secondRefused);
            ProbeResult r = guarded.probe(
                    new ProbeRequest("legacy.test", s.port(), Protocol.SMTP, Transport.STARTTLS, options()));
            assertThat(r.failure()).isNull();
            assertThat(s.connections()).isEqualTo(1);
            assertThat(r.tls().legacy().outcome()).isEqualTo(LegacyTlsResult.Outcome.UNKNOWN);
            assertThat(r.tls().legacy().detail()).contains("refused by the test policy");
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
