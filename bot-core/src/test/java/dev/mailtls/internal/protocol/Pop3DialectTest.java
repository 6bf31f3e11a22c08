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

class Pop3DialectTest {
    private final Pop3Dialect pop3 = new Pop3Dialect();

    @Test
    void capaListEndsAtTheDotLine() throws IOException {
        InMemory m = InMemory.trickling("+OK Capability list follows\r\nTOP\r\nUSER\r\nSTLS\r\nSASL PLAIN\r\n.\r\n");
        List<String> caps = pop3.capabilities(m.session);
        assertThat(caps).containsExactly("TOP", "USER", "STLS", "SASL PLAIN");
        assertThat(pop3.advertisesStartTls(caps)).isTrue();
    }

    @Test
    void lowerCaseStatusIsUnderstood() throws IOException {
        InMemory m = InMemory.of("+ok ready\r\n");
        assertThat(pop3.readGreeting(m.session, m.session.readLine()).positive())
                .isTrue();
    }

    @Test
    void errGreetingIsARefusal() throws IOException {
        InMemory m = InMemory.of("-ERR [SYS/TEMP] too busy\r\n");
        assertThat(pop3.readGreeting(m.session, m.session.readLine()).positive())
                .isFalse();
    }

    @Test
    void capaWithoutTerminatorEndsWithEof() {
        InMemory m = InMemory.of("+OK\r\nUSER\r\n");
        assertThatThrownBy(() -> pop3.capabilities(m.session)).isInstanceOf(EOFException.class);
    }

    @Test
    void capaRefusedGivesNoCapabilities() throws IOException {
        InMemory m = InMemory.of("-ERR unknown command\r\n");
        assertThat(pop3.capabilities(m.session)).isEmpty();
    }

    @Test
    void userPassIsRedacted() throws IOException {
        InMemory m = InMemory.of("+OK\r\n-ERR [AUTH] Authentication failed.\r\n");
        AuthOutcome a = pop3.authProbe(m.session, List.of("USER"), new Credentials("alice", "hunter2"), false);
        assertThat(a.verdict()).isEqualTo(AuthOutcome.Verdict.REJECTED);
        assertThat(a.exchange())
                .containsExactly("USER <redacted> → +OK", "PASS <redacted> → -ERR [AUTH] Authentication failed.");
        assertThat(m.transcript.lines()).noneMatch(l -> l.contains("alice") || l.contains("hunter2"));
    }

    private static InMemory says(String serverSays, boolean splitReads) {
        return splitReads ? InMemory.trickling(serverSays) : InMemory.of(serverSays);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void capaIsReadWholeAcrossSplitReads(boolean splitReads) throws IOException {
        InMemory m = says(
                "+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\nSTLS\r\n"
                        + "USER\r\nSASL PLAIN LOGIN\r\n.\r\n",
                splitReads);
        List<String> caps = pop3.capabilities(m.session);
        assertThat(caps)
                .containsExactly(
                        "CAPA",
                        "TOP",
                        "UIDL",
                        "RESP-CODES",
                        "PIPELINING",
                        "AUTH-RESP-CODE",
                        "STLS",
                        "USER",
                        "SASL PLAIN LOGIN");
        assertThat(pop3.advertisesStartTls(caps)).isTrue();
        assertThat(m.sent()).isEqualTo("CAPA\r\n");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void userPassIsReadAcrossSplitReads(boolean splitReads) throws IOException {
        InMemory m = says("+OK send PASS\r\n-ERR [AUTH] Authentication failed.\r\n", splitReads);
        AuthOutcome a = pop3.authProbe(m.session, List.of("USER"), new Credentials("alice", "hunter2"), false);
        assertThat(a.verdict()).isEqualTo(AuthOutcome.Verdict.REJECTED);
        assertThat(a.exchange())
                .containsExactly(
                        "USER <redacted> → +OK send PASS", "PASS <redacted> → -ERR [AUTH] Authentication failed.");
        assertThat(m.sent()).isEqualTo("USER alice\r\nPASS hunter2\r\n");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void acceptedUserPassIsReadAcrossSplitReads(boolean splitReads) throws IOException {
        InMemory m = says("+OK\r\n+OK Logged in.\r\n", splitReads);
        AuthOutcome a = pop3.authProbe(m.session, List.of("USER"), new Credentials("alice", "hunter2"), false);
        assertThat(a.verdict()).isEqualTo(AuthOutcome.Verdict.ACCEPTED);
        assertThat(a.finalReply()).isEqualTo("+OK Logged in.");
    }

    @Test
    void oddSpacingInCapaLinesIsTrimmed() throws IOException {
        InMemory m = InMemory.of("+OK   \r\n   STLS   \r\n\tUSER\r\n  SASL  PLAIN \r\n   \r\n.\r\n");
        List<String> caps = pop3.capabilities(m.session);
        assertThat(caps).containsExactly("STLS", "USER", "SASL  PLAIN");
        assertThat(pop3.advertisesStartTls(caps)).isTrue();
    }

    @Test
    void leadingSpacesBeforeStatusAreAccepted() throws IOException {
        InMemory m = InMemory.of("  +OK\r\nSTLS\r\n.\r\n");
        assertThat(pop3.capabilities(m.session)).containsExactly("STLS");
    }
}
