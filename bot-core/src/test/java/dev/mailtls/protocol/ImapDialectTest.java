package dev.mailtls.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.probe.AuthOutcome;
import dev.mailtls.probe.Credentials;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImapDialectTest {
    private final ImapDialect imap = new ImapDialect();

    @Test
    void greetingWithCapabilityCodeIsAccepted() throws IOException {
        InMemory m = InMemory.of("* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] Dovecot ready.\r\n");
        Reply r = imap.readGreeting(m.session, m.session.readLine());
        assertThat(r.positive()).isTrue();
    }

    @Test
    void byeGreetingIsARefusal() throws IOException {
        InMemory m = InMemory.of("* BYE Too many connections from your IP\r\n");
        assertThat(imap.readGreeting(m.session, m.session.readLine()).positive())
                .isFalse();
    }

    @Test
    void lowerCaseUntaggedAndTaggedLinesAreParsed() throws IOException {
        InMemory m = InMemory.trickling("* capability IMAP4rev1 starttls  AUTH=PLAIN\r\n* ok note\r\na1 ok done\r\n");
        List<String> caps = imap.capabilities(m.session);
        assertThat(caps).containsExactly("IMAP4rev1", "starttls", "AUTH=PLAIN");
        assertThat(imap.advertisesStartTls(caps)).isTrue();
        assertThat(m.sent()).isEqualTo("a1 CAPABILITY\r\n");
    }

    @Test
    void starttlsUsesTheNextTag() throws IOException {
        InMemory m = InMemory.of("* CAPABILITY IMAP4rev1 STARTTLS\r\na1 OK\r\na2 OK Begin TLS negotiation now\r\n");
        imap.capabilities(m.session);
        Reply r = imap.startTls(m.session);
        assertThat(r.positive()).isTrue();
        assertThat(m.sent()).endsWith("a2 STARTTLS\r\n");
    }

    @Test
    void notAnImapGreetingIsRejected() {
        InMemory m = InMemory.of("220 smtp here\r\n");
        assertThatThrownBy(() -> imap.readGreeting(m.session, m.session.readLine()))
                .isInstanceOf(UnexpectedReplyException.class);
    }

    @Test
    void loginIsRedactedAndRejectionRecorded() throws IOException {
        InMemory m = InMemory.of("a1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
        AuthOutcome a = imap.authProbe(m.session, List.of("IMAP4rev1"), new Credentials("user", "pw\"x"), false);
        assertThat(a.verdict()).isEqualTo(AuthOutcome.Verdict.REJECTED);
        assertThat(a.mechanism()).isEqualTo("LOGIN");
        assertThat(m.sent()).isEqualTo("a1 LOGIN \"user\" \"pw\\\"x\"\r\n");
        assertThat(m.transcript.lines())
                .contains("C: a1 LOGIN <redacted> <redacted>")
                .noneMatch(l -> l.contains("pw"));
    }

    @Test
    void authenticatePlainWaitsForContinuation() throws IOException {
        InMemory m = InMemory.of("+ \r\na1 NO [ALERT] Application-specific password required\r\n");
        AuthOutcome a = imap.authProbe(m.session, List.of("IMAP4rev1", "AUTH=PLAIN"), new Credentials("u", "p"), false);
        assertThat(a.mechanism()).isEqualTo("AUTHENTICATE PLAIN");
        assertThat(a.finalReply()).contains("Application-specific password required");
    }

    @Test
    void loginDisabledMeansNotOffered() throws IOException {
        InMemory m = InMemory.of("");
        AuthOutcome a =
                imap.authProbe(m.session, List.of("IMAP4rev1", "LOGINDISABLED"), new Credentials("u", "p"), false);
        assertThat(a.verdict()).isEqualTo(AuthOutcome.Verdict.NOT_OFFERED);
        assertThat(m.sent()).isEmpty();
    }
}
