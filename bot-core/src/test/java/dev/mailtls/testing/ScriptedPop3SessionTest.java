package dev.mailtls.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ScriptedPop3SessionTest {

    private static final TestPki PKI = TestPki.create();
    private static final SSLContext SERVER_TLS = PKI.serverContext(PKI.leaf("localhost", "127.0.0.1"));

    @Test
    void capaListsStlsBeforeTlsAndSaslAfter() throws IOException {
        try (ScriptedMailServer server = ScriptedMailServer.builder(Protocol.POP3)
                        .sslContext(SERVER_TLS)
                        .capabilitiesBeforeTls("UIDL")
                        .capabilitiesAfterTls("UIDL", "USER", "SASL PLAIN")
                        .start();
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            client.readLine();
            client.send("CAPA");
            assertThat(client.readUntil(line -> line.equals(".")))
                    .containsExactly("+OK Capability list follows", "UIDL", "STLS", ".");
            client.send("STLS");
            assertThat(client.readLine()).isEqualTo("+OK Begin TLS negotiation");
            client.startTls();
            client.send("CAPA");
            assertThat(client.readUntil(line -> line.equals(".")))
                    .containsExactly("+OK Capability list follows", "UIDL", "USER", "SASL PLAIN", ".");
        }
    }

    @Test
    void userAndPassEndWithTheScriptedAuthReply() throws IOException {
        try (ScriptedMailServer server = ScriptedMailServer.builder(Protocol.POP3)
                        .authReply("-ERR [AUTH] Application-specific password required")
                        .start();
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            client.readLine();
            client.send("USER user");
            assertThat(client.readLine()).isEqualTo("+OK");
            client.send("PASS secret");
            assertThat(client.readLine()).isEqualTo("-ERR [AUTH] Application-specific password required");
            assertThat(server.received()).containsExactly("USER user", "PASS secret");
        }
    }

    @Test
    void authPlainWithoutInitialResponseGetsAContinuation() throws IOException {
        try (ScriptedMailServer server =
                        ScriptedMailServer.builder(Protocol.POP3).start();
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            client.readLine();
            client.send("AUTH PLAIN");
            assertThat(client.readLine()).isEqualTo("+ ");
            client.send("AHVzZXIAc2VjcmV0");
            assertThat(client.readLine()).isEqualTo("+OK Logged in");
        }
    }

    @Test
    void quitSaysByeAndCloses() throws IOException {
        try (ScriptedMailServer server =
                        ScriptedMailServer.builder(Protocol.POP3).start();
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            assertThat(client.readLine()).isEqualTo("+OK ScriptedMailServer POP3 ready");
            client.send("QUIT");
            assertThat(client.readLine()).isEqualTo("+OK Bye");
            assertThat(client.closedByServer()).isTrue();
        }
    }
}
