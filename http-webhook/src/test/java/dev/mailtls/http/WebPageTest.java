package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.service.Rate;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestPki;
import io.javalin.testtools.FormBody;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The web page at {@code /}: the form, the card after a POST, its errors, its escaping and its headers. */
@Timeout(60)
class WebPageTest {
    static final String HOSTILE_GREETING =
            "220 <script>alert(1)</script> <img src=x onerror=alert(1)> \"'& {{result}} </pre></section>";

    private static ScriptedMailServer smtp(String... greeting) {
        ScriptedMailServer.Builder b = ScriptedMailServer.builder(Protocol.SMTP).advertiseStartTls(false);
        if (greeting.length > 0) {
            b.greeting(greeting);
        }
        return b.start();
    }

    private static Map<String, String> form(int port) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("host", "mail.test");
        f.put("port", Integer.toString(port));
        f.put("transport", "plain");
        f.put("protocol", "smtp");
        return f;
    }

    private static Response post(HttpClient client, Map<String, String> fields) {
        FormBody.Builder body = new FormBody.Builder();
        fields.forEach(body::add);
        return client.request("/", r -> r.post(body.build()));
    }

    @Test
    void getShowsTheFormAndExplainsTheThreeTransports() throws Exception {
        try (TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response r = client.get("/");
                assertThat(r.code()).isEqualTo(200);
                assertThat(r.headers().get("Content-Type"))
                        .anySatisfy(v -> assertThat(v).startsWith("text/html"));
                String html = r.body().string();
                assertThat(html)
                        .contains("<html lang=\"en\">", "name=\"viewport\"")
                        .contains("<form method=\"post\" action=\"/#result\"")
                        .contains("<label for=\"host\">", "id=\"host\" name=\"host\"")
                        .contains("<label for=\"port\">", "id=\"port\" name=\"port\"")
                        .contains("<select id=\"transport\" name=\"transport\">")
                        .contains(
                                "<option value=\"auto\" selected>",
                                "<option value=\"tls\"",
                                "<option value=\"starttls\"",
                                "<option value=\"plain\"")
                        .contains("<select id=\"protocol\" name=\"protocol\">")
                        .contains("<option value=\"smtp\"", "<option value=\"imap\"", "<option value=\"pop3\"")
                        .contains("type=\"checkbox\"", "name=\"fresh\"")
                        // The deep box comes unticked.
                        .contains("<input id=\"deep\" name=\"deep\" type=\"checkbox\" value=\"true\">")
                        .contains("<a href=\"/openapi.json\">")
                        .doesNotContain("name=\"token\"")
                        .doesNotContain("<script")
                        .doesNotContain("style=");
                assertThat(html.replaceAll("\\s+", " "))
                        .contains("speaks TLS from the first byte: ports 465 (SMTP), 993 (IMAP) and 995 (POP3)")
                        .contains("the server greets, then the client asks to upgrade (STARTTLS; POP3 calls it STLS):"
                                + " ports 25 and 587 (SMTP), 143 (IMAP) and 110 (POP3)")
                        .contains("<strong>plain</strong> is never encrypted");
            });
        }
    }

    @Test
    void everyPageAnswerCarriesAStrictContentSecurityPolicy() throws Exception {
        try (ScriptedMailServer mail = smtp();
                TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                for (Response r : new Response[] {
                    client.get("/"), post(client, form(mail.port())), post(client, Map.of("host", "bad host"))
                }) {
                    assertThat(r.headers().get("Content-Security-Policy"))
                            .singleElement()
                            .satisfies(csp -> assertThat(csp)
                                    .contains("default-src 'none'")
                                    .contains("style-src 'self'")
                                    .contains("form-action 'self'")
                                    .contains("frame-ancestors 'none'")
                                    .contains("base-uri 'none'")
                                    .doesNotContain("script-src")
                                    .doesNotContain("unsafe"));
                    assertThat(r.headers().get("X-Content-Type-Options")).containsExactly("nosniff");
                }
            });
        }
    }

    @Test
    void theStylesheetIsServedFromItsOwnRoute() throws Exception {
        try (TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                assertThat(client.get("/").body().string()).contains("<link rel=\"stylesheet\" href=\"/page.css\">");
                Response css = client.get("/page.css");
                assertThat(css.code()).isEqualTo(200);
                assertThat(css.headers().get("Content-Type"))
                        .anySatisfy(v -> assertThat(v).startsWith("text/css"));
                assertThat(css.body().string()).contains(".status-ok", ".status-warning", ".status-failure");
            });
        }
    }

    @Test
    void postShowsTheCardOfTheServerAndKeepsTheFormFilledIn() throws Exception {
        try (ScriptedMailServer mail = smtp("220 mail.test ESMTP scripted greeting");
                TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Map<String, String> f = form(mail.port());
                f.put("fresh", "true");
                Response r = post(client, f);
                assertThat(r.code()).isEqualTo(200);
                String html = r.body().string();
                assertThat(html)
                        .containsPattern("<section id=\"result\" class=\"result status-(ok|warning|failure)\"")
                        .containsPattern("class=\"status\"><span aria-hidden=\"true\">(✅|⚠️|❌)</span> mail\\.test:"
                                + mail.port() + " — SMTP in plaintext — ")
                        .contains("<div class=\"card\">")
                        .contains("220 mail.test ESMTP scripted greeting")
                        .contains("reproduce: ")
                        .contains("value=\"mail.test\"", "value=\"" + mail.port() + "\"")
                        .contains("<option value=\"plain\" selected>", "<option value=\"smtp\" selected>")
                        .contains("value=\"true\" checked>");
            });
            assertThat(mail.connections()).isEqualTo(1);
        }
    }

    @Test
    void theFormWithItsDefaultsRunsTheProbe() throws Exception {
        // Issue 11, item 1: transport=auto and protocol=auto, as the form sends them, were refused with 422.
        try (ScriptedMailServer mail = smtp("220 mail.test ESMTP defaults greeting");
                TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response r = post(
                        client,
                        Map.of(
                                "host",
                                "mail.test",
                                "port",
                                Integer.toString(mail.port()),
                                "transport",
                                "auto",
                                "protocol",
                                "auto"));
                assertThat(r.code()).isEqualTo(200);
                assertThat(r.body().string())
                        .contains("220 mail.test ESMTP defaults greeting")
                        .contains("<option value=\"auto\" selected>");
            });
        }
    }

    @Test
    void theTickedDeepBoxRunsADeepProbeAndItsLinkAndFormKeepIt() throws Exception {
        dev.mailtls.testing.TestPki pki = dev.mailtls.testing.TestPki.create();
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                        .implicitTls(true)
                        .sslContext(pki.serverContext(pki.leaf("mail.test")))
                        .start();
                TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Map<String, String> f = form(mail.port());
                f.put("transport", "tls");
                f.put("deep", "true");
                Response r = post(client, f);
                assertThat(r.code()).isEqualTo(200);
                String html = r.body().string();
                String link = "/?host=mail.test&port=" + mail.port() + "&transport=tls&protocol=smtp&deep=on";
                assertThat(html)
                        .contains("<input id=\"deep\" name=\"deep\" type=\"checkbox\" value=\"true\" checked>")
                        .contains("<a href=\"" + link.replace("&", "&amp;") + "\">link to this result</a>");
                // A deep probe: far more connections than a probe's one or two.
                int made = mail.connections();
                assertThat(made).isGreaterThan(10);

                // The link shows the deep result again from the cache; without deep it is another probe.
                Response again = client.get(link);
                assertThat(again.body().string())
                        .contains("cached ")
                        .contains("<input id=\"deep\" name=\"deep\" type=\"checkbox\" value=\"true\" checked>");
                assertThat(mail.connections()).isEqualTo(made);
                Response normal = client.get(link.replace("&deep=on", ""));
                assertThat(normal.body().string())
                        .doesNotContain("cached ")
                        .contains("<input id=\"deep\" name=\"deep\" type=\"checkbox\" value=\"true\">");
            });
        }
    }

    private static String link(int port) {
        return "/?host=mail.test&port=" + port + "&transport=plain&protocol=smtp";
    }

    @Test
    void theResultOffersALinkThatShowsItAgainFromTheCache() throws Exception {
        // Issue 11, item 11: a result can be pasted into an incident channel as a GET link.
        try (ScriptedMailServer mail = smtp("220 mail.test ESMTP linkable");
                TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                String posted = post(client, form(mail.port())).body().string();
                assertThat(posted)
                        .contains(
                                "<a href=\"" + link(mail.port()).replace("&", "&amp;") + "\">link to this result</a>");
                t.nanos.addAndGet(Duration.ofSeconds(7).toNanos());
                Response r = client.get(link(mail.port()));
                assertThat(r.code()).isEqualTo(200);
                assertThat(r.headers().get("Content-Security-Policy")).singleElement();
                assertThat(r.body().string())
                        .contains("220 mail.test ESMTP linkable", "cached 7 s ago")
                        .contains("value=\"mail.test\"", "value=\"" + mail.port() + "\"")
                        .contains("<option value=\"plain\" selected>", "<option value=\"smtp\" selected>")
                        .contains("link to this result");
            });
            assertThat(mail.connections()).isEqualTo(1);
        }
    }

    @Test
    void aLinkProbesOnItsOwnAndAPlainGetDoesNot() throws Exception {
        try (ScriptedMailServer mail = smtp("220 mail.test ESMTP by link");
                TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                String empty = client.get("/?port=" + mail.port()).body().string();
                assertThat(empty).doesNotContain("class=\"result").contains("<option value=\"auto\" selected>");
                assertThat(mail.connections()).isZero();
                Response r = client.get("/?host=mail.test&port=" + mail.port());
                assertThat(r.code()).isEqualTo(200);
                assertThat(r.body().string())
                        .contains("220 mail.test ESMTP by link")
                        .contains("href=\"/?host=mail.test&amp;port=" + mail.port() + "\">link to this result");
                assertThat(client.get("/?host=mail.test&port=99999").code()).isEqualTo(422);
            });
            assertThat(mail.connections()).isEqualTo(1);
        }
    }

    @Test
    void aLinkIsThrottledAndPolicyCheckedLikeThePost() throws Exception {
        Rate one = new Rate(1, Duration.ofMinutes(1));
        Rate lots = new Rate(10_000, Duration.ofMinutes(1));
        ServiceLimits limits = new ServiceLimits(Duration.ofMinutes(5), 8, 8, one, lots, lots);
        try (ScriptedMailServer mail = smtp();
                TestServer t = TestServer.builder().limits(limits).build();
                TestServer strict = TestServer.builder().strict().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                assertThat(client.get(link(mail.port()) + "&fresh=true").code()).isEqualTo(200);
                Response r = client.get(link(mail.port()) + "&fresh=true");
                assertThat(r.code()).isEqualTo(429);
                assertThat(r.headers().get("Retry-After")).singleElement();
            });
            JavalinTest.test(strict.web().javalin(), (server, client) -> {
                Response r = client.get(link(587));
                assertThat(r.code()).isEqualTo(403);
                assertThat(r.body().string()).contains("Target refused by the address policy");
            });
            assertThat(mail.connections()).isEqualTo(1);
        }
    }

    @Test
    void withoutAnAnonymousPageALinkNeedsATokenAndNeverCarriesOne() throws Exception {
        try (ScriptedMailServer mail = smtp("220 mail.test token link");
                TestServer t = TestServer.builder().anonymousPage(false).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response none = client.get(link(mail.port()) + "&token=" + TestServer.TOKEN);
                assertThat(none.code()).isEqualTo(401);
                assertThat(none.body().string())
                        .contains("API token required", "id=\"token\" name=\"token\"")
                        .contains("value=\"mail.test\"");
                assertThat(mail.connections()).isZero();
                Response ok = client.get(link(mail.port()), req -> req.header("Authorization", TestServer.BEARER));
                assertThat(ok.code()).isEqualTo(200);
                assertThat(ok.body().string())
                        .contains("220 mail.test token link", "link to this result")
                        .doesNotContain(TestServer.TOKEN);
            });
        }
    }

    @Test
    void theHintsLeadAsHtmlEachWithItsFixBeforeTheDetailsText() throws Exception {
        // Issue 11, item 11: a plaintext server without STARTTLS has an error hint with a fix.
        try (ScriptedMailServer mail = smtp();
                TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Map<String, String> f = form(mail.port());
                f.put("transport", "starttls");
                String html = post(client, f).body().string();
                assertThat(html).contains("<ul class=\"hints\">");
                String hints = html.substring(html.indexOf("<ul class=\"hints\">"), html.indexOf("</ul>"));
                assertThat(hints)
                        .containsPattern(
                                "<li class=\"hint severity-(error|warning)\"><p class=\"summary\"><code>[A-Z_0-9]+</code> [^<]+</p><p class=\"fix\">Fix: [^<]+</p>");
                assertThat(html.indexOf("<ul class=\"hints\">")).isLessThan(html.indexOf("<div class=\"card\">"));
                String card = html.substring(html.indexOf("<div class=\"card\">"), html.indexOf("</section>"));
                assertThat(card).doesNotContain("Hints").contains("reproduce: <code>");
            });
        }
    }

    @Test
    void aSuggestedProbeIsALinkToThisPageWithTheFormsFields() throws Exception {
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                        .advertiseStartTls(true)
                        .start();
                TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                // Plaintext asked of a server that offers STARTTLS: the fix suggests the upgrade.
                String html = post(client, form(mail.port())).body().string();
                String link = "/?host=mail.test&amp;port=" + mail.port() + "&amp;transport=starttls&amp;protocol=smtp";

                assertThat(html)
                        .contains("PLAINTEXT_ONLY")
                        .contains("<a href=\"" + link + "\">" + link + "</a>")
                        .doesNotContain("mailtls probe");
            });
        }
    }

    @Test
    void theCardIsHtmlWithTheCertificateAsFieldsAndItsValidityAsABar() throws Exception {
        // Issue 11, item 11: the card is HTML (facts and certificate as label/value lists, validity as a bar),
        // not the CLI's text in a <pre>.
        TestPki pki = TestPki.create();
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                        .implicitTls(true)
                        .sslContext(pki.serverContext(pki.expiringIn(Duration.ofDays(10), "mail.test")))
                        .start();
                TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Map<String, String> f = form(mail.port());
                f.put("transport", "tls");
                String html = post(client, f).body().string();
                String card = html.substring(html.indexOf("<div class=\"card\">"), html.indexOf("</section>"));
                assertThat(card)
                        .doesNotContain("<pre class=\"card\">")
                        .contains("<h3>Certificate <span class=\"value\">CN=mail.test")
                        .containsPattern("<dt>valid</dt><dd>[0-9-]+ → [0-9-]+ \\((?:9|10) days left\\)<br><meter"
                                + " class=\"validity\" min=\"0\" max=\"([0-9]+)\" low=\"\\1\" high=\"\\1\" optimum=\"\\1\""
                                + " value=\"(9|10)\"")
                        // A lifetime under 14 days is all "low": the bar shows it red, as the expiry hint warns.
                        .contains("<dt>names</dt><dd>mail.test</dd>")
                        .contains("<dt>trust</dt>")
                        .contains("<details class=\"transcript\"><summary>Transcript</summary><pre>")
                        .contains("reproduce: <code>openssl s_client -connect mail.test:" + mail.port());
                assertThat(html).containsPattern("<code>CERT_EXPIRING(_SOON)?</code>");
            });
        }
    }

    @Test
    void aSecondPostIsServedFromTheCacheAndSaysSo() throws Exception {
        try (ScriptedMailServer mail = smtp();
                TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                post(client, form(mail.port()));
                t.nanos.addAndGet(Duration.ofSeconds(42).toNanos());
                String html = post(client, form(mail.port())).body().string();
                assertThat(html).contains("cached 42 s ago");
            });
            assertThat(mail.connections()).isEqualTo(1);
        }
    }

    @Test
    void badInputAnswers422WithTheUsageText() throws Exception {
        try (TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response r = post(client, Map.of("host", "mail.test", "port", "99999", "transport", "auto"));
                assertThat(r.code()).isEqualTo(422);
                String html = r.body().string();
                assertThat(html)
                        .contains("role=\"alert\"", "Invalid target or option", "(HTTP 422)")
                        .contains("<pre class=\"usage\">usage: &lt;host&gt; [port]")
                        .contains("value=\"99999\"");
            });
        }
    }

    @Test
    void aMissingHostAnswers422SayingTheHostIsRequired() throws Exception {
        try (TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response r = post(client, Map.of("host", "  ", "transport", "auto", "protocol", "auto"));
                assertThat(r.code()).isEqualTo(422);
                assertThat(r.body().string()).contains("host is required");
            });
        }
    }

    @Test
    void aThrottledClientGets429WithRetryAfter() throws Exception {
        Rate one = new Rate(1, Duration.ofMinutes(1));
        Rate lots = new Rate(10_000, Duration.ofMinutes(1));
        ServiceLimits limits = new ServiceLimits(Duration.ofMinutes(5), 8, 8, one, lots, lots);
        try (ScriptedMailServer mail = smtp();
                TestServer t = TestServer.builder().limits(limits).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Map<String, String> f = form(mail.port());
                f.put("fresh", "true");
                assertThat(post(client, f).code()).isEqualTo(200);
                Response r = post(client, f);
                assertThat(r.code()).isEqualTo(429);
                assertThat(r.headers().get("Retry-After"))
                        .singleElement()
                        .satisfies(v -> assertThat(Long.parseLong(v)).isPositive());
                assertThat(r.body().string())
                        .contains("Too many probes", "(HTTP 429)", "Try again in ")
                        .contains("value=\"mail.test\"");
            });
        }
    }

    @Test
    void thePageThrottlesByClientAddressApartFromApiTokens() throws Exception {
        Rate one = new Rate(1, Duration.ofMinutes(1));
        Rate lots = new Rate(10_000, Duration.ofMinutes(1));
        ServiceLimits limits = new ServiceLimits(Duration.ofMinutes(5), 8, 8, one, lots, lots);
        try (ScriptedMailServer mail = smtp();
                TestServer t = TestServer.builder().limits(limits).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response api = client.post(
                        "/api/v1/probes",
                        "{\"host\": \"mail.test\", \"port\": " + mail.port()
                                + ", \"transport\": \"plain\", \"fresh\": true}",
                        req -> req.header("Authorization", TestServer.BEARER));
                assertThat(api.code()).isEqualTo(200);
                Map<String, String> f = form(mail.port());
                f.put("fresh", "true");
                assertThat(post(client, f).code()).isEqualTo(200);
            });
        }
    }

    @Test
    void theAddressPolicyRefusalAnswers403() throws Exception {
        try (ScriptedMailServer mail = smtp();
                TestServer t = TestServer.builder().strict().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Map<String, String> f = form(587);
                Response r = post(client, f);
                assertThat(r.code()).isEqualTo(403);
                assertThat(r.body().string())
                        .contains("Target refused by the address policy", "(HTTP 403)")
                        .doesNotContain("<div class=\"card\">");
            });
            assertThat(mail.connections()).isZero();
        }
    }

    @Test
    void withoutAnAnonymousPageTheFormAsksForATokenAndRefusesAPostWithoutOne() throws Exception {
        try (ScriptedMailServer mail = smtp();
                TestServer t = TestServer.builder().anonymousPage(false).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                assertThat(client.get("/").body().string())
                        .contains("<label for=\"token\">API token</label>")
                        .contains("id=\"token\" name=\"token\" type=\"password\"");

                Response none = post(client, form(mail.port()));
                assertThat(none.code()).isEqualTo(401);
                assertThat(none.body().string()).contains("API token required", "only with an API token");

                Map<String, String> wrong = form(mail.port());
                wrong.put("token", "not-the-token-0123456789");
                Response refused = post(client, wrong);
                assertThat(refused.code()).isEqualTo(401);
                assertThat(refused.body().string())
                        .contains("not one of this server")
                        .doesNotContain("not-the-token-0123456789");
            });
            assertThat(mail.connections()).isZero();
        }
    }

    @Test
    void withoutAnAnonymousPageAValidTokenRunsTheProbe() throws Exception {
        try (ScriptedMailServer mail = smtp("220 mail.test token greeting");
                TestServer t = TestServer.builder().anonymousPage(false).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Map<String, String> f = form(mail.port());
                f.put("token", TestServer.TOKEN);
                Response r = post(client, f);
                assertThat(r.code()).isEqualTo(200);
                String html = r.body().string();
                assertThat(html).contains("220 mail.test token greeting").doesNotContain(TestServer.TOKEN);
            });
        }
    }

    @Test
    void aHostileGreetingIsShownAsEscapedTextNeverAsMarkup() throws Exception {
        try (ScriptedMailServer mail = smtp(HOSTILE_GREETING);
                TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response r = post(client, form(mail.port()));
                assertThat(r.code()).isEqualTo(200);
                String html = r.body().string();
                assertThat(html)
                        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                        .contains("&lt;img src=x onerror=alert(1)&gt;")
                        .contains("&quot;&#39;&amp; {{result}} &lt;/pre&gt;&lt;/section&gt;")
                        .doesNotContain("<script")
                        .doesNotContain("<img");
                assertThat(tags(html)).noneMatch(tag -> tag.matches("(?s).*\\son\\w+=.*"));
                // Only the transcript's <pre> closes, once, after the whole greeting.
                assertThat(html.split("</pre>", -1)).hasSize(2);
                assertThat(html.split("</section>", -1)).hasSize(2);
            });
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"><script>alert(2)</script>",
                "' autofocus onfocus='alert(3)",
                "</textarea><svg onload=alert(4)>",
                "{{result}}&amp;",
                "mail.test\"><img src=x onerror=alert(5)>"
            })
    void hostileFormInputIsEchoedOnlyAsEscapedText(String hostile) throws Exception {
        try (TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response r = post(client, Map.of("host", hostile, "port", hostile, "transport", hostile));
                assertThat(r.code()).isEqualTo(422);
                String html = r.body().string();
                assertThat(html)
                        .contains("value=\"" + Html.escape(hostile) + "\"")
                        .doesNotContain("<script")
                        .doesNotContain("<svg")
                        .doesNotContain("<img");
                assertThat(tags(html)).noneMatch(tag -> tag.matches("(?s).*\\son\\w+=.*"));
            });
        }
    }

    /** The page's tags with their quoted attribute values emptied: the markup a browser would act on. */
    private static List<String> tags(String html) {
        return Pattern.compile("<[^>]*>")
                .matcher(html.replaceAll("\"[^\"]*\"", "\"\""))
                .results()
                .map(MatchResult::group)
                .toList();
    }

    @Test
    void htmlEscapingCoversTheFiveSpecialCharacters() {
        assertThat(Html.escape("a&b<c>d\"e'f")).isEqualTo("a&amp;b&lt;c&gt;d&quot;e&#39;f");
        assertThat(Html.text("{{x}}").markup()).isEqualTo("{{x}}");
    }
}
