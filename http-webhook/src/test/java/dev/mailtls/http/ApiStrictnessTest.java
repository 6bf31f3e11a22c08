package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.testing.ScriptedMailServer;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11, item 14: the server takes exactly what openapi.json allows. What it took beyond the spec
 * is refused; what the spec allows and it refused is taken; a wrong method is 405 with Allow.
 */
@Timeout(60)
class ApiStrictnessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiDocument SPEC = OpenApiDocument.packaged();
    private ScriptedMailServer mail;

    @BeforeEach
    void startMailServer() {
        mail = ScriptedMailServer.builder(Protocol.SMTP)
                .advertiseStartTls(false)
                .start();
    }

    @AfterEach
    void stopMailServer() {
        mail.close();
    }

    private static Response post(HttpClient client, String path, String body) {
        return client.post(path, body, req -> req.header("Authorization", TestServer.BEARER));
    }

    private static JsonNode problem(Response r, int status, String type) throws Exception {
        assertThat(r.code()).isEqualTo(status);
        JsonNode p = JSON.readTree(r.body().string());
        assertThat(p.get("type").asText()).isEqualTo("urn:mailtls:problem:" + type);
        assertThat(SPEC.errors("/components/schemas/Problem", p)).isEmpty();
        return p;
    }

    @Test
    void theSpecsTypesAndValuesAreEnforced() throws Exception {
        int port = mail.port();
        try (TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                for (String body : new String[] {
                    "{\"host\": \"mail.test\", \"port\": \"" + port + "\"}",
                    "{\"host\": \"mail.test\", \"port\": " + port + ".5}",
                    "{\"host\": \"mail.test\", \"port\": " + port + ", \"transport\": \"PLAIN\"}",
                    "{\"host\": \"mail.test\", \"port\": " + port + ", \"transport\": \"SMTPS\"}",
                    "{\"host\": \"mail.test\", \"port\": " + port + ", \"transport\": \"imap\"}",
                    "{\"host\": \"mail.test\", \"port\": " + port + ", \"protocol\": \"SMTP\"}",
                    "{\"host\": \"mail.test\", \"port\": " + port + ", \"tlsVersion\": \" 1.2\"}",
                }) {
                    JsonNode p = problem(post(client, "/api/v1/probes", body), 422, "usage");
                    assertThat(p.get("detail").asText())
                            .as(body)
                            .containsAnyOf("port", "transport", "protocol", "tlsVersion");
                }
                problem(
                        post(
                                client,
                                "/api/v1/probes/batch",
                                "{\"targets\": [\"mail.test " + port + "\"], \"fresh\": \"yes\"}"),
                        422,
                        "usage");
                problem(
                        post(client, "/api/v1/probes?format=JSON", "{\"host\": \"mail.test\", \"port\": " + port + "}"),
                        400,
                        "format");
                problem(
                        post(
                                client,
                                "/api/v1/probes?transcript=yes",
                                "{\"host\": \"mail.test\", \"port\": " + port + "}"),
                        400,
                        "malformed");
                problem(post(client, "/api/v1/commands", "{\"text\": \"\"}"), 422, "usage");
                // A query parameter given twice, like a JSON member given twice, is refused.
                problem(
                        post(
                                client,
                                "/api/v1/probes?format=json&format=text",
                                "{\"host\": \"mail.test\", \"port\": " + port + "}"),
                        400,
                        "malformed");
            });
        }
    }

    @Test
    void aNullOptionalFieldIsAbsentAndHostAloneProbesSmtp() throws Exception {
        try (TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response nulls = post(
                        client,
                        "/api/v1/probes",
                        "{\"host\": \"mail.test\", \"port\": " + mail.port()
                                + ", \"transport\": null, \"protocol\": null, \"sni\": null, \"tlsVersion\": null}");
                assertThat(nulls.code()).isEqualTo(200);
                // Only host is required: SMTP on its default port (587 with STARTTLS); nothing listens
                // there on loopback, or something does: either way a card, not a 422.
                Response alone = post(client, "/api/v1/probes", "{\"host\": \"mail.test\"}");
                assertThat(alone.code()).isEqualTo(200);
                JsonNode card = JSON.readTree(alone.body().string());
                assertThat(card.at("/target/port").asInt()).isEqualTo(587);
                assertThat(card.at("/target/protocol").asText()).isEqualTo("smtp");
                assertThat(SPEC.errors("/components/schemas/Card", card)).isEmpty();
            });
        }
    }

    @Test
    void jsonSentAsTextPlainIsNotReadAsJson() throws Exception {
        int port = mail.port();
        try (TestServer t = TestServer.builder().build()) {
            WebServer web = t.web().start("127.0.0.1", 0);
            try {
                // To /api/v1/commands, text/plain is the chat grammar's text, which this is not: 422.
                problem(
                        send(
                                web,
                                "POST",
                                "/api/v1/commands",
                                "text/plain",
                                "{\"text\": \"mail.test " + port + " plain\"}"),
                        422,
                        "usage");
                assertThat(send(web, "POST", "/api/v1/commands", "text/plain", "mail.test " + port + " plain")
                                .statusCode())
                        .isEqualTo(200);
                // To /api/v1/probes, which reads only JSON: 415.
                problem(
                        send(
                                web,
                                "POST",
                                "/api/v1/probes",
                                "text/plain",
                                "{\"host\": \"mail.test\", \"port\": " + port + "}"),
                        415,
                        "unsupported-media-type");
            } finally {
                web.close();
            }
        }
    }

    @Test
    void aWrongMethodOnAKnownPathIs405WithAllow() throws Exception {
        try (TestServer t = TestServer.builder().build()) {
            WebServer web = t.web().start("127.0.0.1", 0);
            try {
                HttpResponse<String> get = send(web, "GET", "/api/v1/probes");
                JsonNode p = problem(get, 405, "method");
                assertThat(get.headers().allValues("Allow")).containsExactly("POST");
                assertThat(p.get("detail").asText()).contains("GET", "/api/v1/probes");
                HttpResponse<String> put = send(web, "PUT", "/healthz");
                problem(put, 405, "method");
                assertThat(put.headers().allValues("Allow")).containsExactly("GET, HEAD");
                HttpResponse<String> delete = send(web, "DELETE", "/api/v1/groups/edge/runs");
                problem(delete, 405, "method");
                assertThat(delete.headers().allValues("Allow")).containsExactly("POST");
                HttpResponse<String> page = send(web, "PATCH", "/");
                problem(page, 405, "method");
                assertThat(page.headers().allValues("Allow")).containsExactly("GET, HEAD, POST");
                // An unknown path is still 404.
                problem(send(web, "GET", "/api/v1/nothing"), 404, "not-found");
            } finally {
                web.close();
            }
        }
    }

    @Test
    void headIsAnsweredAsGetWithoutABody() throws Exception {
        try (TestServer t = TestServer.builder().anonymousPage(false).build()) {
            WebServer web = t.web().start("127.0.0.1", 0);
            try {
                HttpResponse<String> css = send(web, "HEAD", "/page.css");
                assertThat(css.statusCode()).isEqualTo(200);
                assertThat(css.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(v -> assertThat(v).startsWith("text/css"));
                assertThat(css.body()).isEmpty();
                // GET /groups is 401 when the page is not anonymous; HEAD says the same (Javalin's own
                // HEAD answered 200 without asking the handler).
                assertThat(send(web, "HEAD", "/groups").statusCode()).isEqualTo(401);
            } finally {
                web.close();
            }
        }
    }

    private static HttpResponse<String> send(WebServer web, String method, String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path))
                                .method(method, HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(WebServer web, String method, String path, String type, String body)
            throws Exception {
        return java.net.http.HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path))
                                .method(method, HttpRequest.BodyPublishers.ofString(body))
                                .header("Content-Type", type)
                                .header("Authorization", TestServer.BEARER)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode problem(HttpResponse<String> r, int status, String type) throws Exception {
        assertThat(r.statusCode()).isEqualTo(status);
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.get("type").asText()).isEqualTo("urn:mailtls:problem:" + type);
        assertThat(SPEC.errors("/components/schemas/Problem", p)).isEmpty();
        return p;
    }
}
