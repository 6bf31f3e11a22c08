package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.service.Rate;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.testing.ScriptedMailServer;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every API endpoint and error path, over HTTP with javalin-testtools. */
@Timeout(60)
class ApiEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private ScriptedMailServer mail;

    @BeforeEach
    void startMailServer() {
        mail = ScriptedMailServer.builder(Protocol.SMTP)
                .greeting("220 mail.test ESMTP scripted")
                .advertiseStartTls(false)
                .start();
    }

    @AfterEach
    void stopMailServer() {
        mail.close();
    }

    private String target() {
        return "{\"host\": \"mail.test\", \"port\": " + mail.port()
                + ", \"transport\": \"plain\", \"protocol\": \"smtp\"}";
    }

    private static Consumer<io.javalin.testtools.Request.Builder> auth() {
        return req -> req.header("Authorization", TestServer.BEARER);
    }

    private static Response post(HttpClient client, String path, String body) {
        return client.post(path, body, auth());
    }

    private static JsonNode json(Response r) throws Exception {
        return JSON.readTree(r.body().string());
    }

    private static void assertProblem(Response r, int status, String type) throws Exception {
        assertThat(r.code()).isEqualTo(status);
        assertThat(r.headers().get("Content-Type"))
                .anySatisfy(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode p = json(r);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("type").asText()).isEqualTo("urn:mailtls:problem:" + type);
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("detail").asText()).isNotBlank();
    }

    @Test
    void theCardComesAsTextOrMarkdownByAcceptOrFormatParameter() {
        try (TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response text = client.post(
                        "/api/v1/probes",
                        target(),
                        req -> req.header("Authorization", TestServer.BEARER).header("Accept", "text/plain"));
                assertThat(text.code()).isEqualTo(200);
                assertThat(text.headers().get("Content-Type"))
                        .anySatisfy(h -> assertThat(h).startsWith("text/plain"));
                assertThat(text.body().string())
                        .contains("mail.test:" + mail.port())
                        .contains("220 mail.test ESMTP scripted");

                Response md = post(client, "/api/v1/probes?format=markdown", target());
                assertThat(md.code()).isEqualTo(200);
                assertThat(md.headers().get("Content-Type"))
                        .anySatisfy(h -> assertThat(h).startsWith("text/markdown"));
                assertThat(md.body().string()).contains("`220 mail.test ESMTP scripted`");
                assertThat(mail.connections()).isEqualTo(1);
            });
        }
    }

    @Test
    void theSecondIdenticalRequestReportsItsCacheAge() throws Exception {
        try (TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                assertThat(json(post(client, "/api/v1/probes", target()))
                                .get("cachedAgeSeconds")
                                .isNull())
                        .isTrue();
                t.nanos.addAndGet(Duration.ofSeconds(42).toNanos());
                JsonNode second = json(post(client, "/api/v1/probes", target()));
                assertThat(second.get("cachedAgeSeconds").asLong()).isEqualTo(42);
                JsonNode fresh = json(post(client, "/api/v1/probes", target().replace("{", "{\"fresh\": true, ")));
                assertThat(fresh.get("cachedAgeSeconds").isNull()).isTrue();
                assertThat(mail.connections()).isEqualTo(2);
            });
        }
    }

    @Test
    void theCommandEndpointTakesTheChatGrammarAsJsonOrPlainText() throws Exception {
        try (TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response r =
                        post(client, "/api/v1/commands", "{\"text\": \"mail.test " + mail.port() + " plain smtp\"}");
                assertThat(r.code()).isEqualTo(200);
                assertThat(json(r).get("greeting").asText()).isEqualTo("220 mail.test ESMTP scripted");

                Response plain = client.request(
                        "/api/v1/commands?format=text",
                        req -> req.post(HttpRequest.BodyPublishers.ofString(
                                        "mail.test " + mail.port() + " plain smtp fresh"))
                                .header("Authorization", TestServer.BEARER)
                                .header("Content-Type", "text/plain"));
                assertThat(plain.code()).isEqualTo(200);
                assertThat(plain.body().string()).contains("220 mail.test ESMTP scripted");
                assertThat(mail.connections()).as("fresh re-probes").isEqualTo(2);
            });
        }
    }

    @Test
    void theCommandsAuthWordRunsTheAuthProbe() throws Exception {
        try (TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response without =
                        post(client, "/api/v1/commands", "{\"text\": \"mail.test " + mail.port() + " plain smtp\"}");
                Response with = post(
                        client, "/api/v1/commands", "{\"text\": \"mail.test " + mail.port() + " plain smtp auth\"}");

                assertThat(json(without).get("auth").isNull()).isTrue();
                assertThat(json(with).get("auth").get("verdict").asText()).isEqualTo("skipped_plaintext");
            });
        }
    }

    @Test
    void badInputGets400Or422ProblemsWithTheUsage() throws Exception {
        try (TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                assertProblem(post(client, "/api/v1/probes", "{not json"), 400, "malformed");
                assertProblem(post(client, "/api/v1/probes", ""), 400, "malformed");
                assertProblem(post(client, "/api/v1/probes?format=xml", target()), 400, "format");

                Response badPort = post(client, "/api/v1/probes", "{\"host\": \"mail.test\", \"port\": 70000}");
                assertProblem(badPort, 422, "usage");
                assertThat(json(badPort).get("usage").asText()).contains("usage: <host>");
                assertProblem(
                        post(client, "/api/v1/probes", "{\"host\": \"mail.test\", \"prot\": \"smtp\"}"), 422, "usage");
                assertProblem(post(client, "/api/v1/probes", "{\"port\": 25}"), 422, "usage");
                assertProblem(post(client, "/api/v1/probes", "[1, 2]"), 422, "usage");
                assertProblem(post(client, "/api/v1/probes", "{\"host\": \"a b\"}"), 422, "usage");
                assertProblem(
                        post(client, "/api/v1/probes", "{\"host\": \"mail.test\", \"transport\": \"fresh\"}"),
                        422,
                        "usage");
                assertProblem(
                        post(client, "/api/v1/probes", "{\"host\": \"mail.test\", \"timeoutSeconds\": 600}"),
                        422,
                        "usage");
                assertProblem(post(client, "/api/v1/commands", "{\"text\": \"\"}"), 422, "usage");
                assertProblem(post(client, "/api/v1/commands", "{\"host\": \"mail.test\"}"), 422, "usage");
                assertThat(mail.connections()).isZero();
            });
        }
    }

    @Test
    void aMistypedWordGetsTheWordItMayBe() throws Exception {
        try (TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response command = post(client, "/api/v1/commands", "{\"text\": \"mail.test 587 startls\"}");
                assertProblem(command, 422, "usage");
                assertThat(json(command).get("detail").asText())
                        .contains("unknown word 'startls': did you mean starttls?");

                Response fields = post(
                        client, "/api/v1/probes", "{\"host\": \"mail.test\", \"port\": 25, \"protocol\": \"smpt\"}");
                assertProblem(fields, 422, "usage");
                assertThat(json(fields).get("detail").asText()).contains("did you mean smtp?");
                assertThat(mail.connections()).isZero();
            });
        }
    }

    @Test
    void theApisJsonEscapesHiddenCharactersAsTheCliDoes() throws Exception {
        // A bidi override in a banner is data: the API's JSON (single and batch) carries it as an escape,
        // as the CLI's --json does, so a runbook's curl never prints it raw to a terminal.
        String greeting = "220 mail.test \u202Eevil\u202C \u200Bhidden";
        try (ScriptedMailServer hostile = ScriptedMailServer.builder(Protocol.SMTP)
                        .greeting(greeting)
                        .advertiseStartTls(false)
                        .start();
                TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                String target = "{\"host\": \"mail.test\", \"port\": " + hostile.port()
                        + ", \"transport\": \"plain\", \"protocol\": \"smtp\"}";
                for (Response r : java.util.List.of(
                        post(client, "/api/v1/probes", target),
                        post(client, "/api/v1/probes/batch", "{\"targets\": [" + target + "]}"))) {
                    assertThat(r.code()).isEqualTo(200);
                    String body = r.body().string();
                    assertThat(body)
                            .doesNotContain("\u202E", "\u202C", "\u200B")
                            .containsIgnoringCase("\\u202e");
                    assertThat(JSON.readTree(body).toString()).contains("\u202Eevil");
                }
            });
        }
    }

    @Test
    void withoutAValidBearerTokenTheApiAnswers401() throws Exception {
        try (TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                for (String path : new String[] {"/api/v1/probes", "/api/v1/commands", "/api/v1/probes/batch"}) {
                    Response none = client.post(path, target());
                    assertProblem(none, 401, "unauthorized");
                    assertThat(none.headers().get("WWW-Authenticate")).contains("Bearer realm=\"mailtls\"");
                    assertProblem(
                            client.post(
                                    path, target(), req -> req.header("Authorization", "Bearer wrong-token-0123456")),
                            401,
                            "unauthorized");
                }
                assertThat(mail.connections()).isZero();
            });
        }
    }

    @Test
    void throttledRequestsGet429WithRetryAfter() throws Exception {
        Rate lots = new Rate(100, Duration.ofMinutes(1));
        ServiceLimits oneAMinute =
                new ServiceLimits(Duration.ofMinutes(5), 4, 10, new Rate(1, Duration.ofMinutes(1)), lots, lots);
        try (TestServer t = TestServer.builder().limits(oneAMinute).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                assertThat(post(client, "/api/v1/probes", target()).code()).isEqualTo(200);
                Response second = post(client, "/api/v1/probes", target().replace("{", "{\"fresh\": true, "));
                assertProblem(second, 429, "throttled");
                assertThat(second.headers().get("Retry-After")).containsExactly("60");
                JsonNode p = json(second);
                assertThat(p.get("retryAfterSeconds").asLong()).isEqualTo(60);
                assertThat(p.get("detail").asText()).contains("try again in 60 s");
                assertThat(mail.connections()).isEqualTo(1);
            });
        }
    }

    @Test
    void bodiesOverTheLimitGet413() throws Exception {
        try (TestServer t = TestServer.builder().maxBodyBytes(1024).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                String big = "{\"host\": \"" + "a".repeat(4000) + "\"}";
                assertProblem(post(client, "/api/v1/probes", big), 413, "too-large");
                assertProblem(post(client, "/api/v1/commands", big), 413, "too-large");
            });
        }
    }

    @Test
    void aBatchProbesEveryTargetAndReportsTheWorstStatus() throws Exception {
        try (ScriptedMailServer other =
                        ScriptedMailServer.builder(Protocol.IMAP).start();
                TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                String body = "{\"targets\": [" + target() + ", \"other.test " + other.port() + " plain imap\","
                        + " {\"host\": \"nothing.test\", \"port\": 25}]}";
                Response r = post(client, "/api/v1/probes/batch", body);
                assertThat(r.code()).isEqualTo(200);
                JsonNode b = json(r);
                assertThat(b.get("schemaVersion").asInt()).isEqualTo(1);
                assertThat(b.get("results")).hasSize(3);
                assertThat(b.get("results").get(0).get("result").get("greeting").asText())
                        .isEqualTo("220 mail.test ESMTP scripted");
                assertThat(b.get("results")
                                .get(1)
                                .get("result")
                                .get("target")
                                .get("protocol")
                                .asText())
                        .isEqualTo("imap");
                // nothing.test does not resolve: a failure card, so the batch fails.
                assertThat(b.get("results").get(2).get("result").get("status").asText())
                        .isEqualTo("failure");
                assertThat(b.get("status").asText()).isEqualTo("failure");

                Response text = post(client, "/api/v1/probes/batch?format=text", body);
                assertThat(text.body().string())
                        .startsWith("Batch: failure (3 targets)")
                        .contains("other.test");
            });
        }
    }

    @Test
    void aBatchIsCheckedWholeBeforeAnythingIsProbed() throws Exception {
        try (TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response bad = post(client, "/api/v1/probes/batch", "{\"targets\": [" + target() + ", \"\"]}");
                assertProblem(bad, 422, "usage");
                assertThat(json(bad).get("detail").asText()).startsWith("targets[1]: ");
                StringBuilder six = new StringBuilder("{\"targets\": [");
                for (int i = 0; i < 6; i++) {
                    six.append(i == 0 ? "" : ", ").append(target());
                }
                Response tooMany =
                        post(client, "/api/v1/probes/batch", six.append("]}").toString());
                assertProblem(tooMany, 422, "usage");
                assertThat(json(tooMany).get("detail").asText()).contains("at most 5");
                assertProblem(post(client, "/api/v1/probes/batch", "{\"targets\": []}"), 422, "usage");
                assertThat(mail.connections()).isZero();
            });
        }
    }

    @Test
    void unknownApiPathsAndMethodsGetProblems() throws Exception {
        try (TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                assertProblem(client.get("/api/v1/nothing", auth()), 404, "not-found");
            });
        }
    }
}
