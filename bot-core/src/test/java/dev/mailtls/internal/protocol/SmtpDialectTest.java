package dev.mailtls.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.auth.AuthOutcome;
import dev.mailtls.auth.Credentials;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmtpDialectTest {
    private final SmtpDialect smtp = new SmtpDialect("probe.example");

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void multilineGreetingIsReadWhole(boolean splitReads) throws IOException {
        String says = "220-mx.example.com ESMTP\r\n220-second line\r\n220 last line\r\n";
        InMemory m = splitReads ? InMemory.trickling(says) : InMemory.of(says);
        Reply r = smtp.readGreeting(m.session, m.session.readLine());
        assertThat(r.lines()).hasSize(3);
        assertThat(r.code()).isEqualTo(220);
        assertThat(r.positive()).isTrue();
        assertThat(r.complete()).isTrue();
    }

    @Test
    void greetingOfEndless220ContinuationsIsTooManyLinesNotAnotherProtocol() throws IOException {
        InMemory m = InMemory.of("220-mx.example.com still greeting\r\n".repeat(Session.MAX_REPLY_LINES + 5));
        assertThatThrownBy(() -> smtp.readGreeting(m.session, m.session.readLine()))
                .isInstanceOf(TooManyLinesException.class)
                .satisfies(e -> assertThat(((TooManyLinesException) e).lines())
                        .hasSize(Session.MAX_REPLY_LINES)
                        .allMatch(l -> l.startsWith("220-")));
    }

    @Test
    void multilineEhloReplyYieldsAllCapabilities() throws IOException {
        InMemory m = InMemory.of("250-mx.example.com Hello\r\n250-SIZE 35882577\r\n250-8BITMIME\r\n"
                + "250-STARTTLS\r\n250-AUTH LOGIN PLAIN\r\n250 SMTPUTF8\r\n");
        List<String> caps = smtp.capabilities(m.session);
        assertThat(caps).containsExactly("SIZE 35882577", "8BITMIME", "STARTTLS", "AUTH LOGIN PLAIN", "SMTPUTF8");
        assertThat(smtp.advertisesStartTls(caps)).isTrue();
        assertThat(m.sent()).isEqualTo("EHLO probe.example\r\n");
    }

    @Test
    void oddSpacingAndLowerCaseCapabilitiesAreAccepted() throws IOException {
        InMemory m = InMemory.of("250-mx hello\r\n250-  starttls  \r\n250 auth=login plain\r\n");
        List<String> caps = smtp.capabilities(m.session);
        assertThat(caps).containsExactly("starttls", "auth=login plain");
        assertThat(smtp.advertisesStartTls(caps)).isTrue();
        assertThat(SmtpDialect.mechanisms(caps)).containsExactly("LOGIN", "PLAIN");
    }

    @Test
    void bareCodeLineEndsAReply() throws IOException {
        InMemory m = InMemory.of("250-mx\r\n250\r\n");
        Reply r = SmtpDialect.readReply(m.session);
        assertThat(r.lines()).containsExactly("250-mx", "250");
    }

    @Test
    void missingFinalLineGivesAnIncompleteReply() throws IOException {
        InMemory m = InMemory.of("220-mx.example.com ESMTP\r\n220-still going\r\n");
        Reply r = smtp.readGreeting(m.session, m.session.readLine());
        assertThat(r.complete()).isFalse();
        assertThat(r.lines()).hasSize(2);
    }

    @Test
    void ehloRefusedFallsBackToHelo() throws IOException {
        InMemory m = InMemory.of("502 5.5.2 EHLO not supported\r\n250 mx hello\r\n");
        assertThat(smtp.capabilities(m.session)).isEmpty();
        assertThat(m.sent()).isEqualTo("EHLO probe.example\r\nHELO probe.example\r\n");
    }

    @Test
    void garbageIsNotAnSmtpReply() {
        InMemory m = InMemory.of("\u0016\u0003\u0001garbage\r\n");
        assertThatThrownBy(() -> SmtpDialect.readReply(m.session)).isInstanceOf(UnexpectedReplyException.class);
    }

    @Test
    void replyBreakingOffIntoGarbageKeepsTheValidLines() {
        InMemory m = InMemory.of("220-mx.example.com ESMTP\r\n\u0000\u0001garbage\r\n");
        assertThatThrownBy(() -> smtp.readGreeting(m.session, m.session.readLine()))
                .isInstanceOfSatisfying(UnexpectedReplyException.class, e -> {
                    assertThat(e.before()).containsExactly("220-mx.example.com ESMTP");
                    assertThat(e.getMessage()).doesNotContain("garbage");
                });
    }

    @Test
    void refusalGreetingIsNegative() throws IOException {
        InMemory m = InMemory.of("421 4.7.0 Too many connections\r\n");
        Reply r = smtp.readGreeting(m.session, m.session.readLine());
        assertThat(r.positive()).isFalse();
        assertThat(r.code()).isEqualTo(421);
    }

    @Test
    void authLoginShowsDecodedPromptsAndRedactsValues() throws IOException {
        InMemory m = InMemory.of(
                "334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n" + "535 5.7.8 Authentication credentials invalid\r\n");
        AuthOutcome a = smtp.authProbe(m.session, List.of("AUTH LOGIN PLAIN"), new Credentials("u@x", "secret"), false);
        assertThat(a.verdict()).isEqualTo(AuthOutcome.Verdict.REJECTED);
        assertThat(a.mechanism()).isEqualTo("LOGIN");
        assertThat(a.exchange())
                .containsExactly(
                        "AUTH LOGIN → 334 Username:",
                        "<redacted> → 334 Password:",
                        "<redacted> → 535 5.7.8 Authentication credentials invalid");
        assertThat(m.transcript.lines()).noneMatch(l -> l.contains("secret") || l.contains("dUB4"));
        assertThat(m.transcript.lines()).contains("C: <redacted>");
    }

    @Test
    void authPlainSendsOneRedactedLine() throws IOException {
        InMemory m = InMemory.of("534-5.7.9 Application-specific password required.\r\n534 5.7.9 Learn more\r\n");
        AuthOutcome a = smtp.authProbe(m.session, List.of("AUTH PLAIN XOAUTH2"), new Credentials("u", "p"), false);
        assertThat(a.mechanism()).isEqualTo("PLAIN");
        assertThat(a.finalReply()).contains("Application-specific password required");
        assertThat(m.transcript.lines()).contains("C: AUTH PLAIN <redacted>");
        assertThat(m.sent()).startsWith("AUTH PLAIN AHUAcA==");
    }

    @Test
    void authWithoutAdvertisedMechanismRecordsTheServersAnswer() throws IOException {
        InMemory m = InMemory.of("530 5.7.0 Must issue a STARTTLS command first\r\n");
        AuthOutcome a = smtp.authProbe(m.session, List.of("SIZE 1000"), new Credentials("u", "p"), false);
        assertThat(a.verdict()).isEqualTo(AuthOutcome.Verdict.NOT_OFFERED);
        assertThat(a.finalReply()).isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
    }
}
