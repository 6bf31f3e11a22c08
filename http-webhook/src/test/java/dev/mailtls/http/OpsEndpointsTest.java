package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.testing.FaultServer;
import dev.mailtls.testing.ScriptedMailServer;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** /healthz, /readyz, /metrics and /openapi.json: open without a token, as probes and scrapers expect. */
@Timeout(60)
class OpsEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void healthIsUpWithoutAToken() {
        try (TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response r = client.get("/healthz");
                assertThat(r.code()).isEqualTo(200);
                assertThat(r.body().string()).contains("\"up\"");
            });
        }
    }

    @Test
    void readinessReportsWhatKeepsTheServerFromWork() {
        try (TestServer ready = TestServer.builder().build();
                TestServer notReady = TestServer.builder()
                        .readiness(() -> List.of("data directory /data is not writable"))
                        .build()) {
            JavalinTest.test(ready.web().javalin(), (server, client) -> {
                assertThat(client.get("/readyz").code()).isEqualTo(200);
            });
            JavalinTest.test(notReady.web().javalin(), (server, client) -> {
                Response r = client.get("/readyz");
                assertThat(r.code()).isEqualTo(503);
                assertThat(r.body().string()).contains("data directory /data is not writable");
            });
        }
    }

    @Test
    void metricsCountProbesByProtocolTransportAndOutcomeCacheHitsAndThrottles() {
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                        .advertiseStartTls(false)
                        .start();
                TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                String body = "{\"host\": \"mail.test\", \"port\": " + mail.port()
                        + ", \"transport\": \"plain\", \"protocol\": \"smtp\"}";
                for (int i = 0; i < 3; i++) {
                    client.post("/api/v1/probes", body, req -> req.header("Authorization", TestServer.BEARER));
                }
                Response r = client.get("/metrics");
                assertThat(r.code()).isEqualTo(200);
                String text = r.body().string();
                assertThat(text)
                        .containsPattern("mailtls_probes_total\\{outcome=\"(ok|warning|failure)\",protocol=\"smtp\","
                                + "transport=\"plain\",trigger=\"api\"} 1\\.0")
                        .contains("mailtls_cache_hits_total 2.0")
                        .contains("mailtls_throttled_total 0.0")
                        .contains("mailtls_probe_duration_seconds_bucket{protocol=\"smtp\"");
            });
        }
    }

    @Test
    void theTriggerLabelIsAClosedSetWhateverTheRequester() {
        assertThat(ProbeMetrics.trigger("group:mail-edge")).isEqualTo("group");
        assertThat(ProbeMetrics.trigger("slack:T1:U1")).isEqualTo("slack");
        assertThat(ProbeMetrics.trigger("discord:dm:42")).isEqualTo("discord");
        assertThat(ProbeMetrics.trigger("token:0a1b2c3d")).isEqualTo("api");
        assertThat(ProbeMetrics.trigger("ip:192.0.2.1")).isEqualTo("page");
        assertThat(ProbeMetrics.trigger("evil\"} 1\nmailtls_x{a=\"b")).isEqualTo("other");
        assertThat(ProbeMetrics.trigger("")).isEqualTo("other");
    }

    @Test
    void theOpenApiDocumentDescribesEveryEndpoint() throws Exception {
        try (TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response r = client.get("/openapi.json");
                assertThat(r.code()).isEqualTo(200);
                JsonNode doc = JSON.readTree(r.body().string());
                assertThat(doc.get("openapi").asText()).startsWith("3.");
                JsonNode paths = doc.get("paths");
                for (String p : List.of(
                        "/api/v1/probes",
                        "/api/v1/commands",
                        "/api/v1/probes/batch",
                        "/healthz",
                        "/readyz",
                        "/metrics",
                        "/openapi.json",
                        "/api/v1/groups/{name}/runs",
                        "/api/v1/groups/{name}/history",
                        "/groups",
                        "/")) {
                    assertThat(paths.has(p)).as(p).isTrue();
                }
                for (String p : List.of("/api/v1/probes", "/api/v1/commands", "/api/v1/probes/batch")) {
                    JsonNode responses = paths.get(p).get("post").get("responses");
                    for (String code : List.of("200", "400", "401", "413", "415", "422", "503")) {
                        assertThat(responses.has(code)).as(p + " " + code).isTrue();
                    }
                    // A batch is never refused whole by the policy or the throttles: each result says.
                    boolean batch = p.endsWith("/batch");
                    assertThat(responses.has("403")).as(p + " 403").isEqualTo(!batch);
                    assertThat(responses.has("429")).as(p + " 429").isEqualTo(!batch);
                }
            });
        }
    }

    @Test
    void closingDrainsRequestsInProgressWhileReadinessTurns503ThenStopsListening() throws Exception {
        try (FaultServer mail = FaultServer.tarpit("220 mail.test ESMTP slow\r\n", Duration.ofMillis(60));
                TestServer t = TestServer.builder().build();
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            WebServer web = t.web().start("127.0.0.1", 0);
            int port = web.port();
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/probes"))
                    .header("Authorization", TestServer.BEARER)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"host\": \"mail.test\", \"port\": " + mail.port()
                            + ", \"transport\": \"plain\", \"protocol\": \"smtp\"}"))
                    .build();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                    .build();

            Future<HttpResponse<String>> inProgress =
                    threads.submit(() -> http.send(probe, HttpResponse.BodyHandlers.ofString()));
            while (mail.connections() == 0) {
                Thread.onSpinWait();
            }
            Future<?> closing = threads.submit(web::close);
            HttpResponse<String> readiness;
            do {
                readiness = http.send(ready, HttpResponse.BodyHandlers.ofString());
            } while (readiness.statusCode() == 200 && !closing.isDone());
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).contains("shutting down");
            assertThat(http.send(probe, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(503);
            HttpRequest pageProbe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("host=mail.test&port=" + mail.port()))
                    .build();
            HttpResponse<String> page = http.send(pageProbe, HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(503);
            assertThat(page.body()).contains("shutting down");

            assertThat(inProgress.get().statusCode()).isEqualTo(200);
            assertThat(inProgress.get().body()).contains("220 mail.test ESMTP slow");
            closing.get();
            assertThatThrownBy(() -> http.send(ready, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
        }
    }
}
