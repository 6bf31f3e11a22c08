package dev.mailtls.diagnosis;

import static dev.mailtls.diagnosis.DiagnoserTest.codes;
import static dev.mailtls.diagnosis.DiagnoserTest.hint;
import static dev.mailtls.testing.Enumerations.no;
import static dev.mailtls.testing.Enumerations.yes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.internal.tls.SuiteCatalog;
import dev.mailtls.testing.Enumerations;
import dev.mailtls.testing.ProbeResults;
import dev.mailtls.tls.TlsEnumeration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The deep grade, per port class: port 25 (opportunistic, RFC 7435) and the ports where clients log in. */
class DeepTlsRulesTest {
    private final Diagnoser diagnoser = new Diagnoser();

    private static final String ECDHE = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";

    private List<Hint> at(int port, Protocol protocol, TlsEnumeration found) {
        return at(port, protocol, ECDHE, found);
    }

    private List<Hint> at(int port, Protocol protocol, String negotiated, TlsEnumeration found) {
        Transport transport = port == 465 || port == 993 || port == 995 ? Transport.TLS : Transport.STARTTLS;
        var r = ProbeResults.builder("mail.example.com", port, protocol, transport)
                .greeting(
                        switch (protocol) {
                            case SMTP -> "220 mail.example.com ESMTP Postfix";
                            case IMAP -> "* OK Dovecot ready.";
                            case POP3 -> "+OK Dovecot ready.";
                        })
                .tls("TLSv1.2", negotiated)
                .build();
        return diagnoser.diagnose(ProbeResults.withEnumeration(r, found));
    }

    private List<Hint> relay(TlsEnumeration found) {
        return at(25, Protocol.SMTP, found);
    }

    @Test
    void fixtureNamesAreAllInTheCatalog() {
        Enumerations.POSTFIX_TLS12.forEach(
                n -> assertThat(SuiteCatalog.byName(n)).as(n).isNotNull());
    }

    @Test
    void withoutDeepProbeNoDeepHints() {
        List<Hint> hints = diagnoser.diagnose(ProbeResults.healthySubmission().build());
        assertThat(codes(hints))
                .doesNotContain(HintCode.TLS_SUITES_OK, HintCode.TLS_ANON_CIPHERS, HintCode.TLS_WEAK_DH);
    }

    @ParameterizedTest
    @CsvSource({"25, SMTP", "587, SMTP", "465, SMTP", "2525, SMTP", "143, IMAP", "993, IMAP", "110, POP3", "995, POP3"})
    void modernSuitesAreOkOnEveryPort(int port, Protocol protocol) {
        List<Hint> hints = at(port, protocol, Enumerations.modern());
        Hint ok = hint(hints, HintCode.TLS_SUITES_OK);
        assertThat(ok.severity()).isEqualTo(Severity.OK);
        assertThat(ok.detail()).contains("TLSv1.2 3").contains("TLSv1.3 3");
        assertThat(codes(hints))
                .doesNotContain(
                        HintCode.TLS_ANON_CIPHERS,
                        HintCode.TLS_WEAK_CIPHER,
                        HintCode.TLS_NO_FORWARD_SECRECY,
                        HintCode.TLS_WEAK_DH);
    }

    @Test
    void okSaysWhatWasNotDecided() {
        TlsEnumeration e = Enumerations.withUnknown(
                Enumerations.modern(),
                "TLSv1.2 DHE suites: the server closed the connection without an alert, 3 tries");
        assertThat(hint(relay(e), HintCode.TLS_SUITES_OK).detail()).contains("Not decided: TLSv1.2 DHE suites");
    }

    @Test
    void nothingAcceptedIsNotOk() {
        TlsEnumeration e = Enumerations.of(no("TLSv1.2"), Enumerations.unknown("TLSv1.3"));
        assertThat(codes(relay(e))).doesNotContain(HintCode.TLS_SUITES_OK);
    }

    @Test
    void postfixDefaultOnPort25IsOnlyInformation() {
        List<Hint> hints = relay(Enumerations.postfixPort25());
        Hint anon = hint(hints, HintCode.TLS_ANON_CIPHERS);
        assertThat(anon.severity()).isEqualTo(Severity.INFO);
        assertThat(anon.summary()).contains("TLSv1.2").doesNotContain("TLSv1.3");
        assertThat(anon.detail())
                .contains("RFC 7435")
                .contains("Postfix")
                .contains("TLS_ECDH_anon_WITH_AES_256_CBC_SHA");
        Hint fs = hint(hints, HintCode.TLS_NO_FORWARD_SECRECY);
        assertThat(fs.severity()).isEqualTo(Severity.INFO);
        assertThat(fs.summary()).contains("16 suites");
        assertThat(fs.detail()).contains("follows the client's order");
        assertThat(codes(hints)).doesNotContain(HintCode.TLS_SUITES_OK, HintCode.TLS_WEAK_CIPHER, HintCode.TLS_WEAK_DH);
        assertThat(Status.of(hints)).isEqualTo(Status.OK);
    }

