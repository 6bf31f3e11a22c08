package dev.mailtls.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.probe.ProbeResult;
import dev.mailtls.target.Protocol;
import dev.mailtls.testing.ProbeResults;
import dev.mailtls.tls.LegacyTlsCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The second-connection TLS 1.0/1.1 check feeds TLS_LEGACY_VERSION as a warning. */
class LegacyTlsRuleTest {
    private final Diagnoser diagnoser = new Diagnoser(DiagnosisThresholds.defaults());

    private static ProbeResult withLegacy(LegacyTlsCheck.Result legacy) {
        ProbeResult r = ProbeResults.healthyImplicitTls(Protocol.IMAP).build();
        return new ProbeResult(
                r.request(),
                r.target(),
                r.startedAt(),
                r.addresses(),
                r.address(),
                r.greeting(),
                r.capabilitiesBeforeTls(),
                r.capabilitiesAfterTls(),
                r.starttls(),
                r.tls().withLegacy(legacy),
                r.auth(),
                r.failure(),
                r.timings(),
                r.totalMs(),
                r.transcript());
    }

    @Test
    void serverStillAcceptingTls11GetsAWarningWithTheFix() {
        List<Hint> hints = diagnoser.diagnose(
                withLegacy(new LegacyTlsCheck.Result("TLSv1.1", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "accepted")));
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
        List<Hint> hints = diagnoser.diagnose(withLegacy(new LegacyTlsCheck.Result(null, null, "refused")));
        assertThat(hints).extracting(Hint::code).doesNotContain(HintCode.TLS_LEGACY_VERSION);
    }
}
