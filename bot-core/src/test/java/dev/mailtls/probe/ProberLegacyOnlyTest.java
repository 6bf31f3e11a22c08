package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.card.Card;
import dev.mailtls.card.Report;
import dev.mailtls.card.TextRenderer;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.DiagnosisThresholds;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.diagnosis.Severity;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.testing.FaultServer;
import dev.mailtls.testing.LegacyTlsServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import dev.mailtls.tls.HostnameVerdict;
import java.time.Clock;
import java.time.Duration;
import org.bouncycastle.tls.ProtocolVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server without TLS 1.2/1.3: the probe asks the old versions on further connections and shows
 * what the server really has, from its own handshake in the newest of them ({@code TLS_LEGACY_ONLY}).
 */
@Timeout(30)
class ProberLegacyOnlyTest {
    private static final TestPki PKI = TestPki.create();
    private final Prober prober = new Prober(TestResolver.loopback("legacy.test"), Clock.systemUTC());

    private static ProbeOptions options() {
        return ProbeOptions.defaults().withDeadline(Duration.ofSeconds(10));
    }

    private static Report report(ProbeResult r) {
        return Report.of(r, new Diagnoser(DiagnosisThresholds.defaults()));
    }

    @Test
    void tls11OnlyServerShowsWhatItHasNotAGuess() throws Exception {
        try (LegacyTlsServer server = LegacyTlsServer.upTo(PKI.leaf("legacy.test"), ProtocolVersion.TLSv11)) {
            ProbeResult r = prober.probe(
                    new ProbeRequest("legacy.test", server.port(), Protocol.SMTP, Transport.TLS, options()));
            String transcript = String.join("\n", r.transcript());
            assertThat(r.failure()).as(transcript).isNotNull();
            assertThat(r.failure().code()).as(transcript).isEqualTo(FailureCode.TLS_LEGACY_ONLY);
            assertThat(r.failure().message()).contains("TLSv1 and TLSv1.1");
            // What mailtls's own TLS 1.1 handshake found: version, suite, the certificate and its verdicts.
            assertThat(r.tls().version()).isEqualTo("TLSv1.1");
            assertThat(r.tls().cipherSuite()).startsWith("TLS_ECDHE_ECDSA_WITH_AES_");
            assertThat(r.tls().chain()).isNotEmpty();
            assertThat(r.tls().hostname()).extracting(HostnameVerdict::matches).isEqualTo(true);
            assertThat(r.tls().trust()).isNotNull();
            assertThat(r.tls().legacy().acceptedVersions()).containsExactly("TLSv1", "TLSv1.1");
            // Over that TLS: the greeting and the capabilities.
            assertThat(r.greeting()).isNotNull();
            assertThat(r.greeting().lines()).containsExactly("220 legacy.test ESMTP");
            assertThat(r.capabilitiesAfterTls()).contains("AUTH PLAIN LOGIN");
            assertThat(server.negotiated()).contains("TLS 1.1");
            assertThat(transcript).contains("S: 220 legacy.test ESMTP").contains("C: QUIT");

            Report report = report(r);
            Hint hint = report.hints().stream()
                    .filter(h -> h.code() == HintCode.TLS_LEGACY_ONLY)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(report.hints()));
            assertThat(hint.severity()).isEqualTo(Severity.ERROR);
            assertThat(hint.summary()).contains("speaks only TLSv1 and TLSv1.1");
            assertThat(hint.detail())
                    .contains("Outlook")
                    .contains("Thunderbird")
                    .contains("Gmail");
            assertThat(report.hints())
                    .extracting(Hint::code)
                    .doesNotContain(HintCode.HANDSHAKE_FAILED, HintCode.TLS_LEGACY_VERSION, HintCode.IMPLICIT_TLS_OK);
            String card = new TextRenderer().render(Card.of(report));
            assertThat(card)
                    .contains("TLS_LEGACY_ONLY")
                    .contains("TLSv1.1")
                    .contains("legacy.test")
                    .doesNotContain("probably");
        }
    }

    @Test
    void tls10OnlyServerNamesTheOneVersion() throws Exception {
        try (LegacyTlsServer server = LegacyTlsServer.upTo(PKI.leaf("legacy.test"), ProtocolVersion.TLSv10)) {
            ProbeResult r = prober.probe(
                    new ProbeRequest("legacy.test", server.port(), Protocol.SMTP, Transport.TLS, options()));
            assertThat(r.failure().code())
                    .as(() -> String.join("\n", r.transcript()))
                    .isEqualTo(FailureCode.TLS_LEGACY_ONLY);
            assertThat(r.failure().message()).contains("only TLSv1 (");
            assertThat(r.tls().version()).isEqualTo("TLSv1");
            assertThat(r.tls().legacy().acceptedVersions()).containsExactly("TLSv1");
            assertThat(r.capabilitiesAfterTls()).contains("AUTH PLAIN LOGIN");
        }
    }

    @Test
    void serverRefusingEveryVersionIsSaidDefinitely() {
        // A TLS alert protocol_version to every hello, whatever its version.
        byte[] alert = {0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46};
        try (FaultServer s = FaultServer.sends("protocol-version", alert)) {
            ProbeResult r =
                    prober.probe(new ProbeRequest("legacy.test", s.port(), Protocol.SMTP, Transport.TLS, options()));
            assertThat(r.failure().code())
                    .as(() -> String.join("\n", r.transcript()))
                    .isEqualTo(FailureCode.HANDSHAKE_FAILED);
            assertThat(r.failure().evidence()).isEqualTo(Failure.OLD_VERSIONS_REFUSED);
            Hint hint = report(r).hints().stream()
                    .filter(h -> h.code() == HintCode.HANDSHAKE_FAILED)
                    .findFirst()
                    .orElseThrow();
            assertThat(hint.detail()).contains("refused every version").doesNotContain("probably");
        }
    }

    @Test
    void aPinnedVersionAsksNothingMore() throws Exception {
        try (LegacyTlsServer server = LegacyTlsServer.upTo(PKI.leaf("legacy.test"), ProtocolVersion.TLSv11)) {
            ProbeResult r = prober.probe(new ProbeRequest(
                    "legacy.test",
                    server.port(),
                    Protocol.SMTP,
                    Transport.TLS,
                    options().withTlsVersion("TLSv1.2")));
            assertThat(r.failure().code()).isEqualTo(FailureCode.HANDSHAKE_FAILED);
            assertThat(server.connections()).isEqualTo(1);
        }
    }
}
