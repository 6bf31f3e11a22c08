package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.auth.Credentials;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.DiagnosisThresholds;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.ProbeRequest;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ServiceResult;
import dev.mailtls.testing.CredentialEcho;
import dev.mailtls.testing.CredentialEchoServer;
import dev.mailtls.testing.CredentialEchoServer.Mechanism;
import dev.mailtls.testing.CredentialForms;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A real login through the CLI: never over plaintext (item 2 of issue 10), and whatever a server
 * echoes, no form of it on stdout, stderr or the server's probe log (item 1).
 */
@Timeout(60)
class MailtlsCliCredentialsTest {
    private static final TestPki PKI = TestPki.create();
    private static final String USER = "alice.echo@mail.test";
    private static final String PASSWORD = "Vq7-Lm2xR9-wTz4kP";
    private static final CredentialForms FORMS = CredentialForms.of(USER, PASSWORD);

    @TempDir
    static Path dir;

    private static SSLContext serverTls;
    private static String ca;

    record Run(int code, String out, String err) {}

    @BeforeAll
    static void pki() {
        serverTls = PKI.serverContext(PKI.leaf("mail.test"));
        ca = PKI.writeRootPem(dir).toString();
    }

    private static Run run(Map<String, String> env, String stdin, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new MailtlsCli(
                        new Prober(TestResolver.loopback("mail.test"), Clock.systemUTC()),
                        env,
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        false)
                .execute(args.toArray(String[]::new));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} password from {1}")
    @CsvSource({"plain,env", "starttls,env", "plain,stdin", "tls,stdin"})
    void realPasswordWithAuthPlaintextIsRefusedBeforeAnythingIsSent(String transport, String source) {
        try (CredentialEchoServer server = CredentialEchoServer.start(
                Mechanism.SMTP_AUTH_LOGIN, CredentialEcho.RAW, serverTls, transport.equals("tls"))) {
            List<String> args = new ArrayList<>(
                    List.of("probe", "mail.test", String.valueOf(server.port()), transport, "smtp", "--user", USER));
            args.addAll(List.of("--auth-plaintext", "--ca-file", ca));
            boolean stdin = source.equals("stdin");
            if (stdin) {
                args.add("--password-stdin");
            }
            Run r = run(
                    stdin ? Map.of() : Map.of(ProbeCommandLine.PASSWORD_ENV, PASSWORD),
                    stdin ? PASSWORD + "\n" : "",
                    args);

            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err().lines().findFirst()).hasValue("mailtls: " + ProbeOptions.REAL_CREDENTIALS_IN_PLAINTEXT);
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(r.out()).isEmpty();
            assertThat(FORMS.foundIn(r.out() + r.err())).isEmpty();
            // Nothing was sent: the server was never even connected to.
            assertThat(server.connections()).isZero();
            assertThat(server.heard()).isNull();
        }
    }

    static Stream<Arguments> echoes() {
        List<Arguments> cases = new ArrayList<>();
        for (Mechanism m : Mechanism.values()) {
            for (List<String> format :
                    List.of(List.of("--transcript"), List.of("--markdown", "--transcript"), List.of("--json"))) {
                cases.add(Arguments.of(m, format));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("echoes")
    void whateverTheServerEchoesNoFormOfTheLoginIsPrinted(Mechanism mechanism, List<String> format) {
        try (CredentialEchoServer server =
                CredentialEchoServer.start(mechanism, CredentialEcho.EVERYTHING, serverTls, false)) {
            List<String> args = new ArrayList<>(List.of(
                    "probe",
                    "mail.test",
                    String.valueOf(server.port()),
                    "starttls",
                    mechanism.protocol().id(),
                    "--user",
                    USER,
                    "--ca-file",
                    ca,
                    "--no-legacy-check"));
            args.addAll(format);
            Run r = run(Map.of(ProbeCommandLine.PASSWORD_ENV, PASSWORD), "", args);

            assertThat(server.heard()).as(r.out() + r.err()).isNotNull();
            assertThat(server.heard().password()).isEqualTo(PASSWORD);
            // Markdown shows the marker as ‹redacted›: its angle brackets would be HTML.
            assertThat(r.out()).containsPattern("[<‹]redacted[>›]");
            assertThat(FORMS.foundIn(r.out())).as(r.out()).isEmpty();
            assertThat(FORMS.foundIn(r.err())).as(r.err()).isEmpty();
        }
    }

    @Test
    void probeLogLineOfAnEchoedLoginCarriesNoFormOfIt() {
        try (CredentialEchoServer server =
                CredentialEchoServer.start(Mechanism.SMTP_AUTH_PLAIN, CredentialEcho.EVERYTHING, serverTls, false)) {
            ProbeOptions options = ProbeOptions.defaults()
                    .withDeadline(Duration.ofSeconds(10))
                    .withLegacyTlsCheck(false)
                    .withCaFile(Path.of(ca))
                    .withAuthProbe(true, new Credentials(USER, PASSWORD), false);
            ProbeResult result = new Prober(TestResolver.loopback("mail.test"), Clock.systemUTC())
                    .probe(new ProbeRequest(
                            "mail.test",
                            server.port(),
                            Mechanism.SMTP_AUTH_PLAIN.protocol(),
                            Transport.STARTTLS,
                            options));
            List<String> lines = new ArrayList<>();
            ProbeLog log = new ProbeLog(new Diagnoser(DiagnosisThresholds.defaults()), lines::add);

            log.probed(
                    result.request(),
                    new ServiceResult.Probed(result, null, new ServiceResult.Asked("cli", Instant.now())),
                    1_000_000L);

            assertThat(server.heard()).isNotNull();
            assertThat(lines).singleElement().asString().contains("with-credentials");
            assertThat(FORMS.foundIn(lines.getFirst())).isEmpty();
        }
    }
}
