package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.http.ApiTokens;
import dev.mailtls.net.Cidr;
import dev.mailtls.testing.RealMailServers;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestPki;
import dev.mailtls.testing.TestResolver;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped monitoring files against the real thing: {@code promtool} checks and unit-tests
 * deploy/prometheus/alerts.yml, and a real Prometheus (Debian's, as .ci/run installs it) scrapes a
 * running {@code serve} whose watched group has a certificate 2 days from expiry and a dead target
 * that failed twice: the rules load, the expiry and failing-target alerts come up for exactly those
 * targets, and every query of deploy/grafana/mailtls.json parses and finds series.
 */
@Timeout(180)
class PrometheusMonitoringTest {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final String TOKEN = "monitoring-test-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestPki PKI = TestPki.create();

    @TempDir
    Path tmp;

    private static Path deploy() {
        return DockerfileTest.repositoryRoot().resolve("deploy");
    }

    /** Skips without Prometheus, or fails when interop is required (as in CI). */
    private static void assumePrometheus() {
        boolean present = Files.isExecutable(PROMETHEUS) && Files.isExecutable(PROMTOOL);
        if (!present && Boolean.getBoolean(RealMailServers.REQUIRE_PROPERTY)) {
            Assertions.fail("-D" + RealMailServers.REQUIRE_PROPERTY
                    + "=true, but Prometheus is not installed: .ci/run installs it (apt-get install prometheus)");
        }
        Assumptions.assumeTrue(present, "Prometheus (prometheus, promtool) is not installed");
    }

    private record Run(int exit, String output) {}

    private static Run run(Path dir, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("mailtls-promtool-", ".out");
        try {
            Process p = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS))
                    .as(String.join(" ", command))
                    .isTrue();
            return new Run(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void promtoolChecksTheRulesAndTheirUnitTestsPass() throws Exception {
        assumePrometheus();
        Path rules = deploy().resolve("prometheus");

        Run check = run(rules, PROMTOOL.toString(), "check", "rules", "--lint=all", "--lint-fatal", "alerts.yml");
        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 6 rules found");

        Run test = run(rules, PROMTOOL.toString(), "test", "rules", "alerts_test.yml");
        assertThat(test.exit()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static JsonNode get(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("status").asText())
                .as(url + " answered " + r.body())
                .isEqualTo("success");
        return body.path("data");
    }

    private static JsonNode query(HttpClient http, String prometheus, String expr)
            throws IOException, InterruptedException {
        return get(http, prometheus + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
    }

    /**
     * A started {@code serve} with the scheduled group {@code edge} of SMTP STARTTLS targets on
     * {@code mail.test} (loopback) at {@code ports}, trusting the test CA.
     */
    private MailtlsServer serve(int... ports) throws Exception {
        StringBuilder targets = new StringBuilder();
        Set<Integer> allowed = new HashSet<>();
        for (int port : ports) {
            targets.append(targets.isEmpty() ? "" : ", ")
                    .append("\"mail.test ")
                    .append(port)
                    .append(" starttls smtp\"");
            allowed.add(port);
        }
        Path yaml = Files.writeString(
                tmp.resolve("mailtls.yaml"),
                "groups:\n  edge:\n    targets: [ " + targets + " ]\n"
                        + "    schedule: \"0 3 * * *\"\n"
                        + "    post_to: [ \"webhook:https://hooks.example.com/x\" ]\n");
        ServeConfig config = ServeConfigLoader.load(
                        Map.of(
                                "MAILTLS_CONFIG", yaml.toString(),
                                "MAILTLS_DATA_DIR", tmp.resolve("data").toString(),
                                "MAILTLS_CA_FILE", PKI.writeRootPem(tmp).toString()),
                        tmp)
                .withHttpAddr(new HttpAddress("127.0.0.1", 0))
                .withApiTokens(ApiTokens.of(List.of(TOKEN)))
                .withAllowCidrs(List.of(Cidr.parse("127.0.0.0/8")))
                .withAllowPorts(allowed);
        return new MailtlsServer(config, TestResolver.loopback("mail.test")).start();
    }

    /** Runs the group {@code edge} over the API; returns what /metrics says after it. */
    private static String runGroupAndScrape(HttpClient http, MailtlsServer server, int runs) throws Exception {
        for (int i = 0; i < runs; i++) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/groups/edge/runs"))
                            .header("Authorization", "Bearer " + TOKEN)
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .timeout(Duration.ofSeconds(60))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        return http.send(
                        HttpRequest.newBuilder(URI.create(server.url() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    @Test
    void aRealPrometheusScrapingServeLoadsTheRulesRaisesTheAlertsAndAnswersTheDashboard() throws Exception {
        assumePrometheus();
        int dead = freePort();
        try (ScriptedMailServer expiring = ScriptedMailServer.builder(Protocol.SMTP)
                        .sslContext(PKI.serverContext(PKI.expiringIn(Duration.ofDays(2), "mail.test")))
                        .start();
                HttpClient http = HttpClient.newHttpClient()) {
            try (MailtlsServer server = serve(expiring.port(), dead)) {
                // Two runs: the dead target fails twice in a row.
                String scrape = runGroupAndScrape(http, server, 2);
                String serverTarget = URI.create(server.url()).getAuthority();

                int port = freePort();
                Path promConfig = Files.writeString(
                        tmp.resolve("prometheus.yml"),
                        "global: { scrape_interval: 1s, evaluation_interval: 1s }\n"
                                + "rule_files: [ '" + deploy().resolve("prometheus/alerts.yml") + "' ]\n"
                                + "scrape_configs:\n"
                                + "  - job_name: mailtls\n"
                                + "    static_configs: [ { targets: [ '" + serverTarget + "' ] } ]\n");
                Run checked = run(tmp, PROMTOOL.toString(), "check", "config", promConfig.toString());
                assertThat(checked.exit()).as(checked.output()).isZero();
                Process prometheus = new ProcessBuilder(
                                PROMETHEUS.toString(),
                                "--config.file=" + promConfig,
                                "--storage.tsdb.path=" + tmp.resolve("tsdb"),
                                "--web.listen-address=127.0.0.1:" + port,
                                "--log.level=warn")
                        .redirectErrorStream(true)
                        .redirectOutput(tmp.resolve("prometheus.log").toFile())
                        .start();
                try {
                    String base = "http://127.0.0.1:" + port;
                    Instant deadline = Instant.now().plusSeconds(90);
                    Map<String, Set<String>> alerts = Map.of();
                    // The first scrape comes about 6 s after start (Prometheus 2.42), the rules a second later.
                    while (Instant.now().isBefore(deadline)) {
                        alerts = alertsByName(http, base);
                        if (alerts.getOrDefault("MailtlsTargetFailing", Set.of())
                                                .size()
                                        == 2
                                && alerts.containsKey("MailtlsCertificateExpiresIn3Days")) {
                            break;
                        }
                        Thread.sleep(500);
                    }
                    assertThat(alerts)
                            .as("alerts after scraping; prometheus log: "
                                    + Files.readString(tmp.resolve("prometheus.log")) + "\nscrape:\n" + scrape)
                            .containsKeys("MailtlsTargetFailing", "MailtlsCertificateExpiresIn3Days")
                            .doesNotContainKeys(
                                    "MailtlsCertificateExpiresIn14Days",
                                    "MailtlsNotReady",
                                    "MailtlsGroupNotRunOnSchedule",
                                    "MailtlsDiscordGatewayUnheld");
                    // No "for": firing at once, on both (2 days left is an error, so that target fails
                    // too). The expiry alert waits 10 minutes, and only the certificate has one.
                    assertThat(alerts.get("MailtlsTargetFailing"))
                            .containsExactlyInAnyOrder(
                                    "firing mail.test:" + dead, "firing mail.test:" + expiring.port());
                    assertThat(alerts.get("MailtlsCertificateExpiresIn3Days"))
                            .containsExactly("pending mail.test:" + expiring.port());

                    for (JsonNode group : get(http, base + "/api/v1/rules").path("groups")) {
                        for (JsonNode rule : group.path("rules")) {
                            assertThat(rule.path("health").asText())
                                    .as(rule.path("name").asText() + ": "
                                            + rule.path("lastError").asText())
                                    .isEqualTo("ok");
                        }
                    }

                    dashboardQueriesParseAndFindSeries(http, base);
                } finally {
                    prometheus.destroy();
                    if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                        prometheus.destroyForcibly();
                    }
                }
            }
        }
    }

    /** Each alert's series as their state and target, by the alert's name. */
    private static Map<String, Set<String>> alertsByName(HttpClient http, String base)
            throws IOException, InterruptedException {
        Map<String, Set<String>> out = new java.util.TreeMap<>();
        HttpResponse<String> r;
        try {
            r = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/alerts")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            return out; // not listening yet
        }
        if (r.statusCode() != 200) {
            return out; // not ready yet
        }
        for (JsonNode a : JSON.readTree(r.body()).path("data").path("alerts")) {
            out.computeIfAbsent(a.path("labels").path("alertname").asText(), k -> new java.util.TreeSet<>())
                    .add(a.path("state").asText() + " "
                            + a.path("labels").path("target").asText());
        }
        return out;
    }

    /**
     * Every query of the Grafana dashboard, with its variables given values ({@code $group} all
     * groups, {@code $__rate_interval} a minute), parses in Prometheus, and those about watched
     * targets and groups find series: a renamed metric would leave a panel empty.
     */
    private static void dashboardQueriesParseAndFindSeries(HttpClient http, String base) throws Exception {
        JsonNode dashboard =
                JSON.readTree(deploy().resolve("grafana/mailtls.json").toFile());
        List<String> empty = new ArrayList<>();
        int queries = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr =
                        target.path("expr").asText().replace("$group", ".*").replace("$__rate_interval", "1m");
                JsonNode data = query(http, base, expr);
                queries++;
                boolean watched = expr.contains("mailtls_target_") || expr.contains("mailtls_group_last_run");
                if (watched && data.path("result").isEmpty()) {
                    empty.add(panel.path("title").asText() + ": " + expr);
                }
            }
        }
        assertThat(queries).isGreaterThanOrEqualTo(13);
        assertThat(empty).as("dashboard queries that found no series").isEmpty();
    }

    /** The metric names the dashboard and the rules use, for the test below. */
    private static Set<String> metricNames(String text) {
        Set<String> names = new HashSet<>();
        Matcher m = Pattern.compile("\\bmailtls_[a-z_]+").matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    /**
     * Without Prometheus too: every metric the dashboard and the rules name is one the server
     * exports (checked against a scrape of a configured server that ran its group once).
     */
    @Test
    void theDashboardAndTheRulesNameOnlyMetricsTheServerExports() throws Exception {
        Set<String> used = new HashSet<>();
        used.addAll(metricNames(Files.readString(deploy().resolve("grafana/mailtls.json"))));
        used.addAll(metricNames(Files.readString(deploy().resolve("prometheus/alerts.yml"))));
        assertThat(used).contains("mailtls_target_certificate_days_left", "mailtls_probes_total");

        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                        .sslContext(PKI.serverContext(PKI.leaf("mail.test")))
                        .start();
                HttpClient http = HttpClient.newHttpClient()) {
            try (MailtlsServer server = serve(mail.port())) {
                String scrape = runGroupAndScrape(http, server, 1);
                Set<String> exported = new HashSet<>();
                for (String line : scrape.lines().toList()) {
                    if (line.startsWith("mailtls_")) {
                        exported.add(line.split("[{ ]", 2)[0]);
                    }
                }
                // Exported only with DISCORD_TOKEN, by the Discord front end's lease (LeaseMetricsTest).
                exported.add("mailtls_lease_held");
                assertThat(exported).as(scrape).containsAll(used);
            }
        }
    }
}
