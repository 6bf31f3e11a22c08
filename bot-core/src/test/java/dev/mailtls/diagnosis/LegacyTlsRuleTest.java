package dev.mailtls.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.testing.ProbeResults;
import dev.mailtls.tls.LegacyTlsResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The second-connection TLS 1.0/1.1 check feeds TLS_LEGACY_VERSION as a warning. */
class LegacyTlsRuleTest {
    private final Diagnoser diagnoser = new Diagnoser(DiagnosisThresholds.defaults());

    private static ProbeResult withLegacy(LegacyTlsResult legacy) {
        return ProbeResults.withLegacy(
                ProbeResults.healthyImplicitTls(Protocol.IMAP).build(), legacy);
    }

    @Test
    void serverStillAcceptingTls11GetsAWarningWithTheFix() {
        List<Hint> hints = diagnoser.diagnose(
                withLegacy(LegacyTlsResult.accepted("TLSv1.1", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "accepted")));
        Hint h = hints.stream()
                .filter(x -> x.code() == HintCode.TLS_LEGACY_VERSION)
                .findFirst()
                .orElseThrow();
        assertThat(h.severity()).isEqualTo(Severity.WARNING);
        assertThat(h.summary()).contains("TLSv1.1");
        assertThat(h.fix()).contains("ssl_min_protocol");
        assertThat(Status.of(hints)).isEqualTo(Status.WARNING);
    }

    @Test
    void refusedLegacyOfferIsHealthy() {
        List<Hint> hints = diagnoser.diagnose(withLegacy(LegacyTlsResult.refused("refused")));
        assertThat(hints)
                .extracting(Hint::code)
                .doesNotContain(HintCode.TLS_LEGACY_VERSION, HintCode.TLS_LEGACY_UNKNOWN);
    }

    @Test
    void unansweredLegacyOfferIsUnknownNotRefused() {
        ProbeResult r = withLegacy(LegacyTlsResult.unknown("no TLS answer within 3000 ms"));
        List<Hint> hints = diagnoser.diagnose(r);
        Hint h = hints.stream()
                .filter(x -> x.code() == HintCode.TLS_LEGACY_UNKNOWN)
                .findFirst()
                .orElseThrow();
        assertThat(h.severity()).isEqualTo(Severity.INFO);
        assertThat(h.summary()).contains("unknown");
        assertThat(h.detail()).contains("no TLS answer within 3000 ms");
        assertThat(hints).extracting(Hint::code).doesNotContain(HintCode.TLS_LEGACY_VERSION);

        var report = dev.mailtls.card.Report.of(r, diagnoser);
        var card = dev.mailtls.card.Card.of(report);
        String text = new dev.mailtls.card.TextRenderer().render(card);
        String markdown = new dev.mailtls.card.MarkdownRenderer().render(card);
        for (String shown : List.of(text, markdown)) {
            assertThat(shown).contains("TLS 1.0/1.1").contains("unknown").doesNotContain("refused on a second");
        }
        var json = new dev.mailtls.card.JsonRenderer().tree(report);
        assertThat(json.at("/tls/legacy/outcome").asText()).isEqualTo("unknown");
        assertThat(json.at("/tls/legacy/acceptedVersion").isNull()).isTrue();
        assertThat(json.at("/tls/legacy/detail").asText()).contains("3000 ms");
    }

    @Test
    void refusedAndAcceptedOutcomesAreNamedInJson() {
        var refused = new dev.mailtls.card.JsonRenderer()
                .tree(dev.mailtls.card.Report.of(withLegacy(LegacyTlsResult.refused("alert")), diagnoser));
        assertThat(refused.at("/tls/legacy/outcome").asText()).isEqualTo("refused");
        var accepted = new dev.mailtls.card.JsonRenderer()
                .tree(dev.mailtls.card.Report.of(
                        withLegacy(LegacyTlsResult.accepted("TLSv1", null, "accepted")), diagnoser));
        assertThat(accepted.at("/tls/legacy/outcome").asText()).isEqualTo("accepted");
        assertThat(accepted.at("/tls/legacy/acceptedVersion").asText()).isEqualTo("TLSv1");
    }
}
