package dev.mailtls.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailtls.auth.AuthOutcome;
import dev.mailtls.auth.Credentials;
import dev.mailtls.card.Card;
import dev.mailtls.card.JsonRenderer;
import dev.mailtls.card.MarkdownRenderer;
import dev.mailtls.card.Report;
import dev.mailtls.card.TextRenderer;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.DiagnosisThresholds;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.testing.CredentialEcho;
import dev.mailtls.testing.CredentialEchoServer;
import dev.mailtls.testing.CredentialEchoServer.Mechanism;
import dev.mailtls.testing.CredentialForms;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The credential-echo campaign of issue 10, kept: servers that give back a real login in every
 * form ({@link CredentialEcho}) for every mechanism mailtls uses, over STARTTLS and implicit TLS
 * to a trusted certificate. Whatever they echo, no form of the user name or password may reach the
 * text, Markdown or JSON rendering, the transcript or the auth exchange.
 */
@Timeout(30)
class CredentialEchoCorpusTest {
    private static final TestPki PKI = TestPki.create();
    private static final Diagnoser DIAGNOSER = new Diagnoser(DiagnosisThresholds.defaults());

    /** Distinctive values that never occur in a card by chance; the second has IMAP's escapes. */
    static final List<Credentials> LOGINS = List.of(
            new Credentials("alice.echo@mail.test", "Vq7-Lm2xR9-wTz4kP"),
            new Credentials("bob\"quote\\d", "Jx\"8\\pQ-r5Wm3zY#k"));

    @TempDir
    static Path dir;

    private static Path ca;
    private static SSLContext serverTls;
    private final Prober prober = new Prober(TestResolver.loopback("mail.test"), Clock.systemUTC());

    @BeforeAll
    static void pki() {
        ca = PKI.writeRootPem(dir);
        serverTls = PKI.serverContext(PKI.leaf("mail.test"));
    }

    /** Every mechanism × every echo × both transports × both logins (IMAP LOGIN gets the escapes). */
    static Stream<Arguments> corpus() {
        List<Arguments> cases = new ArrayList<>();
        for (Mechanism m : Mechanism.values()) {
            for (CredentialEcho e : CredentialEcho.values()) {
                for (Transport t : List.of(Transport.STARTTLS, Transport.TLS)) {
                    cases.add(Arguments.of(m, e, t, LOGINS.get(0)));
                    if (m == Mechanism.IMAP_LOGIN) {
                        cases.add(Arguments.of(m, e, t, LOGINS.get(1)));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("corpus")
    void noFormOfTheCredentialsIsShownWhateverTheServerEchoes(
            Mechanism mechanism, CredentialEcho echo, Transport transport, Credentials login) throws Exception {
        try (CredentialEchoServer server =
                CredentialEchoServer.start(mechanism, echo, serverTls, transport == Transport.TLS)) {
            ProbeOptions options = ProbeOptions.defaults()
                    .withDeadline(Duration.ofSeconds(10))
                    .withLegacyTlsCheck(false)
                    .withCaFile(ca)
                    .withAuthProbe(true, login, false);
            ProbeResult r = prober.probe(
                    new ProbeRequest("mail.test", server.port(), mechanism.protocol(), transport, options));

            // The login really went to the server, over TLS only, and the echo came back.
            CredentialEcho.Heard heard = server.heard();
            assertThat(heard).as(String.join("\n", r.transcript())).isNotNull();
            assertThat(heard.password()).isEqualTo(login.password());
            assertThat(heard.user()).isEqualTo(login.username());
            assertThat(server.receivedInPlaintext())
                    .noneMatch(l -> l.contains("AUTH") || l.contains("LOGIN") || l.startsWith("USER"));
            assertThat(r.transcript())
                    .as("an echo arrived and was redacted")
                    .anyMatch(l -> l.startsWith("S: ") && l.contains("<redacted>"));

            CredentialForms forms = CredentialForms.of(login.username(), login.password());
            Map<String, String> outputs = outputs(r);
            outputs.forEach((where, text) -> assertThat(forms.foundIn(text))
                    .as("%s of %s/%s/%s shows a form of the credentials:%n%s", where, mechanism, echo, transport, text)
                    .isEmpty());
        }
    }

    @Test
    void aServerThatAlreadyKnowsThePasswordCannotShowItInItsGreetingOrCapabilities() throws Exception {
        // A server that was sent the password by an earlier probe can say it before any login.
        Credentials login = LOGINS.get(0);
        String b64 = Base64.getEncoder().encodeToString(login.password().getBytes(StandardCharsets.UTF_8));
        try (ScriptedMailServer server = ScriptedMailServer.builder(Protocol.SMTP)
                .sslContext(serverTls)
                .greeting("220-mail.test last time you sent " + login.password(), "220 mail.test " + b64)
                .capabilitiesAfterTls("AUTH LOGIN", "X-ECHO " + login.username() + " " + b64)
                .start()) {
            ProbeOptions options = ProbeOptions.defaults()
                    .withDeadline(Duration.ofSeconds(10))
                    .withLegacyTlsCheck(false)
                    .withCaFile(ca)
                    .withAuthProbe(true, login, false);
            ProbeResult r = prober.probe(
                    new ProbeRequest("mail.test", server.port(), Protocol.SMTP, Transport.STARTTLS, options));

            assertThat(r.greeting().lines())
                    .containsExactly("220-mail.test last time you sent <redacted>", "220 mail.test <redacted>");
            assertThat(r.capabilitiesAfterTls()).contains("X-ECHO <redacted> <redacted>");
            CredentialForms forms = CredentialForms.of(login.username(), login.password());
            outputs(r)
                    .forEach((where, text) ->
                            assertThat(forms.foundIn(text)).as(where).isEmpty());
        }
    }

    /** Everything a user can be shown of a result, by where it is shown. */
    static Map<String, String> outputs(ProbeResult r) throws Exception {
        Report report = Report.of(r, DIAGNOSER);
        String json = new JsonRenderer(true).render(report);
        List<String> jsonStrings = new ArrayList<>();
        collectStrings(new ObjectMapper().readTree(json), jsonStrings);
        AuthOutcome auth = r.auth();
        return Map.of(
                "text", new TextRenderer(false, true).render(Card.of(report)),
                "markdown", new MarkdownRenderer(true).render(Card.of(report)),
                "json", json,
                "json values", String.join("\n", jsonStrings),
                "transcript", String.join("\n", r.transcript()),
                "auth", auth == null ? "" : auth.exchange() + "\n" + auth.finalReply(),
                "result", r.toString());
    }

    private static void collectStrings(JsonNode node, List<String> into) {
        if (node.isTextual()) {
            into.add(node.asText());
        }
        node.forEach(child -> collectStrings(child, into));
        node.fieldNames().forEachRemaining(into::add);
    }
}
