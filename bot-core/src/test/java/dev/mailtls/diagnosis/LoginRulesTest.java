package dev.mailtls.diagnosis;

import static dev.mailtls.diagnosis.DiagnoserTest.codes;
import static dev.mailtls.diagnosis.DiagnoserTest.hint;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.auth.AuthOutcome;
import dev.mailtls.auth.AuthOutcome.Verdict;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.probe.StartTlsOutcome;
import dev.mailtls.testing.ProbeResults;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Capabilities on the plaintext channel and the auth probe's decoded login policies. */
class LoginRulesTest {
    private final Diagnoser diagnoser = new Diagnoser();

    private static AuthOutcome rejected(String finalReply) {
        return new AuthOutcome(Verdict.REJECTED, "PLAIN", List.of("AUTH PLAIN <redacted>"), finalReply, false);
    }

    @Test
    void aMadeUpLoginLearnsThePolicyNotThatTheAccountHasTwoStepVerification() {
        Hint h = hint(
                probed(Protocol.SMTP, rejected("534-5.7.9 Application-specific password required.")),
                HintCode.APP_PASSWORD_REQUIRED);

        assertThat(h.summary())
                .isEqualTo("The server requires an app password or OAuth, not the account password, from accounts"
                        + " with 2-step verification.");
        assertThat(h.summary() + h.detail() + h.fix()).doesNotContain("The account has", "for the account");
        assertThat(h.detail()).contains("answered the made-up login");
    }

    @Test
    void aRealLoginIsToldDirectlyThatItsAccountNeedsAnAppPassword() {
        AuthOutcome real = new AuthOutcome(
                Verdict.REJECTED,
                "PLAIN",
                List.of("AUTH PLAIN <redacted>"),
                "534-5.7.9 Application-specific password required.",
                true);

        Hint h = hint(probed(Protocol.SMTP, real), HintCode.APP_PASSWORD_REQUIRED);

        assertThat(h.summary()).startsWith("The account has 2-step verification");
        assertThat(h.detail()).contains("answered your login");
    }

    @Test
    void aMadeUpLoginBlockedForAWebSignInSaysNothingAboutThisAccount() {
        Hint h = hint(
                probed(
                        Protocol.IMAP,
                        rejected("a3 NO [WEBALERT https://accounts.google.com/signin] Web login required.")),
                HintCode.WEB_LOGIN_REQUIRED);

        assertThat(h.detail()).doesNotContain("this account").contains("accounts the provider flags");
    }

