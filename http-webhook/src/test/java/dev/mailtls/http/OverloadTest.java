package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.GroupSummary;
import dev.mailtls.testing.GroupSummaries;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Overload is answered, never reset: a burst beyond the requests handled at once gets 503 with
 * Retry-After, hundreds of concurrent connections all get an answer, and a client trickling its
 * headers is closed after the header timeout.
 */
@Timeout(120)
class OverloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Group runs that wait, holding their request, until the test lets them go. */
    private static final class HeldRuns implements GroupRuns {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered;

        HeldRuns(int expected) {
            entered = new CountDownLatch(expected);
        }

        @Override
        public Optional<GroupSummary> runNow(String group, String requester) throws InterruptedException {
            entered.countDown();
            if (!release.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            return Optional.of(GroupSummaries.withChanges());
        }

        @Override
        public Optional<List<GroupRun>> history(String group, int limit) {
            return Optional.empty();
        }

        @Override
        public List<String> names() {
            return List.of("mail-edge");
        }
    }

    @Test
    void aBurstBeyondTheRequestsInFlightGets503WithRetryAfterAndNoReset() throws Exception {
        int limit = 20;
        int burst = 300;
        HeldRuns runs = new HeldRuns(limit);
        try (TestServer t = TestServer.builder()
                        .groups(runs)
                        .connectionLimits(new ConnectionLimits(1024, limit, Duration.ofSeconds(10)))
                        .build();
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            WebServer web = t.web().start("127.0.0.1", 0);
            try {
                URI base = URI.create("http://127.0.0.1:" + web.port());
                HttpRequest run = HttpRequest.newBuilder(base.resolve("/api/v1/groups/mail-edge/runs"))
                        .header("Authorization", TestServer.BEARER)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build();
                CountDownLatch refused = new CountDownLatch(burst - limit);
                List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                for (int i = 0; i < burst; i++) {
                    answers.add(clients.submit(() -> {
                        HttpResponse<String> r = http.send(run, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 503) {
                            refused.countDown();
                        }
                        return r;
                    }));
                }
                // Exactly `limit` requests hold a slot; every other one is refused while they do.
                assertThat(runs.entered.await(60, TimeUnit.SECONDS)).isTrue();
                assertThat(refused.await(60, TimeUnit.SECONDS))
                        .as("503s while %d requests are held", limit)
                        .isTrue();
                // Health and readiness answer while the server is saturated.
                HttpResponse<String> health = http.send(
                        HttpRequest.newBuilder(base.resolve(WebServer.HEALTH_PATH))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
                runs.release.countDown();

                Map<Integer, Integer> byStatus = new TreeMap<>();
                for (Future<HttpResponse<String>> f : answers) {
                    HttpResponse<String> r = f.get();
                    byStatus.merge(r.statusCode(), 1, Integer::sum);
                    if (r.statusCode() == 503) {
                        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
                        assertThat(r.headers().firstValue("Content-Type")).hasValue(Problem.CONTENT_TYPE);
                        JsonNode p = JSON.readTree(r.body());
                        assertThat(p.get("type").asText()).isEqualTo("urn:mailtls:problem:overloaded");
                        assertThat(p.get("retryAfterSeconds").asLong()).isEqualTo(1);
                    }
                }
                assertThat(byStatus).isEqualTo(Map.of(200, limit, 503, burst - limit));
                // Every slot came back: the next request is served.
                assertThat(http.send(
                                        HttpRequest.newBuilder(base.resolve("/api/v1/groups/mail-edge/runs"))
                                                .header("Authorization", TestServer.BEARER)
                                                .POST(HttpRequest.BodyPublishers.noBody())
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode())
                        .isEqualTo(200);
            } finally {
                web.close();
            }
        }
    }

    @Test
    void hundredsOfConcurrentConnectionsAllGetAnAnswerNeverAReset() throws Exception {
        int connections = 400;
        try (TestServer t = TestServer.builder()
                        .strict()
                        .connectionLimits(new ConnectionLimits(1024, 64, Duration.ofSeconds(10)))
                        .build();
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            WebServer web = t.web().start("127.0.0.1", 0);
            try {
                // The listen backlog is the configured one, not the JDK's 50 that reset 26 of 1,000.
                ServerConnector listener =
                        (ServerConnector) web.javalin().jettyServer().server().getConnectors()[0];
                assertThat(listener.getAcceptQueueSize()).isEqualTo(1024);
                byte[] body = "{\"host\": \"mail.test\", \"port\": 25}".getBytes(StandardCharsets.UTF_8);
                byte[] request = ("POST /api/v1/probes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                                + TestServer.BEARER + "\r\nContent-Type: application/json\r\nContent-Length: "
                                + body.length + "\r\nConnection: close\r\n\r\n"
                                + new String(body, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8);
                // Every client connects first, then all send at once: the burst the backlog must hold.
                CountDownLatch connected = new CountDownLatch(connections);
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < connections; i++) {
                    answers.add(clients.submit(() -> {
                        try (Socket s = new Socket()) {
                            s.setSoTimeout(30_000);
                            s.connect(new InetSocketAddress("127.0.0.1", web.port()), 30_000);
                            connected.countDown();
                            connected.await(30, TimeUnit.SECONDS);
                            s.getOutputStream().write(request);
                            return statusLine(s.getInputStream());
                        } catch (SocketException e) {
                            return "reset: " + e.getMessage();
                        }
                    }));
                }
                Map<String, Integer> byStatus = new TreeMap<>();
                for (Future<String> f : answers) {
                    byStatus.merge(f.get(), 1, Integer::sum);
                }
                assertThat(byStatus.values().stream()
                                .mapToInt(Integer::intValue)
                                .sum())
                        .isEqualTo(connections);
                // The strict policy answers 403 for mail.test (loopback) without connecting:
                // the request itself was read, parsed and answered, or refused as overload.
                assertThat(byStatus.keySet()).allMatch(k -> k.equals("HTTP/1.1 403") || k.equals("HTTP/1.1 503"));
                assertThat(byStatus).containsKey("HTTP/1.1 403");
            } finally {
                web.close();
            }
        }
    }

    @Test
    void aClientTricklingItsHeadersIsClosedAfterTheHeaderTimeout() throws Exception {
        Duration headerTimeout = Duration.ofMillis(400);
        try (TestServer t = TestServer.builder()
                .connectionLimits(new ConnectionLimits(1024, 64, headerTimeout))
                .build()) {
            WebServer web = t.web().start("127.0.0.1", 0);
            try (Socket s = new Socket("127.0.0.1", web.port())) {
                s.setSoTimeout(100);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
                long start = System.nanoTime();
                boolean closed = false;
                // A header line every 100 ms keeps Jetty's idle timeout (30 s) from ever firing.
                // The read's own 100 ms timeout paces the trickle.
                for (int i = 0; i < 100 && !closed; i++) {
                    try {
                        out.write(("X-Slow-" + i + ": 1\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        closed = in.read() < 0;
                    } catch (java.net.SocketTimeoutException e) {
                        // still open: trickle on
                    } catch (IOException e) {
                        closed = true;
                    }
                }
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(closed).as("closed while trickling headers").isTrue();
                // Closed between 1 and 1.5 header timeouts after the first byte (plus scheduling slack),
                // far before the 30 s idle timeout and the 10 s the loop would take.
                assertThat(took).isGreaterThan(headerTimeout.minusMillis(100)).isLessThan(Duration.ofSeconds(5));
            } finally {
                web.close();
            }
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\r' && line.length() < 200; c = in.read()) {
            line.append((char) c);
        }
        String s = line.toString();
        return s.length() >= 12 ? s.substring(0, 12) : "short answer: " + s;
    }
}
