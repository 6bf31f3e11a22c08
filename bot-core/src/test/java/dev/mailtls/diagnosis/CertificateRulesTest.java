package dev.mailtls.diagnosis;

import static dev.mailtls.diagnosis.DiagnoserTest.codes;
import static dev.mailtls.diagnosis.DiagnoserTest.hint;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.testing.Certificates;
import dev.mailtls.testing.ProbeResultBuilder;
import dev.mailtls.testing.ProbeResults;
import dev.mailtls.tls.HostnameVerdict;
import dev.mailtls.tls.TrustVerdict;
import dev.mailtls.tls.TrustVerdict.Problem;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class CertificateRulesTest {
    private static final String HOST = "smtp.gmail.com";
    private final Diagnoser diagnoser = new Diagnoser();

    private static ProbeResultBuilder healthy() {
        return ProbeResults.healthyImplicitTls(Protocol.SMTP);
    }

    @Test
    void expiredCertificateIsOneHintNotAlsoUntrusted() {
        ProbeResult r = healthy()
                .leaf(Certificates.leaf(HOST).expiredDaysAgo(3))
                .trust(TrustVerdict.untrusted(Problem.EXPIRED, "validity check failed"))
                .build();

        List<Hint> hints = diagnoser.diagnose(r);

        Hint h = hint(hints, HintCode.CERT_EXPIRED);
        assertThat(h.severity()).isEqualTo(Severity.ERROR);
        assertThat(h.summary()).isEqualTo("The certificate for smtp.gmail.com expired on 2026-11-26 (3 days ago).");
        assertThat(codes(hints)).doesNotContain(HintCode.CERT_UNTRUSTED, HintCode.CERT_OK, HintCode.CERT_EXPIRING_SOON);
    }

    @Test
    void expiredIntermediateIsReportedAsExpired() {
        ProbeResult r = healthy()
                .chain(
                        Certificates.leaf(HOST).build(),
                        Certificates.intermediate().expiredDaysAgo(10).build())
                .trust(TrustVerdict.untrusted(Problem.EXPIRED, "an intermediate expired"))
                .build();

        List<Hint> hints = diagnoser.diagnose(r);

        assertThat(hint(hints, HintCode.CERT_EXPIRED).summary()).startsWith("A certificate in the chain");
        assertThat(codes(hints)).doesNotContain(HintCode.CERT_UNTRUSTED);
    }

    @Test
    void futureCertificateIsNotYetValid() {
        ProbeResult r = healthy()
                .leaf(Certificates.leaf(HOST).notBefore(ProbeResults.NOW.plus(Duration.ofDays(2))))
                .trust(TrustVerdict.untrusted(Problem.NOT_YET_VALID, "not yet valid"))
                .build();

        List<Hint> hints = diagnoser.diagnose(r);

        assertThat(hint(hints, HintCode.CERT_NOT_YET_VALID).summary()).contains("not valid until 2026-12-01");
        assertThat(codes(hints)).doesNotContain(HintCode.CERT_UNTRUSTED);
    }

    @ParameterizedTest
    @CsvSource({
        "0, CERT_EXPIRING_SOON, ERROR",
        "3, CERT_EXPIRING_SOON, ERROR",
        "7, CERT_EXPIRING_SOON, ERROR",
        "8, CERT_EXPIRING, WARNING",
        "30, CERT_EXPIRING, WARNING",
        "31, CERT_OK, OK",
    })
    void expiryThresholdsDecideTheSeverity(long daysLeft, HintCode code, Severity severity) {
        ProbeResult r =
                healthy().leaf(Certificates.leaf(HOST).daysLeft(daysLeft)).build();

        assertThat(hint(diagnoser.diagnose(r), code).severity()).isEqualTo(severity);
    }

    @Test
    void expiringSummarySaysWhen() {
        ProbeResult r = healthy().leaf(Certificates.leaf(HOST).daysLeft(0)).build();

        assertThat(hint(diagnoser.diagnose(r), HintCode.CERT_EXPIRING_SOON).summary())
                .isEqualTo("The certificate for smtp.gmail.com expires today (2026-11-29).");
    }

    @Test
    void thresholdsAreConfigurable() {
        Diagnoser strict = new Diagnoser(new DiagnosisThresholds(60, 14));
        ProbeResult r = healthy().leaf(Certificates.leaf(HOST).daysLeft(45)).build();

        assertThat(codes(strict.diagnose(r))).contains(HintCode.CERT_EXPIRING);
        assertThat(codes(diagnoser.diagnose(r))).contains(HintCode.CERT_OK);
    }

    @Test
    void selfSignedIsReportedAsSuch() {
        ProbeResult r = healthy()
                .chain(Certificates.leaf(HOST).selfSigned().build())
                .trust(TrustVerdict.untrusted(Problem.SELF_SIGNED, "self-signed"))
                .build();

        List<Hint> hints = diagnoser.diagnose(r);

        assertThat(hint(hints, HintCode.CERT_SELF_SIGNED).fix()).contains("--ca-file");
        assertThat(codes(hints)).doesNotContain(HintCode.CERT_UNTRUSTED);
    }

    @Test
    void selfSignedDoesNotClaimDaneRefusesItBecauseDaneEeAcceptsIt() {
        ProbeResult r = healthy()
                .chain(Certificates.leaf(HOST).selfSigned().build())
                .trust(TrustVerdict.untrusted(Problem.SELF_SIGNED, "self-signed"))
                .build();

        String detail = hint(diagnoser.diagnose(r), HintCode.CERT_SELF_SIGNED).detail();

        // RFC 7672 §3.1.1: DANE-EE(3) authenticates the server's own key, whoever signed it.
        assertThat(detail).doesNotContain("DANE) refuse").contains("DANE-EE", "usage 3");
    }

    @Test
    void selfSignedButTrustedThroughCaFileIsFine() {
        ProbeResult r =
                healthy().chain(Certificates.leaf(HOST).selfSigned().build()).build();

        assertThat(codes(diagnoser.diagnose(r))).contains(HintCode.CERT_OK).doesNotContain(HintCode.CERT_SELF_SIGNED);
    }

    @Test
    void missingIntermediateIsAnIncompleteChain() {
        ProbeResult r = healthy()
                .chain(Certificates.leaf(HOST).build())
                .trust(TrustVerdict.untrusted(Problem.INCOMPLETE_CHAIN, "unable to find valid certification path"))
                .build();

        List<Hint> hints = diagnoser.diagnose(r);

        assertThat(hint(hints, HintCode.CERT_CHAIN_INCOMPLETE).fix()).contains("fullchain.pem");
        assertThat(codes(hints)).doesNotContain(HintCode.CERT_UNTRUSTED);
    }

    @ParameterizedTest
    @EnumSource(
            value = Problem.class,
            names = {"UNTRUSTED_ROOT", "OTHER"})
    void unknownRootIsUntrusted(Problem problem) {
        ProbeResult r = healthy()
                .trust(TrustVerdict.untrusted(problem, "no trusted root"))
                .build();

        assertThat(hint(diagnoser.diagnose(r), HintCode.CERT_UNTRUSTED).severity())
                .isEqualTo(Severity.ERROR);
    }

    @Test
    void hostnameMismatchIsIndependentOfExpiry() {
        ProbeResult r = healthy()
                .leaf(Certificates.leaf("other.example.net").expiredDaysAgo(1))
                .hostname(new HostnameVerdict(false, false, "no SAN matches smtp.gmail.com"))
                .build();

        assertThat(codes(diagnoser.diagnose(r)))
                .containsSubsequence(HintCode.CERT_EXPIRED, HintCode.CERT_HOSTNAME_MISMATCH);
    }

    @Test
    void ipLiteralMismatchSuggestsTheHostName() {
        ProbeResult r = ProbeResults.builder("192.0.2.25", 465, Protocol.SMTP, Transport.TLS)
                .greeting("220 mx ESMTP")
                .hostname(new HostnameVerdict(false, false, "no IP SAN"))
                .build();

        assertThat(hint(diagnoser.diagnose(r), HintCode.CERT_HOSTNAME_MISMATCH).detail())
                .contains("You probed an IP address");
    }

    @Test
    void commonNameOnlyMatchIsAWarning() {
        ProbeResult r = healthy()
                .hostname(new HostnameVerdict(true, true, "matched the CN"))
                .build();

        List<Hint> hints = diagnoser.diagnose(r);

        assertThat(hint(hints, HintCode.CERT_HOSTNAME_CN_ONLY).severity()).isEqualTo(Severity.WARNING);
        assertThat(codes(hints)).doesNotContain(HintCode.CERT_OK);
    }

    @ParameterizedTest
    @CsvSource({"SHA1withRSA, true", "SHA1withECDSA, true", "SHA256withRSA, false", "SHA384withECDSA, false"})
    void sha1SignatureOnTheLeafIsAnError(String algorithm, boolean flagged) {
        ProbeResult r =
                healthy().leaf(Certificates.leaf(HOST).signature(algorithm)).build();

        assertThat(codes(diagnoser.diagnose(r)).contains(HintCode.CERT_SHA1_SIGNATURE))
                .isEqualTo(flagged);
    }

    @Test
    void sha1SelfSignatureOfARootDoesNotCount() {
        ProbeResult r = healthy()
                .chain(
                        Certificates.leaf(HOST).build(),
                        Certificates.intermediate().build(),
                        Certificates.root().signature("SHA1withRSA").build())
                .build();

        assertThat(codes(diagnoser.diagnose(r))).doesNotContain(HintCode.CERT_SHA1_SIGNATURE);
    }

    @ParameterizedTest
    @CsvSource({"1024, true", "2047, true", "2048, false", "4096, false"})
    void rsaKeysUnder2048BitsAreWeak(int bits, boolean weak) {
        ProbeResult r = healthy().leaf(Certificates.leaf(HOST).rsa(bits)).build();

        List<Hint> hints = diagnoser.diagnose(r);

        assertThat(codes(hints).contains(HintCode.CERT_WEAK_KEY)).isEqualTo(weak);
        if (weak) {
            assertThat(hint(hints, HintCode.CERT_WEAK_KEY).summary()).contains(bits + "-bit RSA key");
        }
    }

    @Test
    void smallEcKeysAreNotRsaWeakKeys() {
        ProbeResult r = healthy().leaf(Certificates.leaf(HOST).ec(256, "P-256")).build();

        assertThat(codes(diagnoser.diagnose(r))).doesNotContain(HintCode.CERT_WEAK_KEY);
    }

    @Test
    void noCertificateHintsWithoutTls() {
        ProbeResult r = ProbeResults.yahooNoGreeting().build();

        assertThat(codes(diagnoser.diagnose(r))).noneMatch(c -> c.name().startsWith("CERT_"));
    }

    @Test
    void emptyChainIsUntrusted() {
        ProbeResult r = healthy()
                .chain()
                .trust(TrustVerdict.untrusted(Problem.NO_CERTIFICATE, "none"))
                .build();

        assertThat(hint(diagnoser.diagnose(r), HintCode.CERT_UNTRUSTED).summary())
                .contains("presented no certificate");
    }
}
