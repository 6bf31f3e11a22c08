package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.frontend.Webhook;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Chat platforms' endpoints hosted beside the API: the raw request in, the raw response out. */
@Timeout(30)
class WebhookHostingTest {

    private static final class Recording implements Webhook {
        final AtomicReference<Request> seen = new AtomicReference<>();

        @Override
        public String path() {
            return "/chat/events";
        }

        @Override
        public Response handle(Request request) {
            seen.set(request);
            boolean signed = request.headers().entrySet().stream()
                    .anyMatch(e -> e.getKey().equalsIgnoreCase("X-Signature")
                            && e.getValue().contains("good"));
            return signed
                    ? new Response(200, "application/json", Map.of("X-Chat", List.of("yes")), "{\"ok\":true}")
                    : new Response(401, "text/plain", Map.of(), "invalid signature");
        }
    }

    @Test
    void theWebhookSeesTheRawRequestAndItsAnswerIsSentAsGiven() {
        Recording hook = new Recording();
        try (TestServer t = TestServer.builder().webhooks(List.of(hook)).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response ok = client.request(
                        "/chat/events?team=T1",
                        req -> req.post(HttpRequest.BodyPublishers.ofString("command=%2Fmailtls&text=mail.test"))
                                .header("X-Signature", "good")
                                .header("Content-Type", "application/x-www-form-urlencoded"));
                assertThat(ok.code()).isEqualTo(200);
                assertThat(ok.body().string()).isEqualTo("{\"ok\":true}");
                assertThat(ok.headers().get("X-Chat")).containsExactly("yes");
                Webhook.Request r = hook.seen.get();
                assertThat(r.body()).isEqualTo("command=%2Fmailtls&text=mail.test");
                assertThat(r.query()).containsEntry("team", List.of("T1"));
                assertThat(r.path()).isEqualTo("/chat/events");

                Response bad = client.post("/chat/events", "x");
                assertThat(bad.code()).isEqualTo(401);
                // No token is needed: the platform's own signature is the check.
                assertThat(client.get("/chat/events").code()).isIn(404, 405);
            });
        }
    }

    @Test
    void bodiesOverAMebibyteAreRefused() {
        Recording hook = new Recording();
        try (TestServer t = TestServer.builder().webhooks(List.of(hook)).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response r = client.request(
                        "/chat/events",
                        req -> req.post(HttpRequest.BodyPublishers.ofString("a".repeat(Webhook.MAX_BODY_BYTES + 10)))
                                .header("X-Signature", "good"));
                assertThat(r.code()).isEqualTo(413);
                assertThat(hook.seen.get()).isNull();
                // The API keeps its own, smaller limit even though the server now reads larger bodies.
                Response api = client.post(
                        "/api/v1/probes",
                        "{\"host\": \"" + "a".repeat(20_000) + "\"}",
                        req -> req.header("Authorization", TestServer.BEARER));
                assertThat(api.code()).isEqualTo(413);
            });
        }
    }
}
