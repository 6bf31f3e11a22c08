package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.http.ApiTokens;
import dev.mailtls.testing.TestResolver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** serve, healthcheck and token-hash as the command line runs them: exit codes and output. */
class ServeCommandLineTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(Map<String, String> env, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new MailtlsCli(
                        new dev.mailtls.probe.Prober(TestResolver.loopback(), java.time.Clock.systemUTC()),
                        env,
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        false)
                .execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "MAILTLS_CACHE_TTL | banana",
                "MAILTLS_HTTP_ADDR | nowhere",
                "MAILTLS_ALLOW_PORTS | smtp",
                "MAILTLS_PAGE_PROBES | maybe",
            })
    void serveWithABadVariableExits64WithOneLine(String variable, String value) {
        Run r = run(Map.of(variable, value, "XDG_DATA_HOME", tmp.toString()), "", "serve");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("mailtls: " + variable + ": ").contains(value);
        assertThat(r.err().strip()).doesNotContain("\n");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void serveHelpListsEveryVariableWithItsYamlKey() {
        Run r = run(Map.of(), "", "serve", "--help");

        assertThat(r.code()).isZero();
        for (ServeSetting s : ServeSetting.values()) {
            assertThat(r.out()).contains(s.env()).contains("(" + s.yamlKey() + ")");
        }
        assertThat(r.out()).contains("MAILTLS_CONFIG");
    }

    @Test
    void readmeDocumentsEveryVariableAndYamlKey() throws Exception {
        String docs = ProjectDocs.all();

        for (ServeSetting s : ServeSetting.values()) {
            assertThat(docs).contains("| `" + s.env() + "` | `" + s.yamlKey() + "` |");
        }
        assertThat(ProjectDocs.read(DockerfileTest.repositoryRoot().resolve("README.md")))
                .contains("./mailtls serve");
    }

    @Test
    void serveWithABadTokenNeverEchoesIt() {
        Run r = run(Map.of("MAILTLS_API_TOKENS", "tiny-secret", "XDG_DATA_HOME", tmp.toString()), "", "serve");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("mailtls: MAILTLS_API_TOKENS: token #1").doesNotContain("tiny-secret");
    }

    @Test
    void serveWhenTheAddressIsTakenExits69() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            Run r = run(
                    Map.of("MAILTLS_HTTP_ADDR", "127.0.0.1:" + taken.getLocalPort(), "XDG_DATA_HOME", tmp.toString()),
                    "",
                    "serve");

            assertThat(r.code()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(r.err()).startsWith("mailtls: cannot listen on 127.0.0.1:" + taken.getLocalPort());
            assertThat(r.err().strip()).doesNotContain("\n");
        }
    }

    @Test
    void healthcheckExits0WhenTheServerIsHealthy() {
        try (MailtlsServer server = new MailtlsServer(
                        ServeConfig.defaults(tmp).withHttpAddr(new HttpAddress("127.0.0.1", 0)),
                        TestResolver.loopback())
                .start()) {
            Run r = run(Map.of("MAILTLS_HTTP_ADDR", "127.0.0.1:" + server.port()), "", "healthcheck");

            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("http://127.0.0.1:" + server.port() + "/healthz");
        }
    }

    @Test
    void healthcheckAsksLoopbackWhenTheServerListensOnEveryInterface() {
        try (MailtlsServer server = new MailtlsServer(
                        ServeConfig.defaults(tmp).withHttpAddr(new HttpAddress("0.0.0.0", 0)), TestResolver.loopback())
                .start()) {
            Run r = run(Map.of("MAILTLS_HTTP_ADDR", ":" + server.port()), "", "healthcheck");

            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("http://127.0.0.1:" + server.port() + "/healthz");
        }
    }

    @Test
    void healthcheckExits1WhenNothingListens() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }

        Run r = run(Map.of("MAILTLS_HTTP_ADDR", "127.0.0.1:" + port), "", "healthcheck");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("mailtls: unhealthy: http://127.0.0.1:" + port + "/healthz");
    }

    @Test
    void healthcheckExits1WhenHealthIsNot200() throws Exception {
        com.sun.net.httpserver.HttpServer sick =
                com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sick.createContext("/healthz", ex -> {
            ex.sendResponseHeaders(503, -1);
            ex.close();
        });
        sick.start();
        try {
            Run r = run(
                    Map.of("MAILTLS_HTTP_ADDR", "127.0.0.1:" + sick.getAddress().getPort()), "", "healthcheck");

            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains("answered 503");
        } finally {
            sick.stop(0);
        }
    }

    @Test
    void healthcheckWithABadAddressExits64() {
        Run r = run(Map.of("MAILTLS_HTTP_ADDR", "nowhere"), "", "healthcheck");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("mailtls: MAILTLS_HTTP_ADDR: ");
    }

    @Test
    void tokenHashPrintsTheSha256FormTheServerAccepts() {
        String token = "a-long-enough-token-0123";

        Run r = run(Map.of(), token + "\n", "token-hash");

        assertThat(r.code()).isZero();
        // printf '%s' a-long-enough-token-0123 | sha256sum: a known answer, not mailtls's own digest.
        assertThat(r.out().strip())
                .isEqualTo("sha256:55b4f3edd8b9b3260e61ee96b0dfcd5ae7bb7e795d6e330d1154f50e22d28b4e");
        assertThat(ApiTokens.of(java.util.List.of(r.out().strip())).authenticate("Bearer " + token))
                .isPresent();
    }

    @Test
    void tokenHashRefusesAShortTokenWithoutEchoingIt() {
        Run r = run(Map.of(), "short\n", "token-hash");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("mailtls: the token must be at least 16").doesNotContain("short");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void tokenHashWithNothingOnStdinExits64() {
        Run r = run(Map.of(), "", "token-hash");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("standard input");
    }

    @Test
    void serveWarnsAboutAnUnknownVariableOnceWithoutItsValue() {
        Run r = run(
                Map.of(
                        "MAILTLS_HTP_ADDR", "127.0.0.1:9999",
                        "MAILTLS_API_TOKEN", "a-secret-token-0123456789",
                        "MAILTLS_CACHE_TTL", "banana", // stops the start right after the warnings
                        "XDG_DATA_HOME", tmp.toString()),
                "",
                "serve");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().lines().toList())
                .containsExactly(
                        "mailtls: warning: MAILTLS_API_TOKEN is not a mailtls setting (ignored); did you mean"
                                + " MAILTLS_API_TOKENS?",
                        "mailtls: warning: MAILTLS_HTP_ADDR is not a mailtls setting (ignored); did you mean"
                                + " MAILTLS_HTTP_ADDR?",
                        "mailtls: MAILTLS_CACHE_TTL: bad duration 'banana': use e.g. 300, 300s, 5m, 1h or PT5M");
        assertThat(r.err()).doesNotContain("a-secret-token").doesNotContain("9999");
    }

    @Test
    void summaryWarnsAboutAnUnknownVariable() {
        Run r = run(
                Map.of("MAILTLS_DB_URLL", "jdbc:h2:mem:x", "XDG_DATA_HOME", tmp.toString()), "", "summary", "nosuch");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err())
                .startsWith("mailtls: warning: MAILTLS_DB_URLL is not a mailtls setting (ignored); did you mean"
                        + " MAILTLS_DB_URL?\n");
    }

    @Test
    void healthcheckReadsTheAddressFromTheConfigurationFile() throws Exception {
        com.sun.net.httpserver.HttpServer healthy = healthz(200);
        try {
            int port = healthy.getAddress().getPort();
            Path yaml = tmp.resolve("mailtls.yaml");
            java.nio.file.Files.writeString(yaml, "cache_ttl: 5m\nhttp_addr: \"127.0.0.1:" + port + "\"\n");

            Run r = run(Map.of("MAILTLS_CONFIG", yaml.toString()), "", "healthcheck");

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("healthy: http://127.0.0.1:" + port + "/healthz\n");
        } finally {
            healthy.stop(0);
        }
    }

    @Test
    void healthcheckPrefersTheVariableToTheFileAsServeDoes() throws Exception {
        com.sun.net.httpserver.HttpServer healthy = healthz(200);
        com.sun.net.httpserver.HttpServer sick = healthz(503);
        try {
            Path yaml = tmp.resolve("mailtls.yaml");
            java.nio.file.Files.writeString(
                    yaml, "http_addr: 127.0.0.1:" + sick.getAddress().getPort() + "\n");

            Run r = run(
                    Map.of(
                            "MAILTLS_CONFIG",
                            yaml.toString(),
                            "MAILTLS_HTTP_ADDR",
                            "127.0.0.1:" + healthy.getAddress().getPort()),
                    "",
                    "healthcheck");

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains(":" + healthy.getAddress().getPort() + "/healthz");
        } finally {
            healthy.stop(0);
            sick.stop(0);
        }
    }

    @Test
    void healthcheckWithABadAddressInTheFileExits64NamingTheLine() throws Exception {
        Path yaml = tmp.resolve("mailtls.yaml");
        java.nio.file.Files.writeString(yaml, "cache_ttl: 5m\nhttp_addr: nowhere\n");

        Run r = run(Map.of("MAILTLS_CONFIG", yaml.toString()), "", "healthcheck");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err())
                .isEqualTo("mailtls: " + yaml + " line 2, http_addr: expected host:port, [v6]:port or"
                        + " :port (e.g. 127.0.0.1:8080 or :8080), was 'nowhere'\n");
    }

    @Test
    void healthcheckWarnsAboutAMistypedAddressVariable() throws Exception {
        com.sun.net.httpserver.HttpServer healthy = healthz(200);
        try {
            Run r = run(
                    Map.of(
                            "MAILTLS_HTTP_ADDR",
                            "127.0.0.1:" + healthy.getAddress().getPort(),
                            "MAILTLS_HTTP_ADR",
                            "x"),
                    "",
                    "healthcheck");

            assertThat(r.code()).isZero();
            assertThat(r.err())
                    .isEqualTo("mailtls: warning: MAILTLS_HTTP_ADR is not a mailtls setting (ignored); did you mean"
                            + " MAILTLS_HTTP_ADDR?\n");
        } finally {
            healthy.stop(0);
        }
    }

    /** A tiny server on loopback whose /healthz answers {@code status}. */
    private static com.sun.net.httpserver.HttpServer healthz(int status) throws java.io.IOException {
        com.sun.net.httpserver.HttpServer s =
                com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/healthz", ex -> {
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        s.start();
        return s;
    }
}
