package dev.mailtls.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ScriptedSmtpSessionTest {

    private static final TestPki PKI = TestPki.create();
    private static final SSLContext SERVER_TLS = PKI.serverContext(PKI.leaf("localhost", "127.0.0.1"));

    @Test
    void multilineGreetingIsSentWhole() throws IOException {
        try (ScriptedMailServer server = ScriptedMailServer.builder(Protocol.SMTP)
                        .greeting("220-mx.test ESMTP", "220-no UCE", "220 mx.test ready")
                        .start();
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            assertThat(client.readSmtpReply()).containsExactly("220-mx.test ESMTP", "220-no UCE", "220 mx.test ready");
        }
    }

    @Test
    void ehloListsConfiguredCapabilitiesAsMultilineReply() throws IOException {
        try (ScriptedMailServer server = ScriptedMailServer.builder(Protocol.SMTP)
                        .sslContext(SERVER_TLS)
                        .capabilitiesBeforeTls("SIZE 1000", "8BITMIME")
                        .start();
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            client.readSmtpReply();
            client.send("EHLO probe.test");
            assertThat(client.readSmtpReply())
                    .containsExactly("250-mx.test Hello probe.test", "250-SIZE 1000", "250-8BITMIME", "250 STARTTLS");
        }
    }

    @Test
    void scriptedRefusalKeepsTheSessionInPlaintext() throws IOException {
        try (ScriptedMailServer server = ScriptedMailServer.builder(Protocol.SMTP)
                        .sslContext(SERVER_TLS)
                        .startTlsReply("454 4.7.0 TLS not available due to local problem")
                        .start();
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            client.readSmtpReply();
            client.send("STARTTLS");
            assertThat(client.readSmtpReply()).containsExactly("454 4.7.0 TLS not available due to local problem");
            client.send("NOOP");
            assertThat(client.readSmtpReply()).containsExactly("250 2.0.0 Ok");
        }
    }

    @Test
    void authLoginPromptsForUsernameThenPassword() throws IOException {
        try (ScriptedMailServer server =
                        ScriptedMailServer.builder(Protocol.SMTP).start();
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            client.readSmtpReply();
            client.send("AUTH LOGIN");
            assertThat(client.readLine()).isEqualTo("334 VXNlcm5hbWU6");
            client.send("dXNlcg==");
            assertThat(client.readLine()).isEqualTo("334 UGFzc3dvcmQ6");
            client.send("c2VjcmV0");
            assertThat(client.readLine()).isEqualTo("235 2.7.0 Authentication successful");
            assertThat(server.received()).containsExactly("AUTH LOGIN", "dXNlcg==", "c2VjcmV0");
        }
    }

    @Test
    void authPlainWithoutInitialResponseGetsAnEmptyChallenge() throws IOException {
        try (ScriptedMailServer server =
                        ScriptedMailServer.builder(Protocol.SMTP).start();
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            client.readSmtpReply();
            client.send("AUTH PLAIN");
            assertThat(client.readLine()).isEqualTo("334 ");
            client.send("AHVzZXIAc2VjcmV0");
            assertThat(client.readLine()).isEqualTo("235 2.7.0 Authentication successful");
        }
    }

    @Test
    void scriptedMultilineAuthReplyIsSentWhole() throws IOException {
        try (ScriptedMailServer server = ScriptedMailServer.builder(Protocol.SMTP)
                        .authReply(
                                "534-5.7.9 Application-specific password required. Learn more at",
                                "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor")
                        .start();
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            client.readSmtpReply();
            client.send("AUTH PLAIN AHVzZXIAc2VjcmV0");
            assertThat(client.readSmtpReply())
                    .containsExactly(
                            "534-5.7.9 Application-specific password required. Learn more at",
                            "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor");
        }
    }

    @Test
    void scriptedAuthReplyEndsAuthLoginToo() throws IOException {
        try (ScriptedMailServer server = ScriptedMailServer.builder(Protocol.SMTP)
                        .authReply(
                                "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant")
                        .start();
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            client.readSmtpReply();
            client.send("AUTH LOGIN dXNlcg==");
            assertThat(client.readLine()).isEqualTo("334 UGFzc3dvcmQ6");
            client.send("c2VjcmV0");
            assertThat(client.readLine()).startsWith("535 5.7.139");
        }
    }

    @Test
    void lowerCaseRepliesKeepSaslChallengesIntact() throws IOException {
        try (ScriptedMailServer server = ScriptedMailServer.builder(Protocol.SMTP)
                        .lowerCaseReplies(true)
                        .start();
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            assertThat(client.readSmtpReply()).containsExactly("220 mx.test esmtp scriptedmailserver");
            client.send("AUTH LOGIN");
            assertThat(client.readLine()).isEqualTo("334 VXNlcm5hbWU6");
        }
    }

    @Test
    void quitIsAnsweredAndCloses() throws IOException {
        try (ScriptedMailServer server =
                        ScriptedMailServer.builder(Protocol.SMTP).start();
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            client.readSmtpReply();
            client.send("QUIT");
            assertThat(client.readLine()).isEqualTo("221 2.0.0 Bye");
            assertThat(client.closedByServer()).isTrue();
            assertThat(server.connections()).isEqualTo(1);
        }
    }
}
