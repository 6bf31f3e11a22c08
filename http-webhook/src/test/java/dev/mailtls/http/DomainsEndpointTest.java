package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailtls.service.Rate;
import dev.mailtls.service.ServiceLimits;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code POST /api/v1/domains}: the domain JSON (valid against openapi.json) or the domain card as
 * text or Markdown, and the status codes of its refusals. The DNS is {@link DomainZone}; every MX
 * probe and MTA-STS fetch is refused by the address policy, so nothing leaves the JVM.
 */
@Timeout(60)
class DomainsEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiDocument SPEC = OpenApiDocument.packaged();
    private static final String DOMAIN_SCHEMA =
            SPEC.responseSchemaPointer(DomainRoutes.DOMAINS, "POST", 200, "application/json");

    private static Response post(HttpClient client, String body) {
        return client.post(DomainRoutes.DOMAINS, body, req -> req.header("Authorization", TestServer.BEARER));
    }

    private static String header(Response r, String name) {
        java.util.List<String> values = r.headers().get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    private static JsonNode json(Response r) throws Exception {
        return JSON.readTree(r.body().string());
    }

    @Test
    void aDomainAnswersWithTheDomainJsonTheSpecDescribes() throws Exception {
        try (TestServer t = TestServer.builder().domains(new DomainZone()).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response r = post(client, "{\"domain\": \"Mail.Example.\"}");
                assertThat(r.code()).isEqualTo(200);
                assertThat(header(r, "Content-Type")).startsWith("application/json");
                String text = r.body().string();
                JsonNode body = JSON.readTree(text);
                assertThat(SPEC.errors(DOMAIN_SCHEMA, body)).isEmpty();
                assertThat(body.get("kind").asText()).isEqualTo("domain");
                assertThat(body.get("domain").asText()).isEqualTo("mail.example");
                assertThat(body.get("mxKind").asText()).isEqualTo("listed");
                JsonNode mx = body.get("mx").get(0);
                assertThat(mx.get("host").asText()).isEqualTo("mx1.mail.example");
                assertThat(mx.get("addresses")).extracting(JsonNode::asText).containsExactly("127.0.0.25");
                assertThat(mx.at("/dane/dnssec").asText()).isEqualTo("secure");
                assertThat(mx.at("/dane/tlsa/0").asText()).startsWith("3 1 1 ");
                // The MX probe went through the address policy: refused, never connected.
                assertThat(mx.at("/results/0/failure/code").asText())
                        .as(mx.toString())
                        .isEqualTo("ADDRESS_DENIED");
                assertThat(body.at("/mtaSts/record").asText()).isEqualTo("v=STSv1; id=20261205");
                assertThat(body.at("/mtaSts/error").asText()).isNotEmpty();
                assertThat(body.at("/tlsRpt/rua/0").asText()).isEqualTo("mailto:tls-reports@mail.example");
                // Not indented, as a probe's JSON over HTTP.
                assertThat(text).doesNotContain("\n  ");
            });
        }
    }

    @Test
    void nullMxMissingDomainsAndHostsWithoutAddressesAreReportsNotErrors() throws Exception {
        try (TestServer t = TestServer.builder().domains(new DomainZone()).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                JsonNode nullMx = json(post(client, "{\"domain\": \"nullmx.example\"}"));
                assertThat(SPEC.errors(DOMAIN_SCHEMA, nullMx)).isEmpty();
                assertThat(nullMx.get("mxKind").asText()).isEqualTo("null-mx");
                assertThat(nullMx.get("mx")).isEmpty();
                assertThat(nullMx.get("hints"))
                        .extracting(h -> h.get("code").asText())
                        .contains("NULL_MX");

                JsonNode gone = json(post(client, "{\"domain\": \"gone.example\", \"fresh\": true}"));
                assertThat(SPEC.errors(DOMAIN_SCHEMA, gone)).isEmpty();
                assertThat(gone.get("mxKind").asText()).isEqualTo("not-found");
                assertThat(gone.get("status").asText()).isEqualTo("failure");
                assertThat(gone.get("hints"))
                        .extracting(h -> h.get("code").asText())
                        .contains("DOMAIN_NOT_FOUND");

                JsonNode noHost = json(post(client, "{\"domain\": \"nohost.example\"}"));
                assertThat(SPEC.errors(DOMAIN_SCHEMA, noHost)).isEmpty();
                assertThat(noHost.at("/mx/0/addressProblem").asText()).contains("has no A or AAAA record");
                assertThat(noHost.at("/mx/0/results")).isEmpty();
            });
        }
    }

    @Test
    void textAndMarkdownAreTheDomainCardChosenAsForProbes() throws Exception {
        try (TestServer t = TestServer.builder().domains(new DomainZone()).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response text = client.post(
                        DomainRoutes.DOMAINS + "?format=text",
                        "{\"domain\": \"mail.example\"}",
                        req -> req.header("Authorization", TestServer.BEARER).header("Accept", "text/markdown"));
                assertThat(text.code()).isEqualTo(200);
                assertThat(header(text, "Content-Type")).startsWith("text/plain");
                assertThat(text.body().string())
                        .contains("mail.example — mail domain —", "MX 10", "mx1.mail.example", "MTA-STS", "TLS-RPT")
                        .doesNotContain("**", "{");

                Response md = client.post(
                        DomainRoutes.DOMAINS,
                        "{\"domain\": \"mail.example\"}",
                        req -> req.header("Authorization", TestServer.BEARER).header("Accept", "text/markdown"));
                assertThat(md.code()).isEqualTo(200);
                assertThat(header(md, "Content-Type")).startsWith("text/markdown");
                assertThat(md.body().string()).contains("mail.example — mail domain —", "**", "mx1.mail.example");

                Response unknown = client.post(
                        DomainRoutes.DOMAINS + "?format=xml",
                        "{\"domain\": \"mail.example\"}",
                        req -> req.header("Authorization", TestServer.BEARER));
                assertThat(unknown.code()).isEqualTo(400);
                assertThat(json(unknown).get("type").asText()).isEqualTo("urn:mailtls:problem:format");
            });
        }
    }

    @Test
    void aBadDomainIs400NamingTheFieldWithTheReason() throws Exception {
        try (TestServer t = TestServer.builder().domains(new DomainZone()).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                for (String bad :
                        new String[] {"https://mail.example/", "user@mail.example", "127.0.0.1", "localhost"}) {
                    Response r = post(client, "{\"domain\": " + JSON.writeValueAsString(bad) + "}");
                    assertThat(r.code()).as(bad).isEqualTo(400);
                    assertThat(header(r, "Content-Type")).startsWith("application/problem+json");
                    JsonNode p = json(r);
                    assertThat(p.get("type").asText()).isEqualTo("urn:mailtls:problem:invalid-domain");
                    assertThat(p.get("detail").asText())
                            .startsWith("domain: '" + bad + "' is not a mail domain")
                            .contains("e.g. example.com");
                    assertThat(p.get("usage").asText()).contains("{\"domain\": \"example.com\"");
                    assertThat(SPEC.errors(
                                    SPEC.responseSchemaPointer(
                                            DomainRoutes.DOMAINS, "POST", 400, "application/problem+json"),
                                    p))
                            .isEmpty();
                }
                for (String body : new String[] {
                    "{}",
                    "{\"domain\": 42}",
                    "{\"domain\": \"mail.example\", \"fresh\": \"yes\"}",
                    "{\"host\": \"x\"}",
                    "[]"
                }) {
                    Response r = post(client, body);
                    assertThat(r.code()).as(body).isEqualTo(400);
                    assertThat(json(r).get("type").asText()).isEqualTo("urn:mailtls:problem:malformed");
                }
                assertThat(json(post(client, "{\"domain\": 42}")).get("detail").asText())
                        .contains("domain must be a string");
                // An echo of the input is cut short and printable.
                String longBad = "x".repeat(300) + "\u0007";
                assertThat(json(post(client, "{\"domain\": " + JSON.writeValueAsString(longBad) + "}"))
                                .get("detail")
                                .asText())
                        .hasSizeLessThan(250)
                        .doesNotContain("\u0007");
            });
        }
    }

    @Test
    void withoutATokenItIs401AndOtherMethodsAre405() throws Exception {
        try (TestServer t = TestServer.builder().domains(new DomainZone()).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response none = client.post(DomainRoutes.DOMAINS, "{\"domain\": \"mail.example\"}");
                assertThat(none.code()).isEqualTo(401);
                assertThat(header(none, "WWW-Authenticate")).startsWith("Bearer");
                Response wrong = client.post(
                        DomainRoutes.DOMAINS,
                        "{\"domain\": \"mail.example\"}",
                        req -> req.header("Authorization", "Bearer nope"));
                assertThat(wrong.code()).isEqualTo(401);
                Response get = client.get(DomainRoutes.DOMAINS);
                assertThat(get.code()).isEqualTo(405);
                assertThat(header(get, "Allow")).isEqualTo("POST");
                assertThat(json(get).get("type").asText()).isEqualTo("urn:mailtls:problem:method");
            });
        }
    }

    @Test
    void aSecondCheckInAShortTimeIs429WithRetryAfter() throws Exception {
        Rate one = new Rate(1, Duration.ofMinutes(1));
        Rate lots = new Rate(10_000, Duration.ofMinutes(1));
        ServiceLimits limits = new ServiceLimits(Duration.ofMinutes(5), 8, 8, lots, one, lots);
        try (TestServer t =
                TestServer.builder().limits(limits).domains(new DomainZone()).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                assertThat(post(client, "{\"domain\": \"nullmx.example\"}").code())
                        .isEqualTo(200);
                Response r = post(client, "{\"domain\": \"nullmx.example\"}");
                assertThat(r.code()).isEqualTo(429);
                assertThat(header(r, "Retry-After"))
                        .satisfies(v -> assertThat(Long.parseLong(v)).isPositive());
                JsonNode p = json(r);
                assertThat(p.get("type").asText()).isEqualTo("urn:mailtls:problem:throttled");
                assertThat(p.get("retryAfterSeconds").asLong()).isEqualTo(Long.parseLong(header(r, "Retry-After")));
                assertThat(SPEC.errors(
                                SPEC.responseSchemaPointer(
                                        DomainRoutes.DOMAINS, "POST", 429, "application/problem+json"),
                                p))
                        .isEmpty();
            });
        }
    }

    @Test
    void aServerWithoutDomainChecksAnswers503() throws Exception {
        try (TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response r = post(client, "{\"domain\": \"mail.example\"}");
                assertThat(r.code()).isEqualTo(503);
                JsonNode p = json(r);
                assertThat(p.get("type").asText()).isEqualTo("urn:mailtls:problem:not-configured");
                assertThat(p.get("detail").asText()).contains("domain checks are not configured");
                assertThat(SPEC.errors(
                                SPEC.responseSchemaPointer(
                                        DomainRoutes.DOMAINS, "POST", 503, "application/problem+json"),
                                p))
                        .isEmpty();
            });
        }
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        try (TestServer t = TestServer.builder().domains(new DomainZone()).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response r = post(client, "{\"domain\": \"" + "a".repeat(20_000) + ".example\"}");
                assertThat(r.code()).isEqualTo(413);
            });
        }
    }
}