    @ParameterizedTest
    @CsvSource({"587, SMTP", "465, SMTP", "143, IMAP", "993, IMAP", "110, POP3", "995, POP3"})
    void anonymousSuitesAreErrorsWhereClientsLogIn(int port, Protocol protocol) {
        List<Hint> hints = at(port, protocol, Enumerations.postfixPort25());
        Hint anon = hint(hints, HintCode.TLS_ANON_CIPHERS);
        assertThat(anon.severity()).isEqualTo(Severity.ERROR);
        assertThat(anon.detail()).contains("passwords").contains("and 6 more");
        assertThat(anon.fix())
                .contains("smtpd_tls_exclude_ciphers = aNULL, eNULL, EXPORT, DES, 3DES, RC4, MD5")
                .contains("smtpd_tls_mandatory_ciphers = high")
                .contains("ssl_cipher_list")
                .contains("tls_require_ciphers");
        assertThat(hint(hints, HintCode.TLS_NO_FORWARD_SECRECY).severity()).isEqualTo(Severity.WARNING);
        assertThat(Status.of(hints)).isEqualTo(Status.FAILURE);
    }

    @ParameterizedTest
    @CsvSource({
        "25, TLS_RSA_WITH_3DES_EDE_CBC_SHA, INFO, 3DES",
        "25, TLS_RSA_WITH_RC4_128_SHA, INFO, RC4",
        "25, TLS_RSA_WITH_DES_CBC_SHA, INFO, DES",
        "25, TLS_RSA_WITH_NULL_SHA, WARNING, NULL",
        "25, TLS_RSA_EXPORT_WITH_RC4_40_MD5, WARNING, EXPORT",
        "587, TLS_RSA_WITH_3DES_EDE_CBC_SHA, WARNING, 3DES",
        "993, TLS_RSA_WITH_RC4_128_SHA, WARNING, RC4",
        "995, TLS_RSA_WITH_NULL_SHA256, ERROR, NULL",
        "465, TLS_RSA_EXPORT_WITH_DES40_CBC_SHA, ERROR, EXPORT",
    })
    void weakCiphersAreGradedForThePort(int port, String weak, Severity severity, String label) {
        Protocol protocol = port == 993 ? Protocol.IMAP : port == 995 ? Protocol.POP3 : Protocol.SMTP;
        TlsEnumeration e = Enumerations.of(yes("TLSv1.2", true, ECDHE, weak));
        Hint h = hint(at(port, protocol, e), HintCode.TLS_WEAK_CIPHER);
        assertThat(h.severity()).isEqualTo(severity);
        assertThat(h.summary()).contains(label + " (TLSv1.2)");
        assertThat(h.detail()).contains("TLSv1.2: " + weak);
    }

