package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.service.Rate;
import dev.mailtls.service.ServiceLimits;
import io.javalin.testtools.FormBody;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The web page's domain form: shown when the server has domain checks, posting to {@code /#result}
 * like the probe form, {@code /?domain=...} as its link, the domain card as HTML with every piece
 * of DNS text escaped, and the probe form's token rule, throttles and errors.
 */
@Timeout(60)
class DomainPageTest {

    private static Response post(HttpClient client, Map<String, String> fields) {
        FormBody.Builder body = new FormBody.Builder();
        fields.forEach(body::add);
        return client.request("/", r -> r.post(body.build()));
    }

    private static Map<String, String> domain(String d) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("domain", d);
        return f;
    }

    private static String header(Response r, String name) {
        List<String> values = r.headers().get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    @Test
    void thePageShowsTheDomainFormOnlyWhenTheServerHasDomainChecks() throws Exception {
        try (TestServer with = TestServer.builder().domains(new DomainZone()).build();
                TestServer without = TestServer.builder().build()) {
            JavalinTest.test(with.web().javalin(), (server, client) -> {
                String html = client.get("/").body().string();
                assertThat(html)
                        .contains("<label for=\"domain\">Domain</label>", "id=\"domain\" name=\"domain\"")
                        .contains("id=\"domain-fresh\" name=\"fresh\"", "Check domain")
                        // Both forms post to the result's anchor.
                        .containsPattern("(?s)<form method=\"post\" action=\"/#result\".*"
                                + "<form method=\"post\" action=\"/#result\" aria-labelledby=\"domain-heading\"")
                        .doesNotContain("name=\"token\"");
            });
            JavalinTest.test(without.web().javalin(), (server, client) -> {
                String html = client.get("/").body().string();
                assertThat(html).doesNotContain("name=\"domain\"").contains("name=\"host\"");
                Response r = post(client, domain("mail.example"));
                assertThat(r.code()).isEqualTo(503);
                assertThat(r.body().string()).contains("Domain checks not configured", "(HTTP 503)");
            });
        }
    }

    @Test
    void theFormSubmittedWithItsDefaultsShowsTheDomainCard() throws Exception {
        try (TestServer t = TestServer.builder().domains(new DomainZone()).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                // As a browser sends the form untouched but for the domain: the fresh box unticked, so absent.
                Response r = post(client, domain("Mail.Example"));
                assertThat(r.code()).isEqualTo(200);
                assertThat(header(r, "Content-Security-Policy")).isEqualTo(WebPage.CONTENT_SECURITY_POLICY);
                String html = r.body().string();
                assertThat(html)
                        .contains("<section id=\"result\" class=\"result status-failure\"")
                        .contains("mail.example — mail domain — FAILURE")
                        .contains("<dt>MX 10</dt>", "mx1.mail.example", "127.0.0.25", "ADDRESS_DENIED")
                        .contains("<dt>MTA-STS</dt>", "<dt>TLS-RPT</dt>", "mailto:tls-reports@mail.example")
                        .contains("DANE:", "DNSSEC secure")
                        .contains("reproduce: <code>mailtls domain mail.example</code>")
                        .contains("<a href=\"/?domain=mail.example\">link to this result</a>")
                        // The domain form keeps the domain, normalised; the probe form stays empty.
                        .contains("id=\"domain\" name=\"domain\"", "value=\"mail.example\"")
                        .doesNotContain("<script");
            });
        }
    }

    @Test
    void theLinkRunsTheCheckAsTheFormDoes() throws Exception {
        try (TestServer t = TestServer.builder().domains(new DomainZone()).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response r = client.get("/?domain=nullmx.example");
                assertThat(r.code()).isEqualTo(200);
                assertThat(r.body().string())
                        .contains("nullmx.example — mail domain —", "Null MX: accepts no mail", "NULL_MX");
                Response gone = client.get("/?domain=gone.example");
                assertThat(gone.code()).isEqualTo(200);
                assertThat(gone.body().string()).contains("the domain does not exist", "DOMAIN_NOT_FOUND");
            });
        }
    }

    @Test
    void hostileTextFromDnsIsEscapedInTheDomainCard() throws Exception {
        try (TestServer t = TestServer.builder().domains(new DomainZone()).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response r = client.get("/?domain=hostile.example");
                assertThat(r.code()).isEqualTo(200);
                String html = r.body().string();
                assertThat(html)
                        .doesNotContain("<img src=x", "<script>", "<b>x</b>", "\u202E")
                        .contains("&lt;img src=x onerror=alert(1)&gt;.&quot;&#39;&amp;")
                        .contains("&lt;script&gt;alert(&#39;tlsa&#39;)&lt;/script&gt;", "\\u202E")
                        .contains("&lt;b&gt;x&lt;/b&gt;")
                        .contains("&lt;script&gt;alert(&#39;rpt&#39;)&lt;/script&gt;");
                // A slot's name in DNS text stays text: the page is filled in one pass.
                assertThat(html.split("<section id=\"result\"", -1)).hasSize(2);
                assertThat(html).contains("&amp;{{result}}.hostile.example");
            });
        }
    }

    @Test
    void aBadDomainIs400WithTheReasonAndTheFormFilledIn() throws Exception {
        try (TestServer t = TestServer.builder().domains(new DomainZone()).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response r = post(client, domain("https://x.example/\"><script>"));
                assertThat(r.code()).isEqualTo(400);
                assertThat(r.body().string())
                        .contains(
                                "Invalid domain",
                                "(HTTP 400)",
                                "domain: &#39;https://x.example/&quot;&gt;&lt;script&gt;")
                        .contains("is not a mail domain")
                        .contains("value=\"https://x.example/&quot;&gt;&lt;script&gt;\"")
                        .doesNotContain("<script>");
            });
        }
    }

    @Test
    void aSecondCheckFromTheSameAddressIs429WithRetryAfter() throws Exception {
        Rate one = new Rate(1, Duration.ofMinutes(1));
        Rate lots = new Rate(10_000, Duration.ofMinutes(1));
        ServiceLimits limits = new ServiceLimits(Duration.ofMinutes(5), 8, 8, lots, one, lots);
        try (TestServer t =
                TestServer.builder().limits(limits).domains(new DomainZone()).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                assertThat(post(client, domain("nullmx.example")).code()).isEqualTo(200);
                Response r = client.get("/?domain=nullmx.example");
                assertThat(r.code()).isEqualTo(429);
                assertThat(Long.parseLong(header(r, "Retry-After"))).isPositive();
                assertThat(r.body().string())
                        .contains("Too many checks", "(HTTP 429)", "Try again in ")
                        .contains("value=\"nullmx.example\"");
                // An API token has its own throttle, apart from the page's client address.
                assertThat(client.post(
                                        DomainRoutes.DOMAINS,
                                        "{\"domain\": \"nullmx.example\"}",
                                        req -> req.header("Authorization", TestServer.BEARER))
                                .code())
                        .isEqualTo(200);
            });
        }
    }

    @Test
    void aTokenPageAsksTheDomainFormForAToken() throws Exception {
        try (TestServer t = TestServer.builder()
                .anonymousPage(false)
                .domains(new DomainZone())
                .build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                String html = client.get("/").body().string();
                assertThat(html)
                        .contains("<input id=\"token\" name=\"token\"", "<input id=\"domain-token\" name=\"token\"")
                        .contains("<label for=\"domain-token\">");
                Response none = post(client, domain("nullmx.example"));
                assertThat(none.code()).isEqualTo(401);
                assertThat(header(none, "WWW-Authenticate")).startsWith("Bearer");
                assertThat(client.get("/?domain=nullmx.example").code()).isEqualTo(401);
                Map<String, String> f = domain("nullmx.example");
                f.put("token", TestServer.TOKEN);
                Response ok = post(client, f);
                assertThat(ok.code()).isEqualTo(200);
                assertThat(ok.body().string()).contains("Null MX: accepts no mail");
            });
        }
    }
}