    private List<Hint> probed(Protocol protocol, AuthOutcome auth) {
        return diagnoser.diagnose(
                ProbeResults.healthyImplicitTls(protocol).auth(auth).build());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SMTP | AUTH PLAIN LOGIN | AUTH PLAIN LOGIN",
                "SMTP | AUTH=LOGIN | AUTH LOGIN",
                "IMAP | AUTH=PLAIN | AUTH=PLAIN",
                "IMAP | IDLE | LOGIN",
                "POP3 | USER | USER",
                "POP3 | SASL PLAIN | SASL PLAIN",
            })
    void loginOfferedBeforeTlsIsAWarning(Protocol protocol, String capability, String shown) {
        ProbeResult r = ProbeResults.healthyStartTls(protocol)
                .capsBefore("STARTTLS", "STLS", capability)
                .build();

        List<Hint> hints = diagnoser.diagnose(r);

        Hint h = hint(hints, HintCode.AUTH_BEFORE_TLS);
        assertThat(h.severity()).isEqualTo(Severity.WARNING);
        assertThat(h.summary()).contains("offers login before TLS").contains(shown);
        assertThat(Status.of(hints)).isEqualTo(Status.WARNING);
    }

    @Test
    void loginOnAPlainChannelSaysSo() {
        ProbeResult r = ProbeResults.builder("mail.example.com", 25, Protocol.SMTP, Transport.PLAIN)
                .noTls()
                .greeting("220 mail.example.com ESMTP")
                .capsBefore("PIPELINING", "AUTH PLAIN LOGIN")
                .build();

        assertThat(hint(diagnoser.diagnose(r), HintCode.AUTH_BEFORE_TLS).summary())
                .isEqualTo("mail.example.com:25 offers login on this unencrypted channel (AUTH PLAIN LOGIN).");
    }

    @Test
    void capabilityTextIsRebuiltFromSafeTokens() {
        ProbeResult r = ProbeResults.healthySubmission()
                .capsBefore("STARTTLS", "AUTH PLAIN <!channel> `x` LOGIN")
                .build();

        assertThat(hint(diagnoser.diagnose(r), HintCode.AUTH_BEFORE_TLS).summary())
                .contains("(AUTH PLAIN LOGIN)")
                .doesNotContain("<", "`");
    }

    @Test
    void imapLoginDisabledBeforeTlsIsGood() {
        List<Hint> hints =
                diagnoser.diagnose(ProbeResults.healthyStartTls(Protocol.IMAP).build());

        assertThat(hint(hints, HintCode.LOGIN_DISABLED_BEFORE_TLS).severity()).isEqualTo(Severity.OK);
        assertThat(codes(hints)).doesNotContain(HintCode.AUTH_BEFORE_TLS);
    }

    @Test
    void implicitTlsNeverHasLoginBeforeTls() {
        ProbeResult r = ProbeResults.healthyImplicitTls(Protocol.POP3)
                .capsBefore("USER")
                .build();

        assertThat(codes(diagnoser.diagnose(r))).doesNotContain(HintCode.AUTH_BEFORE_TLS);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SMTP | 534-5.7.9 Application-specific password required. Learn more at | APP_PASSWORD_REQUIRED",
                "IMAP | a3 NO [ALERT] Application-specific password required: https://support.google.com | APP_PASSWORD_REQUIRED",
                "POP3 | -ERR [AUTH] Application-specific password required | APP_PASSWORD_REQUIRED",
                "SMTP | 534-5.7.14 <https://accounts.google.com/signin/continue> Please log in via your web browser | WEB_LOGIN_REQUIRED",
                "IMAP | a3 NO [WEBALERT https://accounts.google.com/signin] Web login required. | WEB_LOGIN_REQUIRED",
                "POP3 | -ERR [AUTH] Web login required: https://support.google.com/mail/answer/78754 | WEB_LOGIN_REQUIRED",
                "SMTP | 535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. | SMTP_AUTH_DISABLED_TENANT",
            })
    void providerLoginPoliciesAreDecodedAsWarnings(Protocol protocol, String reply, HintCode code) {
        List<Hint> hints = probed(protocol, rejected(reply));

        assertThat(hint(hints, code).severity()).isEqualTo(Severity.WARNING);
        assertThat(codes(hints)).doesNotContain(HintCode.AUTH_INVALID_CREDENTIALS, HintCode.AUTH_UNEXPECTED_REPLY);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections. | PLAINTEXT_AUTH_DISALLOWED",
                "a1 NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections. | PLAINTEXT_AUTH_DISALLOWED",
                "530 5.7.0 Must issue a STARTTLS command first | LOGIN_REQUIRES_STARTTLS",
                "538 5.7.11 Encryption required for requested authentication mechanism | LOGIN_REQUIRES_STARTTLS",
            })
    void refusingPasswordsInPlaintextIsHealthy(String reply, HintCode code) {
        ProbeResult r = ProbeResults.builder("mail.example.com", 2500, Protocol.SMTP, Transport.PLAIN)
                .noTls()
                .greeting("220 mail.example.com ESMTP")
                .capsBefore("PIPELINING")
                .auth(rejected(reply))
                .build();

        assertThat(hint(diagnoser.diagnose(r), code).severity()).isEqualTo(Severity.OK);
    }

    @Test
    void plaintextAuthDisallowedOverTlsPointsAtAProxy() {
        List<Hint> hints = probed(Protocol.IMAP, rejected("a1 NO [ALERT] Plaintext authentication disallowed"));

        Hint h = hint(hints, HintCode.PLAINTEXT_AUTH_DISALLOWED);
        assertThat(h.severity()).isEqualTo(Severity.WARNING);
        assertThat(h.fix()).contains("login_trusted_networks");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SMTP | 535 5.7.8 Username and Password not accepted.",
                "IMAP | a3 NO [AUTHENTICATIONFAILED] Authentication failed.",
                "POP3 | -ERR [AUTH] Authentication failed.",
            })
    void plainRejectionOfTheInvalidCredentialsIsHealthy(Protocol protocol, String reply) {
        Hint h = hint(probed(protocol, rejected(reply)), HintCode.AUTH_INVALID_CREDENTIALS);

        assertThat(h.severity()).isEqualTo(Severity.OK);
        assertThat(h.summary()).contains("healthy, the server checks credentials");
    }

    @Test
    void temporaryFailureIsUnexpected() {
        Hint h = hint(
                probed(Protocol.SMTP, rejected("454 4.7.0 Temporary authentication failure")),
                HintCode.AUTH_UNEXPECTED_REPLY);

        assertThat(h.severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void mustIssueStartTlsIsNotConfusedWithAuthenticationRequired() {
        List<Hint> hints = probed(Protocol.SMTP, rejected("530 5.7.0 Authentication required"));

        assertThat(codes(hints)).doesNotContain(HintCode.LOGIN_REQUIRES_STARTTLS);
    }

    @Test
    void rejectedRealCredentialsAreAnError() {
        AuthOutcome real = new AuthOutcome(Verdict.REJECTED, "PLAIN", List.of(), "535 5.7.8 bad", true);

        assertThat(hint(probed(Protocol.SMTP, real), HintCode.AUTH_FAILED).severity())
                .isEqualTo(Severity.ERROR);
    }

    @Test
    void acceptedRealCredentialsAreOkButAcceptedMadeUpOnesAreAnError() {
        AuthOutcome real = new AuthOutcome(Verdict.ACCEPTED, "PLAIN", List.of(), "235 2.7.0 Accepted", true);
        AuthOutcome fake = new AuthOutcome(Verdict.ACCEPTED, "PLAIN", List.of(), "235 2.7.0 Accepted", false);

        assertThat(hint(probed(Protocol.SMTP, real), HintCode.AUTH_ACCEPTED).severity())
                .isEqualTo(Severity.OK);
        assertThat(hint(probed(Protocol.SMTP, fake), HintCode.AUTH_ACCEPTED).severity())
                .isEqualTo(Severity.ERROR);
    }

    @Test
    void noLoginOnAnMxIsInfoButOnSubmissionAWarning() {
        AuthOutcome none = new AuthOutcome(Verdict.NOT_OFFERED, null, List.of(), null, false);
        ProbeResult mx = ProbeResults.builder("mx.example.com", 25, Protocol.SMTP, Transport.STARTTLS)
                .greeting("220 mx ESMTP")
                .capsBefore("STARTTLS")
                .starttls(true, StartTlsOutcome.Answer.ACCEPTED, "220 go ahead")
                .auth(none)
                .build();

        assertThat(hint(diagnoser.diagnose(mx), HintCode.AUTH_NOT_OFFERED).severity())
                .isEqualTo(Severity.INFO);
        assertThat(hint(probed(Protocol.SMTP, none), HintCode.AUTH_NOT_OFFERED).severity())
                .isEqualTo(Severity.WARNING);
    }

    @Test
    void skippedOnPlaintextIsInfo() {
        AuthOutcome skipped = new AuthOutcome(Verdict.SKIPPED_PLAINTEXT, null, List.of("not attempted"), null, false);

        Hint h = hint(probed(Protocol.SMTP, skipped), HintCode.AUTH_SKIPPED_PLAINTEXT);

        assertThat(h.severity()).isEqualTo(Severity.INFO);
        assertThat(h.fix()).contains("--auth-plaintext");
    }

    @Test
    void skippedOnPlaintextWithARealPasswordNeverAdvisesForcingIt() {
        AuthOutcome skipped = new AuthOutcome(Verdict.SKIPPED_PLAINTEXT, null, List.of("not attempted"), null, true);

        Hint h = hint(probed(Protocol.SMTP, skipped), HintCode.AUTH_SKIPPED_PLAINTEXT);

        assertThat(h.summary()).contains("password was not sent");
        assertThat(h.fix()).doesNotContain("--auth-plaintext");
    }
}