    @Test
    void weakCiphersNameEveryKindAndVersion() {
        TlsEnumeration e = Enumerations.of(
                yes("TLSv1", true, "TLS_RSA_WITH_RC4_128_SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA"),
                yes("TLSv1.2", true, ECDHE, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"));
        Hint h = hint(at(993, Protocol.IMAP, e), HintCode.TLS_WEAK_CIPHER);
        assertThat(h.summary()).contains("RC4 (TLSv1)").contains("3DES (TLSv1, TLSv1.2)");
        assertThat(h.fix()).contains("smtpd_tls_exclude_ciphers");
    }

    @Test
    void weakCiphersOnlyInOldVersionsAreFixedByTurningThemOff() {
        TlsEnumeration e =
                Enumerations.of(yes("TLSv1", true, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"), yes("TLSv1.2", true, ECDHE));
        Hint h = hint(at(587, Protocol.SMTP, e), HintCode.TLS_WEAK_CIPHER);
        assertThat(h.fix())
                .startsWith("They are only in TLSv1")
                .contains("smtpd_tls_mandatory_protocols = >=TLSv1.2")
                .contains("ssl_min_protocol = TLSv1.2");
    }

    @Test
    void aWeakSuiteTheServerNegotiatesIsGradedAsTheNormalProbeDoes() {
        TlsEnumeration e = Enumerations.of(yes("TLSv1.2", true, "TLS_RSA_WITH_3DES_EDE_CBC_SHA", ECDHE));
        List<Hint> hints = at(25, Protocol.SMTP, "TLS_RSA_WITH_3DES_EDE_CBC_SHA", e);
        Hint h = hint(hints, HintCode.TLS_WEAK_CIPHER);
        assertThat(h.severity()).isEqualTo(Severity.WARNING);
        assertThat(h.detail()).contains("got TLS_RSA_WITH_3DES_EDE_CBC_SHA");
        // One hint per code: the deep grade, not the negotiated suite's.
        assertThat(codes(hints).stream().filter(c -> c == HintCode.TLS_WEAK_CIPHER))
                .hasSize(1);
        assertThat(h.summary()).contains("accepts weak ciphers");
    }

    @Test
    void noForwardSecrecyOnPort25IsAWarningWhenTheServerPicksItFirst() {
        TlsEnumeration e = Enumerations.of(yes("TLSv1.2", true, "TLS_RSA_WITH_AES_128_GCM_SHA256", ECDHE));
        Hint h = hint(relay(e), HintCode.TLS_NO_FORWARD_SECRECY);
        assertThat(h.severity()).isEqualTo(Severity.WARNING);
        assertThat(h.detail())
                .contains("picks one of them first")
                .contains("TLSv1.2 (TLS_RSA_WITH_AES_128_GCM_SHA256)");
        assertThat(h.fix()).contains("kRSA");
    }

    @Test
    void noForwardSecrecyAfterForwardSecretSuitesIsPickedOnlyForOldClients() {
        TlsEnumeration e = Enumerations.of(yes("TLSv1.2", true, ECDHE, "TLS_RSA_WITH_AES_128_GCM_SHA256"));
        Hint relay = hint(relay(e), HintCode.TLS_NO_FORWARD_SECRECY);
        assertThat(relay.severity()).isEqualTo(Severity.INFO);
        assertThat(relay.summary()).contains("1 suite without forward secrecy in TLSv1.2");
        assertThat(relay.detail()).contains("only for a client that offers nothing better");
        Hint submission = hint(at(587, Protocol.SMTP, e), HintCode.TLS_NO_FORWARD_SECRECY);
        assertThat(submission.severity()).isEqualTo(Severity.WARNING);
        assertThat(submission.detail()).contains("passwords");
    }

    @Test
    void noForwardSecrecyWithUnknownPreferenceSaysSo() {
        TlsEnumeration e = Enumerations.of(yes("TLSv1.2", null, "TLS_RSA_WITH_AES_128_GCM_SHA256"));
        assertThat(hint(relay(e), HintCode.TLS_NO_FORWARD_SECRECY).detail()).contains("could not be told");
    }

    @Test
    void staticDhHasNoForwardSecrecyButAnonymousDhDoes() {
        TlsEnumeration e = Enumerations.of(
                yes("TLSv1.2", true, ECDHE, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA", "TLS_DH_anon_WITH_AES_128_CBC_SHA"));
        Hint h = hint(at(993, Protocol.IMAP, e), HintCode.TLS_NO_FORWARD_SECRECY);
        assertThat(h.detail()).contains("TLS_ECDH_RSA_WITH_AES_128_CBC_SHA").doesNotContain("anon");
    }

    @ParameterizedTest
    @CsvSource({
        "25, 1024, INFO",
        "25, 512, WARNING",
        "587, 1024, WARNING",
        "993, 1024, WARNING",
        "995, 768, ERROR",
    })
    void smallDhGroupsAreGradedForThePort(int port, int bits, Severity severity) {
        Protocol protocol = port == 993 ? Protocol.IMAP : port == 995 ? Protocol.POP3 : Protocol.SMTP;
        TlsEnumeration e = Enumerations.of(yes(
                "TLSv1.2",
                true,
                List.of(ECDHE, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"),
                List.of(),
                List.of(bits, 2048)));
        Hint h = hint(at(port, protocol, e), HintCode.TLS_WEAK_DH);
        assertThat(h.severity()).isEqualTo(severity);
        assertThat(h.summary()).contains(bits + "-bit").contains(bits + " bits in TLSv1.2");
        assertThat(h.fix())
                .contains("smtpd_tls_dh1024_param_file")
                .contains("ssl_dh")
                .contains("tls_dhparam");
    }

    @Test
    void dhGroupsOf2048BitsAreFine() {
        TlsEnumeration e = Enumerations.of(
                yes("TLSv1.2", true, List.of(ECDHE, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"), List.of(), List.of(2048)));
        assertThat(codes(at(993, Protocol.IMAP, e)))
                .doesNotContain(HintCode.TLS_WEAK_DH)
                .contains(HintCode.TLS_SUITES_OK);
    }

    @Test
    void refusedAndUnknownVersionsAreNotGraded() {
        TlsEnumeration e = Enumerations.of(Enumerations.unknown("TLSv1"), no("TLSv1.1"), yes("TLSv1.2", true, ECDHE));
        Hint ok = hint(at(587, Protocol.SMTP, e), HintCode.TLS_SUITES_OK);
        assertThat(ok.detail())
                .contains("Not decided: TLSv1 (no offer got an answer)")
                .doesNotContain("TLSv1.1");
    }
}
