package dev.mailtls.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.mailtls.testing.GroupSummaries;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The outgoing webhook against a capture server on loopback. */
@Timeout(30)
class WebhookNotifierTest {
    record Request(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse("");
        }
    }

    record Answer(int status, Map<String, String> headers) {}

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Duration> slept = new ArrayList<>();
    private final Clock clock = Clock.fixed(GroupSummaries.NOW, ZoneOffset.UTC);
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Answer a;
            synchronized (script) {
                a = script.isEmpty() ? new Answer(204, Map.of()) : script.poll();
            }
            a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(a.status(), -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void then(int status, Map<String, String> headers) {
        synchronized (script) {
            script.add(new Answer(status, headers));
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private WebhookNotifier notifier(int maxRetries) {
        return new WebhookNotifier(HttpClient.newHttpClient(), Duration.ofSeconds(5), maxRetries, slept::add, clock);
    }

    @Test
    void postsTheSummaryJsonToTheUrl() throws Exception {
        WebhookNotifier n = notifier(3);

        n.post(url("/hooks/secret-123"), GroupSummaries.withChanges());

        assertThat(n.kind()).isEqualTo("webhook");
        assertThat(requests).hasSize(1);
        Request r = requests.get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/hooks/secret-123");
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.header("User-Agent")).startsWith("mailtls");
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertThat(body.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(body.get("group").asText()).isEqualTo("mail-edge");
        assertThat(body.get("generatedAt").asText()).isEqualTo(GroupSummaries.NOW.toString());
        assertThat(slept).isEmpty();
    }

    @Test
    void aRateLimitIsWaitedOutAsRetryAfterSaysThenRetried() throws Exception {
        then(429, Map.of("Retry-After", "7"));
        then(503, Map.of("Retry-After", "2"));

        notifier(3).post(url("/x"), GroupSummaries.withChanges());

        assertThat(requests).hasSize(3);
        assertThat(slept).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(2));
        assertThat(requests.get(2).body()).isEqualTo(requests.get(0).body());
    }

    @Test
    void retriesAreBoundedAndLongWaitsCapped() {
        for (int i = 0; i < 5; i++) {
            then(429, Map.of("Retry-After", "3600"));
        }

        assertThatThrownBy(() -> notifier(2).post(url("/hooks/secret-123"), GroupSummaries.withChanges()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("still rate limited (HTTP 429) after 2 retries")
                .hasMessageNotContaining("secret-123");
        assertThat(requests).hasSize(3);
        assertThat(slept).containsExactly(WebhookNotifier.MAX_WAIT, WebhookNotifier.MAX_WAIT);
    }

    @Test
    void anErrorAnswerFailsAtOnceWithoutTheUrlsSecretPath() {
        then(500, Map.of());

        assertThatThrownBy(() -> notifier(3).post(url("/hooks/secret-123"), GroupSummaries.withChanges()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("answered HTTP 500")
                .hasMessageContaining("http://127.0.0.1:")
                .hasMessageNotContaining("secret-123");
        assertThat(requests).hasSize(1);
        assertThat(slept).isEmpty();
    }

    @Test
    void aSilentServerHitsTheRequestTimeout() throws Exception {
        server.removeContext("/");
        server.createContext("/", exchange -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        WebhookNotifier n =
                new WebhookNotifier(HttpClient.newHttpClient(), Duration.ofMillis(300), 3, slept::add, clock);

        assertThatThrownBy(() -> n.post(url("/slow"), GroupSummaries.withChanges()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot post the summary of mail-edge");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://hooks.example.com/x",
                "file:///etc/passwd",
                "hooks.example.com/x",
                "https:///nohost",
                "https://user:pw@hooks.example.com/x",
                "not a url"
            })
    void refusesAnythingButAnHttpOrHttpsUrlWithAHost(String destination) {
        assertThatThrownBy(() -> notifier(3).post(destination, GroupSummaries.withChanges()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(requests).isEmpty();
    }

    @Test
    void retryAfterIsSecondsBoundedWithADefault() {
        assertThat(WebhookNotifier.retryAfter(java.util.Optional.of("5"))).isEqualTo(Duration.ofSeconds(5));
        assertThat(WebhookNotifier.retryAfter(java.util.Optional.empty())).isEqualTo(Duration.ofSeconds(1));
        assertThat(WebhookNotifier.retryAfter(java.util.Optional.of("Wed, 21 Oct 2026 07:28:00 GMT")))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(WebhookNotifier.retryAfter(java.util.Optional.of("99999"))).isEqualTo(WebhookNotifier.MAX_WAIT);
    }
}
