package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.testing.FaultServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The dedupe guarantee end to end: 100 concurrent identical API requests, one connection. */
@Timeout(60)
class DedupeOverHttpTest {

    @Test
    void hundredConcurrentIdenticalRequestsMakeOneConnection() throws Exception {
        // A slow greeting keeps the first probe in flight while the other 99 arrive.
        try (FaultServer mail = FaultServer.tarpit("220 mail.test ESMTP slow\r\n", Duration.ofMillis(40));
                TestServer t = TestServer.builder().build();
                WebServer web = t.web().start("127.0.0.1", 0);
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
                HttpClient http = HttpClient.newBuilder()
                        .executor(callers)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build()) {
            String body = "{\"host\": \"mail.test\", \"port\": " + mail.port()
                    + ", \"transport\": \"plain\", \"protocol\": \"smtp\"}";
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + web.port() + "/api/v1/probes"))
                    .header("Authorization", TestServer.BEARER)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .timeout(Duration.ofSeconds(30))
                    .build();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                answers.add(callers.submit(() -> {
                    start.await();
                    return http.send(request, HttpResponse.BodyHandlers.ofString());
                }));
            }
            start.countDown();
            for (Future<HttpResponse<String>> f : answers) {
                HttpResponse<String> r = f.get();
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).contains("220 mail.test ESMTP slow");
            }
            assertThat(mail.connections()).isEqualTo(1);
        }
    }
}
