package dev.mailtls.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.auth.AuthOutcome;
import dev.mailtls.auth.Credentials;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    private static InMemory says(String serverSays, boolean splitReads) {
        return splitReads ? InMemory.trickling(serverSays) : InMemory.of(serverSays);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void greetingIsReadWholeAcrossSplitReads(boolean splitReads) throws IOException {
        InMemory m = says("* OK [CAPABILITY IMAP4rev1 STARTTLS] Dovecot ready.\r\n", splitReads);
        Reply r = imap.readGreeting(m.session, m.session.readLine());
        assertThat(r.positive()).isTrue();
        assertThat(r.lines()).containsExactly("* OK [CAPABILITY IMAP4rev1 STARTTLS] Dovecot ready.");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void capabilityResponseIsReadWholeAcrossSplitReads(boolean splitReads) throws IOException {
        InMemory m = says(
                "* CAPABILITY IMAP4rev1 SASL-IR STARTTLS AUTH=PLAIN LOGINDISABLED\r\n"
                        + "a1 OK Pre-login capabilities listed, post-login capabilities have more.\r\n",
                splitReads);
        List<String> caps = imap.capabilities(m.session);
        assertThat(caps).containsExactly("IMAP4rev1", "SASL-IR", "STARTTLS", "AUTH=PLAIN", "LOGINDISABLED");
        assertThat(m.transcript.lines())
                .containsExactly(
                        "C: a1 CAPABILITY",
                        "S: * CAPABILITY IMAP4rev1 SASL-IR STARTTLS AUTH=PLAIN LOGINDISABLED",
                        "S: a1 OK Pre-login capabilities listed, post-login capabilities have more.");
    }

    @Test
    void extraSpacesBetweenCapabilityAtomsAreIgnored() throws IOException {
        InMemory m = InMemory.of("*   CAPABILITY   IMAP4rev1    STARTTLS\t AUTH=PLAIN   \r\na1   OK  done\r\n");
        List<String> caps = imap.capabilities(m.session);
        assertThat(caps).containsExactly("IMAP4rev1", "STARTTLS", "AUTH=PLAIN");
        assertThat(imap.advertisesStartTls(caps)).isTrue();
    }

    @Test
    void leadingSpacesBeforeUntaggedAndTaggedLinesAreIgnored() throws IOException {
        InMemory m = InMemory.of("   * CAPABILITY IMAP4rev1 STARTTLS\r\n  a1 OK done\r\n");
        List<String> caps = imap.capabilities(m.session);
        assertThat(caps).containsExactly("IMAP4rev1", "STARTTLS");
    }

    @Test
    void leadingSpacesBeforeTheGreetingAreIgnored() throws IOException {
        InMemory m = InMemory.of("  * OK ready\r\n");
        assertThat(imap.readGreeting(m.session, m.session.readLine()).positive())
                .isTrue();
    }

    @Test
    void extraSpacesInsideTheGreetingAreAccepted() throws IOException {
        InMemory m = InMemory.of("*  OK  ready\r\n");
        assertThat(imap.readGreeting(m.session, m.session.readLine()).positive())
                .isTrue();
    }

    @Test
    void untaggedByeWithExtraSpacesEndsTheResponse() throws IOException {
        InMemory m = InMemory.of("*  BYE  shutting down\r\n");
        Reply r = imap.startTls(m.session);
        assertThat(r.kind()).isEqualTo(Reply.Kind.NEGATIVE);
        assertThat(r.complete()).isFalse();
    }

    @Test
    void missingTaggedLineEndsWithEof() {
        InMemory m = InMemory.of("* CAPABILITY IMAP4rev1 STARTTLS\r\n");
        assertThatThrownBy(() -> imap.capabilities(m.session)).isInstanceOf(EOFException.class);
    }

    @Test
    void missingTaggedLineAcrossSplitReadsEndsWithEof() {
        InMemory m = InMemory.trickling("* CAPABILITY IMAP4rev1 STARTTLS\r\n* OK still here\r\n");
        assertThatThrownBy(() -> imap.capabilities(m.session)).isInstanceOf(EOFException.class);
    }

    @Test
    void lowerCaseTaggedStatusIsUnderstood() throws IOException {
        InMemory m = InMemory.of("* CAPABILITY IMAP4rev1\r\na1 ok done\r\na2 no not now\r\n");
        assertThat(imap.capabilities(m.session)).containsExactly("IMAP4rev1");
        Reply r = imap.startTls(m.session);
        assertThat(r.kind()).isEqualTo(Reply.Kind.NEGATIVE);
        assertThat(r.lastLine()).isEqualTo("a2 no not now");
    }

    @Test
    void lowerCaseTaggedOkAcceptsStartTls() throws IOException {
        InMemory m = InMemory.of("a1 ok begin TLS now\r\n");
        assertThat(imap.startTls(m.session).positive()).isTrue();
    }
}
