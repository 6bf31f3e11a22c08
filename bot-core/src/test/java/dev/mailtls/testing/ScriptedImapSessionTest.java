package dev.mailtls.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ScriptedImapSessionTest {

    private static final TestPki PKI = TestPki.create();
    private static final SSLContext SERVER_TLS = PKI.serverContext(PKI.leaf("localhost", "127.0.0.1"));

    @Test
    void loginDisabledDisappearsAfterTls() throws IOException {
        try (ScriptedMailServer server = ScriptedMailServer.builder(Protocol.IMAP)
                        .sslContext(SERVER_TLS)
                        .start();
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            client.readLine();
            client.send("a1 CAPABILITY");
            assertThat(client.readImapResponse("a1"))
                    .containsExactly(
                            "* CAPABILITY IMAP4rev1 SASL-IR LOGINDISABLED STARTTLS", "a1 OK CAPABILITY completed");
            client.send("a2 STARTTLS");
            assertThat(client.readLine()).isEqualTo("a2 OK Begin TLS negotiation now");
            client.startTls();
            client.send("a3 CAPABILITY");
            assertThat(client.readImapResponse("a3"))
                    .containsExactly("* CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN", "a3 OK CAPABILITY completed");
        }
    }

    @Test
    void authenticatePlainWithoutInitialResponseGetsAContinuation() throws IOException {
        try (ScriptedMailServer server =
                        ScriptedMailServer.builder(Protocol.IMAP).start();
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            client.readLine();
            client.send("a1 AUTHENTICATE PLAIN");
            assertThat(client.readLine()).isEqualTo("+ ");
            client.send("AHVzZXIAc2VjcmV0");
            assertThat(client.readLine()).isEqualTo("a1 OK Logged in");
        }
    }

    @Test
    void scriptedAuthReplyGetsTheClientsTag() throws IOException {
        try (ScriptedMailServer server = ScriptedMailServer.builder(Protocol.IMAP)
                        .authReply("NO [ALERT] Application-specific password required")
                        .start();
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            client.readLine();
            client.send("x7 LOGIN user secret");
            assertThat(client.readLine()).isEqualTo("x7 NO [ALERT] Application-specific password required");
        }
    }

    @Test
    void scriptedStartTlsRefusalIsTagged() throws IOException {
        try (ScriptedMailServer server = ScriptedMailServer.builder(Protocol.IMAP)
                        .sslContext(SERVER_TLS)
                        .startTlsReply("BAD STARTTLS not permitted")
                        .start();
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            client.readLine();
            client.send("a1 STARTTLS");
            assertThat(client.readLine()).isEqualTo("a1 BAD STARTTLS not permitted");
            client.send("a2 NOOP");
            assertThat(client.readLine()).isEqualTo("a2 OK NOOP completed");
        }
    }

    @Test
    void logoutSaysByeAndCloses() throws IOException {
        try (ScriptedMailServer server =
                        ScriptedMailServer.builder(Protocol.IMAP).start();
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            client.readLine();
            client.send("a1 LOGOUT");
            assertThat(client.readImapResponse("a1")).containsExactly("* BYE Logging out", "a1 OK LOGOUT completed");
            assertThat(client.closedByServer()).isTrue();
        }
    }
}
