package dev.mailtls.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.auth.AuthOutcome;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.testing.Certificates;
import dev.mailtls.testing.ProbeResults;
import dev.mailtls.tls.HostnameVerdict;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DiagnoserTest {
    private final Diagnoser diagnoser = new Diagnoser();

    static List<HintCode> codes(List<Hint> hints) {
        return hints.stream().map(Hint::code).toList();
    }

    static Hint hint(List<Hint> hints, HintCode code) {
        return hints.stream()
                .filter(h -> h.code() == code)
                .findFirst()
                .orElseThrow(() -> new AssertionError(code + " not in " + codes(hints)));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void healthyStartTlsPortHasNoWarningsOrErrors(Protocol protocol) {
        List<Hint> hints =
                diagnoser.diagnose(ProbeResults.healthyStartTls(protocol).build());

        assertThat(hints).allSatisfy(h -> assertThat(h.severity()).isIn(Severity.OK, Severity.INFO));
        assertThat(codes(hints)).contains(HintCode.STARTTLS_OK, HintCode.CERT_OK, HintCode.IMPLICIT_TLS_AVAILABLE);
        assertThat(Status.of(hints)).isEqualTo(Status.OK);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void healthyImplicitTlsPortHasOnlyOkHints(Protocol protocol) {
        List<Hint> hints =
                diagnoser.diagnose(ProbeResults.healthyImplicitTls(protocol).build());

        assertThat(codes(hints)).containsExactlyInAnyOrder(HintCode.IMPLICIT_TLS_OK, HintCode.CERT_OK);
        assertThat(hints).allSatisfy(h -> assertThat(h.severity()).isEqualTo(Severity.OK));
    }

    @Test
    void healthySubmissionReadsLikeTheCard() {
        List<Hint> hints = diagnoser.diagnose(ProbeResults.healthySubmission().build());

        assertThat(hint(hints, HintCode.STARTTLS_OK).summary())
                .isEqualTo("STARTTLS is offered and works; login is not offered before TLS.");
        assertThat(hint(hints, HintCode.IMPLICIT_TLS_AVAILABLE).summary())
                .isEqualTo("RFC 8314 prefers implicit TLS: port 465 usually gives the same service.");
        assertThat(hint(hints, HintCode.CERT_OK).summary())
                .isEqualTo("The certificate is trusted, names smtp.gmail.com and is valid for 51 days.");
    }

    @Test
    void hintsComeMostSevereFirst() {
        ProbeResult r = ProbeResults.healthySubmission()
                .capsBefore("SIZE 1000", "STARTTLS", "AUTH PLAIN LOGIN") // warning
                .leaf(Certificates.leaf("smtp.gmail.com").daysLeft(3)) // error
                .hostname(new HostnameVerdict(false, false, "no SAN matches")) // error
                .build();

        List<Hint> hints = diagnoser.diagnose(r);

        assertThat(hints).extracting(Hint::severity).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(codes(hints))
                .startsWith(HintCode.CERT_EXPIRING_SOON, HintCode.CERT_HOSTNAME_MISMATCH, HintCode.AUTH_BEFORE_TLS);
        assertThat(codes(hints)).doesNotContain(HintCode.CERT_OK);
        assertThat(Status.of(hints)).isEqualTo(Status.FAILURE);
    }

    @Test
    void eachCodeAppearsOnce() {
        ProbeResult r = ProbeResults.healthySubmission()
                .leaf(Certificates.leaf("smtp.gmail.com").expiredDaysAgo(2))
                .chain(
                        Certificates.leaf("smtp.gmail.com").expiredDaysAgo(2).build(),
                        Certificates.intermediate().expiredDaysAgo(1).build())
                .build();

        List<HintCode> codes = codes(diagnoser.diagnose(r));

        assertThat(codes).doesNotHaveDuplicates();
    }

    @Test
    void diagnosisIsPureAndRepeatable() {
        ProbeResult r = ProbeResults.gmailAppPassword().build();

        assertThat(diagnoser.diagnose(r)).isEqualTo(diagnoser.diagnose(r));
    }

    @Test
    void gmailAppPasswordIsALoginPolicyWarning() {
        List<Hint> hints = diagnoser.diagnose(ProbeResults.gmailAppPassword().build());

        assertThat(hints.get(0).code()).isEqualTo(HintCode.APP_PASSWORD_REQUIRED);
        assertThat(hints.get(0).severity()).isEqualTo(Severity.WARNING);
        assertThat(codes(hints)).doesNotContain(HintCode.AUTH_INVALID_CREDENTIALS);
        assertThat(Status.of(hints)).isEqualTo(Status.WARNING);
    }

    @Test
    void invalidCredentialProbeRejectedIsHealthy() {
        ProbeResult r = ProbeResults.healthyImplicitTls(Protocol.SMTP)
                .auth(new AuthOutcome(
                        AuthOutcome.Verdict.REJECTED,
                        "PLAIN",
                        List.of("AUTH PLAIN <redacted>"),
                        "535 5.7.8 Error: authentication failed",
                        false))
                .build();

        List<Hint> hints = diagnoser.diagnose(r);

        assertThat(hint(hints, HintCode.AUTH_INVALID_CREDENTIALS).severity()).isEqualTo(Severity.OK);
        assertThat(Status.of(hints)).isEqualTo(Status.OK);
    }

    @Test
    void thresholdsAreValidated() {
        assertThat(DiagnosisThresholds.defaults()).isEqualTo(new DiagnosisThresholds(30, 7));
        assertThatThrownBy(() -> new DiagnosisThresholds(5, 7))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("certWarnDays (5)");
        assertThatThrownBy(() -> new DiagnosisThresholds(5, -1)).hasMessageContaining("certErrorDays");
    }

    @Test
    void everyHintHasTextAndEveryNonOkHintHasAFix() {
        List<ProbeResult> results = List.of(
                ProbeResults.yahooNoGreeting().build(),
                ProbeResults.gmailAppPassword().build(),
                ProbeResults.healthySubmission()
                        .leaf(Certificates.leaf("smtp.gmail.com").expiredDaysAgo(3))
                        .build());
        for (ProbeResult r : results) {
            assertThat(diagnoser.diagnose(r)).allSatisfy(h -> {
                assertThat(h.summary()).isNotBlank().endsWith(".");
                assertThat(h.detail()).isNotBlank();
                if (h.severity() != Severity.OK) {
                    assertThat(h.fix()).isNotBlank();
                }
            });
        }
    }
}
