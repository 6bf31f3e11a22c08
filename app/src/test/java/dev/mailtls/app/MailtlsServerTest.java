package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.http.ApiTokens;
import dev.mailtls.net.Cidr;
import dev.mailtls.service.Rate;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestResolver;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server wired from a ServeConfig, on 127.0.0.1:0, talked to over HTTP. */
class MailtlsServerTest {
    static final String TOKEN = "server-test-token-0123456789";

    @TempDir
    Path tmp;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private MailtlsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        http.close();
    }

    MailtlsServer start(ServeConfig config) {
        server = new MailtlsServer(config.withHttpAddr(new HttpAddress("127.0.0.1", 0)), TestResolver.loopback())
                .start();
        return server;
    }

    ServeConfig config() {
        return ServeConfig.defaults(tmp);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.url() + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postProbe(String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/probes"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"host\": \"localhost\", \"port\": 25}"));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersHealthAndReadinessWhenTheDataDirIsWritable() throws Exception {
        start(config());

        assertThat(server.port()).isPositive();
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"ready\"");
    }

    @Test
    void apiWithoutATokenIs401() throws Exception {
        start(config().withApiTokens(ApiTokens.of(List.of(TOKEN))));

        assertThat(postProbe(null).statusCode()).isEqualTo(401);
        assertThat(postProbe("Bearer wrong-token-0123456789").statusCode()).isEqualTo(401);
    }

    @Test
    void apiWithAConfiguredTokenIsNot401AndTheStrictPolicyRefusesLoopback() throws Exception {
        start(config().withApiTokens(ApiTokens.of(List.of(
                // printf '%s' server-test-token-0123456789 | sha256sum
                "sha256:d2815e57b4e2c69d6f730580b5b35725d6e40f6d4c3086ba99e6352dfaba13ac"))));

        HttpResponse<String> r = postProbe("Bearer " + TOKEN);

        assertThat(r.statusCode()).isNotEqualTo(401);
        // localhost resolves to 127.0.0.1, which the server's strict address policy denies.
        assertThat(r.statusCode()).isEqualTo(403);
    }

    @Test
    void theServerRoutesDomainChecksUnderTheApiTokens() throws Exception {
        start(config().withApiTokens(ApiTokens.of(List.of(
                // printf '%s' server-test-token-0123456789 | sha256sum
                "sha256:d2815e57b4e2c69d6f730580b5b35725d6e40f6d4c3086ba99e6352dfaba13ac"))));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/domains"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"domain\": \"https://example.com/\"}"));

        HttpResponse<String> none = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> bad =
                http.send(b.header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(none.statusCode()).isEqualTo(401);
        // Read before anything is looked up, whether or not the server runs domain checks.
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("urn:mailtls:problem:invalid-domain", "domain: ");
    }

    @Test
    void theConfiguredRatePerRequesterHoldsTheApi() throws Exception {
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                .advertiseStartTls(false)
                .start()) {
            LimitsConfig d = LimitsConfig.DEFAULT;
            start(config().withApiTokens(ApiTokens.of(List.of(TOKEN)))
                    .withAllowCidrs(List.of(Cidr.parse("127.0.0.0/8")))
                    .withAllowPorts(Set.of(mail.port()))
                    .withLimits(new LimitsConfig(
                            d.maxConcurrent(), d.maxQueued(), Rate.parse("2/1h"), Rate.parse("2/1h"), d.perHost())));
            String body = "{\"host\": \"localhost\", \"port\": " + mail.port()
                    + ", \"transport\": \"plain\", \"fresh\": true}";

            List<Integer> codes = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                codes.add(http.send(
                                HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/probes"))
                                        .timeout(Duration.ofSeconds(20))
                                        .header("Content-Type", "application/json")
                                        .header("Authorization", "Bearer " + TOKEN)
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode());
            }

            // The defaults allow 3 fresh probes a minute; the configured 2 an hour refuse the third.
            assertThat(codes).containsExactly(200, 200, 429);
            assertThat(mail.connections()).isEqualTo(2);
        }
    }

    @Test
    void noTokensConfiguredMeansTheApiRefusesEveryone() throws Exception {
        start(config());

        HttpResponse<String> r = postProbe("Bearer " + TOKEN);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("MAILTLS_API_TOKENS");
    }

    @Test
    void readinessIs503WhenTheDataDirIsNotWritable() throws Exception {
        // A regular file where the directory should be: not writable into even for root.
        Path file = Files.writeString(tmp.resolve("data-is-a-file"), "x");
        start(new ServeConfig(
                HttpAddress.DEFAULT,
                ApiTokens.none(),
                List.of(),
                List.of(),
                config().allowPorts(),
                Duration.ofMinutes(5),
                null,
                file,
                true,
                null,
                List.of(),
                FrontEnds.off(FrontEnds.ALL),
                GroupsConfig.NONE,
                // The history elsewhere: the embedded one cannot live in a data directory that is a file.
                new HistoryConfig("jdbc:h2:mem:readiness;DB_CLOSE_DELAY=-1", null, null, 90),
                DnsConfig.DEFAULT,
                LimitsConfig.DEFAULT));

        HttpResponse<String> ready = get("/readyz");

        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("data directory").contains("is not a directory");
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsIncludeJvmMeters() throws Exception {
        start(config());

        HttpResponse<String> metrics = get("/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("process_uptime_seconds");
    }

    @Test
    void closeStopsTheListener() throws Exception {
        start(config());
        int port = server.port();

        server.close();

        assertThatThrownBy(() -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                    }
                })
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void closeTwiceIsHarmless() {
        start(config());

        server.close();
        server.close();
    }
}
