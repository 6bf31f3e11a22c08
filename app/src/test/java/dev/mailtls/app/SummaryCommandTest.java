package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.mailtls.diagnosis.Status;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.history.HistoryStores;
import dev.mailtls.probe.Prober;
import dev.mailtls.summary.HistoryStore;
import dev.mailtls.summary.TargetSnapshot;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailtls summary <group> [--post]}: history in H2 under the data directory, a webhook captured locally. */
@Timeout(120)
class SummaryCommandTest {
    @TempDir
    Path tmp;

    private HttpServer hook;
    private final List<String> posted = new CopyOnWriteArrayList<>();
    private ScriptedMailServer mail;
    private Map<String, String> env;

    @BeforeEach
    void start() throws Exception {
        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", ex -> {
            posted.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();
        mail = ScriptedMailServer.builder(Protocol.SMTP)
                .advertiseStartTls(false)
                .start();
        Path yaml = Files.writeString(tmp.resolve("mailtls.yaml"), """
                allow_cidrs: [ "127.0.0.0/8" ]
                allow_ports: [ %d ]
                groups:
                  edge:
                    targets:
                      - mail.test %d plain smtp
                    post_to: [ "webhook:http://127.0.0.1:%d/hook" ]
                  quiet:
                    targets: [ "mail.test %d plain smtp" ]
                """.formatted(
                        mail.port(), mail.port(), hook.getAddress().getPort(), mail.port()));
        env = Map.of(
                "MAILTLS_CONFIG",
                yaml.toString(),
                "MAILTLS_DATA_DIR",
                tmp.resolve("data").toString());
    }

    @AfterEach
    void stop() {
        hook.stop(0);
        mail.close();
    }

    record Run(int code, String out, String err) {}

    private Run run(String... args) {
        return run(env, args);
    }

    private Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new MailtlsCli(
                        new Prober(TestResolver.loopback("mail.test", "a.test", "b.test", "c.test"), Clock.systemUTC()),
                        env,
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        false)
                .execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aSecondRunReportsWhatChangedAndPostsOnlyWithPost() {
        Run first = run("summary", "edge", "--json");
        assertThat(first.out()).contains("\"group\" : \"edge\"");
        assertThat(first.code()).isIn(ExitCodes.OK, ExitCodes.WARNING, ExitCodes.FAILURE);
        assertThat(posted).isEmpty();

        mail.close();
        Run second = run("summary", "edge", "--post");
        assertThat(second.code()).as(second.out() + second.err()).isEqualTo(ExitCodes.FAILURE);
        assertThat(second.out()).contains("mail.test");
        assertThat(posted).hasSize(1);
        assertThat(posted.get(0)).contains("\"group\":\"edge\"").contains("NEW_FAILURE");
        assertThat(second.err()).contains("posted to webhook:127.0.0.1");
    }

    @Test
    void summaryHoldsToTheConfiguredRatePerHost() throws Exception {
        Path yaml = Files.writeString(
                tmp.resolve("fleet.yaml"), """
                allow_cidrs: [ "127.0.0.0/8" ]
                allow_ports: [ %d ]
                rate_per_host: 2/1h
                groups:
                  pair:
                    targets: [ "a.test %d plain smtp", "b.test %d plain smtp", "c.test %d plain smtp" ]
                """.formatted(mail.port(), mail.port(), mail.port(), mail.port()));
        Map<String, String> fleet = Map.of(
                "MAILTLS_CONFIG",
                yaml.toString(),
                "MAILTLS_DATA_DIR",
                tmp.resolve("fleet").toString());

        Run r = run(fleet, "summary", "pair", "--json");

        // Three names of one address: the default 24 connections a minute would let all three through;
        // 2 an hour lets two, and the third waits longer than a run's budget, so it is not probed.
        assertThat(mail.connections()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out()).containsOnlyOnce("\"failureCode\" : \"NOT_PROBED\"");
    }

    @Test
    void unknownGroupsAndPostWithoutDestinationsAreUsageErrors() {
        Run unknown = run("summary", "nope");
        assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("no group named 'nope'").contains("edge");
        Run noDestinations = run("summary", "quiet", "--post");
        assertThat(noDestinations.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noDestinations.err()).contains("no post_to destinations");
    }

