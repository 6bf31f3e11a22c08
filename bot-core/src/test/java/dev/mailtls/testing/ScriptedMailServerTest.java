package dev.mailtls.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the scripted server does the same way in SMTP, IMAP and POP3. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ScriptedMailServerTest {

    private static final TestPki PKI = TestPki.create();
    private static final SSLContext SERVER_TLS = PKI.serverContext(PKI.leaf("localhost", "127.0.0.1"));

    /** How a test client says the same thing in each protocol. */
    private enum Dialogue {
        SMTP(Protocol.SMTP, "STARTTLS", "220 2.0.0 Ready to start TLS", "454 4.7.0 TLS not available"),
        IMAP(Protocol.IMAP, "STARTTLS", "t OK Begin TLS negotiation now", "t NO [UNAVAILABLE] TLS not available"),
        POP3(Protocol.POP3, "STLS", "+OK Begin TLS negotiation", "-ERR TLS not available");

        final Protocol protocol;
        final String startTlsWord;
        final String goAhead;
        final String unavailable;

        Dialogue(Protocol protocol, String startTlsWord, String goAhead, String unavailable) {
            this.protocol = protocol;
            this.startTlsWord = startTlsWord;
            this.goAhead = goAhead;
            this.unavailable = unavailable;
        }

        List<String> greeting(LoopbackClient client) throws IOException {
            return this == SMTP ? client.readSmtpReply() : List.of(client.readLine());
        }

        List<String> capabilities(LoopbackClient client) throws IOException {
            return switch (this) {
                case SMTP -> {
                    client.send("EHLO probe.test");
                    yield client.readSmtpReply();
                }
                case IMAP -> {
                    client.send("t CAPABILITY");
                    yield client.readImapResponse("t");
                }
                case POP3 -> {
                    client.send("CAPA");
                    yield client.readUntil(line -> line.equals(".") || line.startsWith("-ERR"));
                }
            };
        }

        String startTls(LoopbackClient client) throws IOException {
            client.send(this == IMAP ? "t STARTTLS" : startTlsWord);
            return client.readLine();
        }

        void login(LoopbackClient client) throws IOException {
            switch (this) {
                case SMTP -> client.send("AUTH PLAIN AHVzZXIAc2VjcmV0");
                case IMAP -> client.send("t LOGIN user secret");
                case POP3 -> {
                    client.send("USER user");
                    client.readLine();
                    client.send("PASS secret");
                }
            }
            client.readLine();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialogue.class)
    void startTlsUpgradesAndCapabilitiesChangeAfterTls(Dialogue dialogue) throws IOException {
        try (ScriptedMailServer server = ScriptedMailServer.builder(dialogue.protocol)
                        .sslContext(SERVER_TLS)
                        .start();
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            dialogue.greeting(client);
            assertThat(String.join("\n", dialogue.capabilities(client)))
                    .contains(dialogue.startTlsWord)
                    .doesNotContain("PLAIN");

            assertThat(dialogue.startTls(client)).isEqualTo(dialogue.goAhead);
            assertThat(client.startTls().getProtocol()).startsWith("TLSv1.");

            assertThat(String.join("\n", dialogue.capabilities(client)))
                    .doesNotContain(dialogue.startTlsWord)
                    .contains("PLAIN");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialogue.class)
    void credentialsSentAfterTheUpgradeAreRecordedAsTls(Dialogue dialogue) throws IOException {
        try (ScriptedMailServer server = ScriptedMailServer.builder(dialogue.protocol)
                        .sslContext(SERVER_TLS)
                        .start();
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            dialogue.greeting(client);
            dialogue.startTls(client);
            client.startTls();
            dialogue.login(client);

            assertThat(server.receivedInPlaintext())
                    .containsExactly(dialogue == Dialogue.IMAP ? "t STARTTLS" : dialogue.startTlsWord);
            assertThat(server.receivedOverTls())
                    .anySatisfy(line -> assertThat(line).containsAnyOf("AHVzZXIAc2VjcmV0", "secret"));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialogue.class)
    void withoutAnSslContextStartTlsIsUnavailable(Dialogue dialogue) throws IOException {
        try (ScriptedMailServer server =
                        ScriptedMailServer.builder(dialogue.protocol).start();
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            dialogue.greeting(client);
            assertThat(dialogue.startTls(client)).isEqualTo(dialogue.unavailable);
            assertThat(dialogue.capabilities(client)).isNotEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialogue.class)
    void bytesInjectedAfterTheGoAheadArriveInPlaintext(Dialogue dialogue) throws IOException {
        try (ScriptedMailServer server = ScriptedMailServer.builder(dialogue.protocol)
                        .sslContext(SERVER_TLS)
                        .injectAfterGoAhead("250 injected\r\n")
                        .start();
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            dialogue.greeting(client);
            assertThat(dialogue.startTls(client)).isEqualTo(dialogue.goAhead);
            assertThat(client.readLine()).isEqualTo("250 injected");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialogue.class)
    void unadvertisedStartTlsIsMissingFromCapabilities(Dialogue dialogue) throws IOException {
        try (ScriptedMailServer server = ScriptedMailServer.builder(dialogue.protocol)
                        .sslContext(SERVER_TLS)
                        .advertiseStartTls(false)
                        .start();
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            dialogue.greeting(client);
            assertThat(String.join("\n", dialogue.capabilities(client))).doesNotContain(dialogue.startTlsWord);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialogue.class)
    void lowerCaseRepliesAreLowerCase(Dialogue dialogue) throws IOException {
        try (ScriptedMailServer server = ScriptedMailServer.builder(dialogue.protocol)
                        .sslContext(SERVER_TLS)
                        .lowerCaseReplies(true)
                        .start();
                LoopbackClient client = LoopbackClient.connect(server.port())) {
            dialogue.greeting(client);
            List<String> capabilities = dialogue.capabilities(client);
            assertThat(capabilities).allSatisfy(line -> assertThat(line).isLowerCase());
            assertThat(String.join("\n", capabilities)).contains(dialogue.startTlsWord.toLowerCase());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialogue.class)
    void implicitTlsHandshakesBeforeTheGreeting(Dialogue dialogue) throws IOException {
        try (ScriptedMailServer server = ScriptedMailServer.builder(dialogue.protocol)
                        .sslContext(SERVER_TLS)
                        .implicitTls(true)
                        .start();
                LoopbackClient client = LoopbackClient.connectTls(server.port())) {
            assertThat(dialogue.greeting(client)).isNotEmpty();
            assertThat(String.join("\n", dialogue.capabilities(client))).contains("PLAIN");
            assertThat(server.receivedOverTls()).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialogue.class)
    void aReplyDelayHoldsBackTheGreetingAndEveryAnswerButNotTheHandshake(Dialogue dialogue) throws IOException {
        Duration delay = Duration.ofMillis(300);
        try (ScriptedMailServer server = ScriptedMailServer.builder(dialogue.protocol)
                .sslContext(SERVER_TLS)
                .replyDelay(delay)
                .start()) {
            // Before connecting: the server's wait for its greeting starts when it accepts, which can
            // be before connect() returns here.
            long t0 = System.nanoTime();
            try (LoopbackClient client = LoopbackClient.connect(server.port())) {
                dialogue.greeting(client);
                long t1 = System.nanoTime();
                dialogue.capabilities(client);
                long t2 = System.nanoTime();
                assertThat(dialogue.startTls(client)).isEqualTo(dialogue.goAhead);
                long t3 = System.nanoTime();
                client.startTls();
                long t4 = System.nanoTime();
                dialogue.capabilities(client);
                long t5 = System.nanoTime();

                assertThat(Duration.ofNanos(t1 - t0)).isGreaterThanOrEqualTo(delay);
                assertThat(Duration.ofNanos(t2 - t1)).isGreaterThanOrEqualTo(delay);
                assertThat(Duration.ofNanos(t3 - t2)).isGreaterThanOrEqualTo(delay);
                assertThat(Duration.ofNanos(t5 - t4)).isGreaterThanOrEqualTo(delay);
                assertThat(Duration.ofNanos(t4 - t3)).isLessThan(delay.multipliedBy(10));
            }
        }
    }
}
