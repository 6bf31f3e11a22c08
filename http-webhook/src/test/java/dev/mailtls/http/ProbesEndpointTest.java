package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.testing.ScriptedMailServer;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code POST /api/v1/probes}: the card in three formats, and the status codes of its errors. */
@Timeout(60)
class ProbesEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ScriptedMailServer smtp() {
        return ScriptedMailServer.builder(Protocol.SMTP)
                .advertiseStartTls(false)
                .start();
    }

    @Test
    void aProbeAnswersWithTheJsonCard() throws Exception {
        try (ScriptedMailServer mail = smtp();
                TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response r = client.post(
                        "/api/v1/probes",
                        "{\"host\": \"mail.test\", \"port\": " + mail.port() + ", \"transport\": \"plain\"}",
                        req -> req.header("Authorization", TestServer.BEARER));
                assertThat(r.code()).isEqualTo(200);
                JsonNode body = JSON.readTree(r.body().string());
                assertThat(body.get("schemaVersion").asInt()).isEqualTo(1);
                assertThat(body.get("status").asText()).isIn("ok", "warning", "failure");
                assertThat(body.get("target").get("port").asInt()).isEqualTo(mail.port());
                assertThat(body.get("cachedAgeSeconds").isNull()).isTrue();
            });
        }
    }

    @Test
    void autoInTheTransportOrTheProtocolFieldMeansNotGiven() throws Exception {
        // Issue 11, item 1: {"transport": "plain", "protocol": "auto"} was refused as "two transports given".
        try (ScriptedMailServer mail = smtp();
                TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                for (String fields : new String[] {
                    "\"transport\": \"plain\", \"protocol\": \"auto\"",
                    "\"transport\": \"auto\", \"protocol\": \"smtp\"",
                    "\"transport\": \"auto\", \"protocol\": \"auto\""
                }) {
                    Response r = client.post(
                            "/api/v1/probes",
                            "{\"host\": \"mail.test\", \"port\": " + mail.port() + ", " + fields + "}",
                            req -> req.header("Authorization", TestServer.BEARER));
                    assertThat(r.code()).as(fields).isEqualTo(200);
                    JsonNode body = JSON.readTree(r.body().string());
                    assertThat(body.get("target").get("port").asInt()).isEqualTo(mail.port());
                }
            });
        }
    }
}