    @Test
    void aRunUsesTheServersCaFileAndRecordsATrustedCertificateAsTrusted() throws Exception {
        TestPki pki = TestPki.create();
        Path ca = pki.writeRootPem(tmp);
        try (ScriptedMailServer tls = ScriptedMailServer.builder(Protocol.SMTP)
                .sslContext(pki.serverContext(pki.leaf("mail.test")))
                .implicitTls(true)
                .start()) {
            Path yaml = Files.writeString(tmp.resolve("tls.yaml"), """
                    ca_file: %s
                    allow_cidrs: [ "127.0.0.0/8" ]
                    allow_ports: [ %d ]
                    groups:
                      secure:
                        targets: [ "mail.test %d tls smtp" ]
                    """.formatted(ca, tls.port(), tls.port()));
            Path data = tmp.resolve("tls-data");
            Run r = run(
                    Map.of("MAILTLS_CONFIG", yaml.toString(), "MAILTLS_DATA_DIR", data.toString()),
                    "summary",
                    "secure");

            assertThat(r.err()).doesNotContain("internal error");
            try (HistoryStore store = HistoryStores.fromConfig(null, null, null, data)) {
                TargetSnapshot stored =
                        store.latest("secure").orElseThrow().snapshots().get(0);
                assertThat(stored.hintCodes()).as(r.out()).doesNotContain("CERT_UNTRUSTED");
                assertThat(stored.certSubject()).isNotNull();
                assertThat(stored.status()).isNotEqualTo(Status.FAILURE);
            }
        }
    }

    @Test
    void aRunProbesUnderTheServersAddressPolicy() throws Exception {
        Path yaml = Files.writeString(tmp.resolve("strict.yaml"), """
                groups:
                  edge:
                    targets: [ "mail.test %d plain smtp" ]
                """.formatted(mail.port()));
        Path data = tmp.resolve("strict-data");
        Run r = run(Map.of("MAILTLS_CONFIG", yaml.toString(), "MAILTLS_DATA_DIR", data.toString()), "summary", "edge");

        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.FAILURE);
        assertThat(mail.connections()).isZero();
        try (HistoryStore store = HistoryStores.fromConfig(null, null, null, data)) {
            assertThat(store.latest("edge").orElseThrow().snapshots().get(0).hintCodes())
                    .contains("ADDRESS_DENIED");
        }
    }

    @Test
    void aHistoryHeldByARunningServerGetsOneLineAndExit75() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        Process holder = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        HistoryHolder.class.getName(),
                        data.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (BufferedReader said = holder.inputReader(StandardCharsets.UTF_8)) {
            assertThat(said.readLine()).isEqualTo(HistoryHolder.HELD);

            Run r = run("summary", "edge");

            assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.TEMPORARY_FAILURE);
            assertThat(r.err().lines().toList())
                    .as(r.err())
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains("held by a running mailtls serve")
                    .contains("POST")
                    .contains("http://127.0.0.1:8080/api/v1/groups/edge/runs")
                    .doesNotContain("Exception");
            assertThat(r.out()).isEmpty();
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(30, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
    }

    @Test
    void withoutPostAChatDestinationNeedsNoToken() throws Exception {
        Path yaml = Files.writeString(tmp.resolve("chat.yaml"), """
                allow_cidrs: [ "127.0.0.0/8" ]
                allow_ports: [ %d ]
                groups:
                  chat:
                    targets: [ "mail.test %d plain smtp" ]
                    post_to: [ "slack:C0123456" ]
                """.formatted(mail.port(), mail.port()));
        Map<String, String> chatEnv = Map.of(
                "MAILTLS_CONFIG",
                yaml.toString(),
                "MAILTLS_DATA_DIR",
                tmp.resolve("chat-data").toString());

        Run printed = run(chatEnv, "summary", "chat", "--json");
        assertThat(printed.err()).doesNotContain("SLACK_BOT_TOKEN");
        assertThat(printed.code()).as(printed.err()).isIn(ExitCodes.OK, ExitCodes.WARNING, ExitCodes.FAILURE);
        assertThat(printed.out()).contains("\"group\" : \"chat\"");

        Run posting = run(chatEnv, "summary", "chat", "--post");
        assertThat(posting.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(posting.err()).contains("needs SLACK_BOT_TOKEN");
    }
}
