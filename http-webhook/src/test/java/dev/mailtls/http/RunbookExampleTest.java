package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The README's runbook example (examples/runbook-check-mail.sh) run with bash and curl against a live server. */
@Timeout(120)
class RunbookExampleTest {
    private static final Path SCRIPT = Path.of("..", "examples", "runbook-check-mail.sh");

    private record Run(int exit, String out, String err) {}

    private static Run run(int port, String token, String... targets) throws IOException, InterruptedException {
        return runFailingOn(port, token, null, targets);
    }

    private static Run runFailingOn(int port, String token, @Nullable String failOn, String... targets)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        cmd.addAll(List.of(targets));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("MAILTLS_URL", "http://127.0.0.1:" + port);
        pb.environment().put("MAILTLS_TOKEN", token);
        if (failOn != null) {
            pb.environment().put("MAILTLS_FAIL_ON", failOn);
        }
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, err);
    }

    private static boolean curlPresent() {
        return Files.isExecutable(Path.of("/usr/bin/curl")) || Files.isExecutable(Path.of("/bin/curl"));
    }

    @Test
    void theStepFailsWhenAProbeFailsAndPassesWhenNoneDoes(@TempDir Path dir) throws Exception {
        assumeTrue(curlPresent() || Boolean.getBoolean("mailtls.requireInterop"), "curl is not installed");
        assertThat(SCRIPT).isRegularFile();
        TestPki pki = TestPki.create();
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                        .sslContext(pki.serverContext(pki.leaf("mail.test")))
                        .start();
                TestServer t =
                        TestServer.builder().caFile(pki.writeRootPem(dir)).build();
                WebServer web = t.web().start("127.0.0.1", 0)) {
            String plain = "mail.test " + mail.port() + " starttls smtp";

            Run healthy = run(web.port(), TestServer.TOKEN, plain);
            assertThat(healthy.out()).startsWith("Batch: ok (1 targets)").contains("mail.test:" + mail.port());
            assertThat(healthy.exit()).as(healthy.out()).isZero();

            Run failing = run(web.port(), TestServer.TOKEN, plain, "nothing.test 25 starttls");
            assertThat(failing.out()).startsWith("Batch: failure (2 targets)");
            assertThat(failing.exit()).isEqualTo(2);

            Run badToken = run(web.port(), "not-the-token-0123456", plain);
            assertThat(badToken.exit()).isEqualTo(3);
            assertThat(badToken.err()).contains("401");

            Run badInput = run(web.port(), TestServer.TOKEN, "mail.test 99999");
            assertThat(badInput.exit()).isEqualTo(3);
            assertThat(badInput.err()).contains("HTTP 422");
        }
    }

    @Test
    void failOnWarningsFailsTheStepOnAWarningAndAnUnknownValueIsRefused(@TempDir Path dir) throws Exception {
        assumeTrue(curlPresent() || Boolean.getBoolean("mailtls.requireInterop"), "curl is not installed");
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP).start();
                TestServer t = TestServer.builder().build();
                WebServer web = t.web().start("127.0.0.1", 0)) {
            // A plaintext probe that works is a warning (PLAINTEXT_ONLY), not a failure.
            String plain = "mail.test " + mail.port() + " plain smtp";

            Run lenient = run(web.port(), TestServer.TOKEN, plain);
            assertThat(lenient.out()).startsWith("Batch: warning (1 targets)");
            assertThat(lenient.exit()).isZero();

            for (String word : List.of("warnings", "warning")) {
                Run strict = runFailingOn(web.port(), TestServer.TOKEN, word, plain);
                assertThat(strict.out()).startsWith("Batch: warning (1 targets)");
                assertThat(strict.exit()).as("MAILTLS_FAIL_ON=" + word).isEqualTo(1);
            }

            Run unknown = runFailingOn(web.port(), TestServer.TOKEN, "warnigns", plain);
            assertThat(unknown.exit()).isEqualTo(3);
            assertThat(unknown.err()).contains("MAILTLS_FAIL_ON must be 'failure' or 'warnings', not 'warnigns'");
            assertThat(unknown.out()).isEmpty();
        }
    }

    @Test
    void aServerThatDoesNotAnswerIsSaidInOneLine() throws Exception {
        assumeTrue(curlPresent() || Boolean.getBoolean("mailtls.requireInterop"), "curl is not installed");
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Run r = run(closed, TestServer.TOKEN, "mail.test 25");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err().strip())
                .isEqualTo("mailtls at http://127.0.0.1:" + closed
                        + " did not answer (connection refused, timed out or not HTTP)");
        assertThat(r.err()).doesNotContain("HTTP 000");
    }
}
