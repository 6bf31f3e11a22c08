package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.probe.Prober;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end against local servers: card, JSON, exit codes, secrets kept out. */
@Timeout(60)
class MailtlsCliProbeTest {
    private static final TestPki PKI = TestPki.create();

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    private static Run run(Map<String, String> env, String stdin, String... args) {
        return run(StandardCharsets.UTF_8, env, stdin, args);
    }

    private static Run run(java.nio.charset.Charset terminal, Map<String, String> env, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new MailtlsCli(
                        new Prober(TestResolver.loopback("mail.test"), Clock.systemUTC()),
                        env,
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        false,
                        terminal)
                .execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static ScriptedMailServer smtp(TestPki.Issued cert) {
        return ScriptedMailServer.builder(Protocol.SMTP)
                .sslContext(PKI.serverContext(cert))
                .start();
    }

    @Test
    void healthyServerWithTheCaFileExitsZeroAndShowsTheCard() {
        String ca = PKI.writeRootPem(dir).toString();
        try (ScriptedMailServer s = smtp(PKI.leaf("mail.test"))) {
            Run r = run(
                    Map.of(), "", "probe", "mail.test", String.valueOf(s.port()), "starttls", "smtp", "--ca-file", ca);
            assertThat(r.code()).as(r.out()).isEqualTo(ExitCodes.OK);
            assertThat(r.out())
                    .contains("mail.test:" + s.port())
                    .contains("STARTTLS")
                    .contains("TLSv1.3")
                    .contains("openssl s_client -connect mail.test:" + s.port()
                            + " -servername mail.test -starttls smtp");
            assertThat(r.err()).isEmpty();
        }
    }

    private static final List<String> EMOJI = List.of("✅", "⚠", "❌", "✔", "ℹ", "✖", "→");

    @Test
    void noColorAndANonUtf8ConsoleDropTheEmojiWhileAUtf8ConsoleKeepsThem() {
        try (ScriptedMailServer s = smtp(PKI.leaf("mail.test"))) {
            String[] probe = {"probe", "mail.test", String.valueOf(s.port()), "starttls", "smtp"};
            Run usual = run(Map.of(), "", probe);
            assertThat(usual.out()).startsWith("❌ mail.test:" + s.port()).contains("✖ CERT_CHAIN_INCOMPLETE");

            String[] noColor = java.util.stream.Stream.concat(
                            java.util.Arrays.stream(probe), java.util.stream.Stream.of("--no-color"))
                    .toArray(String[]::new);
            for (Run plain : List.of(
                    run(Map.of(), "", noColor),
                    run(java.nio.charset.Charset.forName("US-ASCII"), Map.of(), "", probe))) {
                assertThat(plain.out()).startsWith("mail.test:" + s.port()).contains("x CERT_CHAIN_INCOMPLETE");
                EMOJI.forEach(e -> assertThat(plain.out()).doesNotContain(e));
                assertThat(plain.code()).isEqualTo(usual.code());
            }
        }
    }

    @Test
    void untrustedChainIsAFailure() {
        try (ScriptedMailServer s = smtp(PKI.leaf("mail.test"))) {
            Run r = run(Map.of(), "", "probe", "mail.test", String.valueOf(s.port()), "starttls", "smtp");
            assertThat(r.code()).as(r.out()).isEqualTo(ExitCodes.FAILURE);
        }
    }

    @Test
    void certificateExpiringInTwentyDaysIsAWarning() {
        String ca = PKI.writeRootPem(dir).toString();
        try (ScriptedMailServer s = smtp(PKI.expiringIn(Duration.ofDays(20), "mail.test"))) {
            Run r = run(Map.of(), "", "probe", "mail.test:" + s.port(), "starttls", "smtp", "--ca-file", ca);
            assertThat(r.code()).as(r.out()).isEqualTo(ExitCodes.WARNING);
            assertThat(r.out()).contains("CERT_EXPIRING");
        }
    }

    @Test
    void closedPortIsAFailure() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Run r = run(Map.of(), "", "probe", "mail.test", String.valueOf(port), "smtp", "starttls", "--timeout", "5s");
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.out()).contains("CONNECT_REFUSED");
    }

    @Test
    void jsonOutputFollowsTheSchema() throws Exception {
        try (ScriptedMailServer s = smtp(PKI.leaf("mail.test"))) {
            Run r = run(Map.of(), "", "probe", "mail.test", String.valueOf(s.port()), "starttls", "smtp", "--json");
            JsonNode json = new ObjectMapper().readTree(r.out());
            assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
            assertThat(json.get("status").asText()).isEqualTo("failure");
            assertThat(json.at("/target/port").asInt()).isEqualTo(s.port());
            assertThat(json.at("/target/transport").asText()).isEqualTo("starttls");
            assertThat(json.at("/starttls/offered").asBoolean()).isTrue();
            assertThat(json.at("/tls/version").asText()).isEqualTo("TLSv1.3");
            assertThat(json.at("/certificate/sans").toString()).contains("mail.test");
            assertThat(json.get("transcript").isArray()).isTrue();
            assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        }
    }

    @Test
    void theWordDeepAfterTheHostIsTheDeepOption() throws Exception {
        try (ScriptedMailServer s = smtp(PKI.leaf("mail.test"))) {
            Run word = run(
                    Map.of(), "", "probe", "mail.test", String.valueOf(s.port()), "starttls", "smtp", "deep", "--json");
            JsonNode deep = new ObjectMapper().readTree(word.out());
            assertThat(deep.at("/tls/accepted").isObject()).as(word.out()).isTrue();
            assertThat(deep.at("/tls/accepted/TLSv1.3").isArray()).isTrue();
            Run plain = run(Map.of(), "", "probe", "mail.test", String.valueOf(s.port()), "starttls", "smtp", "--json");
            assertThat(new ObjectMapper()
                            .readTree(plain.out())
                            .at("/tls/accepted")
                            .isNull())
                    .isTrue();
        }
    }

    @Test
    void markdownOutputIsMarkdown() {
        try (ScriptedMailServer s = smtp(PKI.leaf("mail.test"))) {
            Run r = run(Map.of(), "", "probe", "mail.test", String.valueOf(s.port()), "starttls", "smtp", "--markdown");
            assertThat(r.out()).contains("`").contains("mail.test");
        }
    }

    @Test
    void realPasswordFromTheEnvironmentNeverAppears() {
        try (ScriptedMailServer s = smtp(PKI.leaf("mail.test"))) {
            Run r = run(
                    Map.of(ProbeCommandLine.PASSWORD_ENV, "Sup3r-Secret-Pw"),
                    "",
                    "probe",
                    "mail.test",
                    String.valueOf(s.port()),
                    "starttls",
                    "smtp",
                    "--user",
                    "alice@mail.test",
                    "--json",
                    "--transcript",
                    "--ca-file",
                    PKI.writeRootPem(dir).toString());
            assertThat(r.out() + r.err()).doesNotContain("Sup3r-Secret-Pw").doesNotContain("alice@mail.test");
            assertThat(r.out()).contains("<redacted>");
            assertThat(s.receivedOverTls()).anyMatch(l -> l.startsWith("AUTH"));
        }
    }

    @Test
    void realPasswordIsNotSentToAnUntrustedServer() {
        try (ScriptedMailServer s = smtp(PKI.leaf("mail.test"))) {
            Run r = run(
                    Map.of(ProbeCommandLine.PASSWORD_ENV, "Sup3r-Secret-Pw"),
                    "",
                    "probe",
                    "mail.test",
                    String.valueOf(s.port()),
                    "starttls",
                    "smtp",
                    "--user",
                    "alice@mail.test");
            assertThat(r.out()).contains("AUTH_SKIPPED_UNTRUSTED").doesNotContain("Sup3r-Secret-Pw");
            assertThat(s.received()).noneMatch(l -> l.toUpperCase().startsWith("AUTH"));
        }
    }

    @Test
    void passwordFromStdinWorksToo() {
        try (ScriptedMailServer s = smtp(PKI.leaf("mail.test"))) {
            Run r = run(
                    Map.of(),
                    "Stdin-Secret-Pw\n",
                    "probe",
                    "mail.test",
                    String.valueOf(s.port()),
                    "starttls",
                    "smtp",
                    "--user",
                    "bob",
                    "--password-stdin",
                    "--transcript",
                    "--ca-file",
                    PKI.writeRootPem(dir).toString());
            assertThat(r.out() + r.err()).doesNotContain("Stdin-Secret-Pw");
            assertThat(r.out()).contains("<redacted>");
        }
    }
}
