package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestPki;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code "deep": true}: validated like the other fields, a longer deadline, and its own throttle. */
@Timeout(120)
class DeepProbesEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestPki PKI = TestPki.create();
    private static final ProbeOptions BASE = ProbeOptions.defaults().withDeadline(Duration.ofSeconds(5));

    private static ProbeAsk ask(String json) throws Exception {
        return ProbeAsk.fromJson(JSON.readTree(json), BASE);
    }

    @Test
    void deepMakesADeepProbeWithTheLongerDeadlineUnlessTimeoutSecondsIsGiven() throws Exception {
        ProbeAsk deep = ask("{\"host\": \"mail.example.com\", \"port\": 465, \"deep\": true}");
        ProbeAsk chosen =
                ask("{\"host\": \"mail.example.com\", \"port\": 465, \"deep\": true, \"timeoutSeconds\": 20}");
        ProbeAsk normal = ask("{\"host\": \"mail.example.com\", \"port\": 465, \"deep\": false}");
        ProbeAsk text = ProbeAsk.fromText("mail.example.com 465 deep", BASE);

        assertThat(deep.request().options().deep()).isTrue();
        assertThat(deep.request().options().deadline()).isEqualTo(Duration.ofSeconds(60));
        assertThat(deep.command().words()).endsWith(" deep");
        assertThat(chosen.request().options().deadline()).isEqualTo(Duration.ofSeconds(20));
        assertThat(normal.request().options()).isEqualTo(BASE);
        assertThat(text.request()).isEqualTo(deep.request());
    }

    @Test
    void aDeepThatIsNotABooleanIsAUsageError() {
        for (String bad : new String[] {"\"yes\"", "1", "\"true\"", "[]"}) {
            assertThatThrownBy(() -> ask("{\"host\": \"mail.example.com\", \"deep\": " + bad + "}"))
                    .as(bad)
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.problem().status()).isEqualTo(422);
                        assertThat(e.problem().detail()).isEqualTo("deep must be true or false");
                    });
        }
        assertThatThrownBy(() -> ask("{\"host\": \"mail.example.com\", \"deeep\": true}"))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.problem().detail())
                                .startsWith("unknown field 'deeep'")
                                .endsWith(", deep"));
        assertThatThrownBy(() -> ProbeAsk.fromText("mail.example.com 465 depe", BASE))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.problem().detail()).endsWith("did you mean deep?"));
    }

    @Test
    void aDeepProbeListsTheAcceptedSuitesAndTheNextOfThatServerIsThrottledWithWhy() throws Exception {
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                        .implicitTls(true)
                        .sslContext(PKI.serverContext(PKI.leaf("mail.test")))
                        .start();
                TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                String target = "\"host\": \"mail.test\", \"port\": " + mail.port() + ", \"transport\": \"tls\"";
                Response first = client.post(
                        "/api/v1/probes",
                        "{" + target + ", \"deep\": true}",
                        req -> req.header("Authorization", TestServer.BEARER));
                String firstBody = first.body().string();
                assertThat(first.code()).as(firstBody).isEqualTo(200);
                JsonNode tls = JSON.readTree(firstBody).get("tls");
                assertThat(tls.get("accepted").has("TLSv1.2")).as(firstBody).isTrue();

                // Again at once, fresh, under another name of the same address: 429 with why and when.
                Response second = client.post(
                        "/api/v1/probes",
                        "{\"host\": \"other.test\", \"port\": " + mail.port()
                                + ", \"transport\": \"tls\", \"deep\": true, \"fresh\": true}",
                        req -> req.header("Authorization", TestServer.BEARER));
                JsonNode problem = JSON.readTree(second.body().string());
                assertThat(second.code()).isEqualTo(429);
                assertThat(second.headers().get("Retry-After")).containsExactly("300");
                assertThat(problem.get("detail").asText())
                        .startsWith("a deep probe makes up to 300 connections, so mailtls runs at most 1 of"
                                + " 127.0.0.1 every 5 min");

                // A normal probe of the server runs, and the deep result is served from the cache.
                Response normal = client.post(
                        "/api/v1/probes",
                        "{" + target + ", \"fresh\": true}",
                        req -> req.header("Authorization", TestServer.BEARER));
                JsonNode normalBody = JSON.readTree(normal.body().string());
                assertThat(normal.code()).isEqualTo(200);
                assertThat(normalBody.get("tls").get("accepted").isNull()).isTrue();
                Response cached = client.post(
                        "/api/v1/probes",
                        "{\"text\": \"mail.test " + mail.port() + " tls deep\"}",
                        req -> req.header("Authorization", TestServer.BEARER));
                JsonNode cachedBody = JSON.readTree(cached.body().string());
                assertThat(cached.code()).isEqualTo(200);
                assertThat(cachedBody.get("cachedAgeSeconds").isNull()).isFalse();
                assertThat(cachedBody.get("tls").get("accepted")).isEqualTo(tls.get("accepted"));
            });
        }
    }

    @Test
    void aBatchTargetWithABadDeepFailsTheWholeBatch() throws Exception {
        try (TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response r = client.post(
                        "/api/v1/probes/batch",
                        "{\"targets\": [{\"host\": \"mail.test\", \"port\": 465, \"deep\": \"on\"}]}",
                        req -> req.header("Authorization", TestServer.BEARER));
                assertThat(r.code()).isEqualTo(422);
                assertThat(JSON.readTree(r.body().string()).get("detail").asText())
                        .isEqualTo("targets[0]: deep must be true or false");
            });
        }
    }
}
