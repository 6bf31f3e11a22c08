package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.http.HttpRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The API reads strict JSON of a JSON media type: deep nesting, trailing garbage, duplicate names
 * and foreign Content-Types are refused as problems (400/415), never a 500 or a stack trace.
 */
@Timeout(60)
class JsonBodiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Response send(HttpClient client, String path, @Nullable String contentType, String body) {
        return client.request(path, req -> {
            req.post(HttpRequest.BodyPublishers.ofString(body)).header("Authorization", TestServer.BEARER);
            if (contentType != null) {
                req.header("Content-Type", contentType);
            }
        });
    }

    private static JsonNode problem(Response r, int status, String type) throws Exception {
        String body = r.body().string();
        assertThat(r.code()).as(body).isEqualTo(status);
        assertThat(r.headers().get("Content-Type"))
                .anySatisfy(t -> assertThat(t).startsWith(Problem.CONTENT_TYPE));
        assertThat(body).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("com.fasterxml");
        JsonNode p = JSON.readTree(body);
        assertThat(p.get("type").asText()).isEqualTo("urn:mailtls:problem:" + type);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        return p;
    }

    @Test
    void jsonNested1001DeepIsA400ProblemNotA500() throws Exception {
        try (TestServer t = TestServer.builder().strict().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                String deep = "[".repeat(1001) + "]".repeat(1001);
                for (String path : JsonBodyFuzz.PATHS) {
                    JsonNode p = problem(send(client, path, "application/json", deep), 400, "malformed");
                    assertThat(p.get("detail").asText()).contains("nested deeper than 32");
                }
                String objects = "{\"a\":".repeat(1001) + "1" + "}".repeat(1001);
                problem(send(client, ApiRoutes.PROBES, "application/json", objects), 400, "malformed");
            });
        }
    }

    @Test
    void trailingGarbageAfterTheJsonValueIsRefused() throws Exception {
        try (TestServer t = TestServer.builder().strict().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                String ok = "{\"host\": \"mail.test\", \"port\": 25}";
                for (String tail : java.util.List.of(" x", "}", "{}", " {\"host\": \"other.test\"}", ",", "0")) {
                    JsonNode p =
                            problem(send(client, ApiRoutes.PROBES, "application/json", ok + tail), 400, "malformed");
                    assertThat(p.get("detail").asText()).contains("not valid JSON");
                }
                problem(
                        send(client, ApiRoutes.COMMANDS, "application/json", "{\"text\": \"mail.test\"} x"),
                        400,
                        "malformed");
                problem(
                        send(client, ApiRoutes.BATCH, "application/json", "{\"targets\": [\"mail.test\"]}]"),
                        400,
                        "malformed");
                // Whitespace after the value is still JSON: the strict policy refuses the target (403).
                assertThat(send(client, ApiRoutes.PROBES, "application/json", ok + " \r\n")
                                .code())
                        .isEqualTo(403);
            });
        }
    }

    @Test
    void duplicateMemberNamesAreRefused() throws Exception {
        try (TestServer t = TestServer.builder().strict().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                problem(
                        send(
                                client,
                                ApiRoutes.PROBES,
                                "application/json",
                                "{\"host\": \"mail.test\", \"host\": \"other.test\"}"),
                        400,
                        "malformed");
            });
        }
    }

    @Test
    void aJsonEndpointRefusesABodyOfAnotherMediaTypeWith415() throws Exception {
        try (TestServer t = TestServer.builder().strict().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                String ok = "{\"host\": \"mail.test\", \"port\": 25}";
                for (String type : java.util.List.of(
                        "text/plain",
                        "application/x-www-form-urlencoded",
                        "application/xml",
                        "application/jsonx",
                        "multipart/form-data; boundary=x")) {
                    JsonNode p = problem(send(client, ApiRoutes.PROBES, type, ok), 415, "unsupported-media-type");
                    assertThat(p.get("detail").asText()).contains("application/json");
                    problem(
                            send(client, ApiRoutes.BATCH, type, "{\"targets\": [\"mail.test\"]}"),
                            415,
                            "unsupported-media-type");
                }
                problem(
                        send(
                                client,
                                ApiRoutes.COMMANDS,
                                "application/x-www-form-urlencoded",
                                "{\"text\": \"mail.test\"}"),
                        415,
                        "unsupported-media-type");
                // JSON media types, with parameters or a +json suffix, and a body without a type are read.
                for (String type : new String[] {
                    "application/json", "Application/JSON; charset=utf-8", "application/merge-patch+json", null
                }) {
                    assertThat(send(client, ApiRoutes.PROBES, type, ok).code())
                            .as(type)
                            .isEqualTo(403);
                }
                // The chat grammar as text/plain stays, as documented.
                assertThat(send(client, ApiRoutes.COMMANDS, "text/plain", "mail.test 25")
                                .code())
                        .isEqualTo(403);
            });
        }
    }

    @Test
    void theMediaTypeCheckKnowsJsonFromLookAlikes() {
        assertThat(JsonBodies.isJsonMediaType("application/json")).isTrue();
        assertThat(JsonBodies.isJsonMediaType(" application/problem+json ; charset=utf-8"))
                .isTrue();
        assertThat(JsonBodies.isJsonMediaType("application/json/x")).isFalse();
        assertThat(JsonBodies.isJsonMediaType("text/json")).isFalse();
        assertThat(JsonBodies.isJsonMediaType("application/+json")).isFalse();
        assertThat(JsonBodies.isJsonMediaType("json")).isFalse();
    }
}
