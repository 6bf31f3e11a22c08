package dev.mailtls.diagnosis;

import static dev.mailtls.diagnosis.DiagnoserTest.codes;
import static dev.mailtls.diagnosis.DiagnoserTest.hint;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.probe.FailureCode;
import dev.mailtls.probe.Phase;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.testing.ProbeResults;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TlsRulesTest {
    private final Diagnoser diagnoser = new Diagnoser();

    private List<Hint> negotiated(String version, String suite) {
        return diagnoser.diagnose(ProbeResults.healthyImplicitTls(Protocol.SMTP)
                .tls(version, suite)
                .build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1", "TLSv1.1", "SSLv3"})
    void legacyVersionsAreErrors(String version) {
        Hint h = hint(negotiated(version, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"), HintCode.TLS_LEGACY_VERSION);

        assertThat(h.severity()).isEqualTo(Severity.ERROR);
        assertThat(h.summary()).contains(version).contains("RFC 8996");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void currentVersionsAreFine(String version) {
        assertThat(codes(negotiated(version, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384")))
                .doesNotContain(HintCode.TLS_LEGACY_VERSION, HintCode.TLS_WEAK_CIPHER, HintCode.TLS_NO_FORWARD_SECRECY);
    }

    @ParameterizedTest
    @CsvSource({
        "TLS_ECDHE_RSA_WITH_RC4_128_SHA, RC4, ERROR",
        "SSL_RSA_WITH_RC4_128_MD5, RC4, ERROR",
        "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA, 3DES, WARNING",
        "SSL_RSA_WITH_3DES_EDE_CBC_SHA, 3DES, WARNING",
        "SSL_RSA_WITH_DES_CBC_SHA, DES, ERROR",
        "TLS_RSA_WITH_NULL_SHA256, NULL, ERROR",
        "TLS_ECDHE_ECDSA_WITH_NULL_SHA, NULL, ERROR",
        "SSL_RSA_EXPORT_WITH_RC4_40_MD5, EXPORT, ERROR",
        "TLS_DH_anon_WITH_AES_128_GCM_SHA256, anonymous, ERROR",
        "TLS_ECDH_anon_WITH_AES_256_CBC_SHA, anonymous, ERROR",
    })
    void weakCiphersAreFoundByName(String suite, String weakness, Severity severity) {
        Hint h = hint(negotiated("TLSv1.2", suite), HintCode.TLS_WEAK_CIPHER);

        assertThat(h.severity()).isEqualTo(severity);
        assertThat(h.summary()).contains(suite).contains("(" + weakness + ")");
    }

    @ParameterizedTest
    @CsvSource({
        "TLS_RSA_WITH_AES_128_GCM_SHA256, true",
        "TLS_RSA_WITH_AES_256_CBC_SHA, true",
        "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA, true",
        "TLS_DH_RSA_WITH_AES_128_CBC_SHA, true",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, false",
        "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384, false",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, false",
    })
    void staticKeyExchangeHasNoForwardSecrecy(String suite, boolean missing) {
        List<Hint> hints = negotiated("TLSv1.2", suite);

        assertThat(codes(hints).contains(HintCode.TLS_NO_FORWARD_SECRECY)).isEqualTo(missing);
        if (missing) {
            assertThat(hint(hints, HintCode.TLS_NO_FORWARD_SECRECY).severity()).isEqualTo(Severity.WARNING);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"})
    void tls13SuitesAreNeverFlagged(String suite) {
        assertThat(negotiated("TLSv1.3", suite))
                .allSatisfy(h -> assertThat(h.severity()).isEqualTo(Severity.OK));
    }

    @Test
    void aVersionMismatchUnderAPinnedVersionBlamesOnlyThatVersion() {
        ProbeResult r = ProbeResults.healthyImplicitTls(Protocol.SMTP)
                .options(ProbeOptions.defaults().withTlsVersion("TLSv1.3"))
                .noTls()
                .noGreeting()
                .failure(
                        Phase.HANDSHAKE,
                        FailureCode.HANDSHAKE_FAILED,
                        "TLS handshake failed: Received fatal alert: protocol_version",
                        null)
                .build();

        Hint h = hint(diagnoser.diagnose(r), HintCode.HANDSHAKE_FAILED);

        assertThat(h.detail()).contains("offered only TLSv1.3").doesNotContain("TLS 1.0/1.1");
        assertThat(h.fix()).contains("without --tls-version");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Received fatal alert: protocol_version | protocol_version | TLS 1.2 and TLS 1.3",
                "Received fatal alert: handshake_failure | handshake_failure | cipher",
                "Received fatal alert: unrecognized_name | unrecognized_name | --sni",
                "Remote host terminated the handshake | | openssl command",
            })
    void handshakeFailureNamesTheAlert(String message, String alert, String fixWords) {
        ProbeResult r = ProbeResults.healthyImplicitTls(Protocol.SMTP)
                .noTls()
                .noGreeting()
                .failure(Phase.HANDSHAKE, FailureCode.HANDSHAKE_FAILED, "TLS handshake failed: " + message, null)
                .build();

        List<Hint> hints = diagnoser.diagnose(r);

        Hint h = hint(hints, HintCode.HANDSHAKE_FAILED);
        assertThat(h.severity()).isEqualTo(Severity.ERROR);
        assertThat(h.summary())
                .isEqualTo("The TLS handshake with smtp.gmail.com:465 failed"
                        + (alert == null ? "." : " with the alert " + alert + "."));
        assertThat(h.fix()).contains(fixWords);
        assertThat(codes(hints)).doesNotContain(HintCode.CERT_OK, HintCode.IMPLICIT_TLS_OK);
    }

    @Test
    void connectionDroppedDuringTheHandshakeIsAHandshakeFailure() {
        ProbeResult r = ProbeResults.healthyImplicitTls(Protocol.SMTP)
                .noTls()
                .noGreeting()
                .failure(Phase.HANDSHAKE, FailureCode.CONNECTION_CLOSED, "closed during the handshake", null)
                .build();

        assertThat(codes(diagnoser.diagnose(r))).containsExactly(HintCode.HANDSHAKE_FAILED);
    }
}
