package dev.mailtls.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.app_backend.SlackSignature;
import com.slack.api.bolt.App;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.net.Cidr;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.ProbeRequest;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ProbeListener;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.Rate;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.service.ServiceResult;
import dev.mailtls.summary.GroupRunner;
import dev.mailtls.testing.FakeDomainDns;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestResolver;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Signed slash commands and button clicks through {@link SlackHttpEndpoint}, as Slack posts them
 * to /slack/events, with a scripted SMTP server on loopback to probe and a local server standing in
 * for the response_url.
 */
@Timeout(60)
class SlackHttpModeTest {
    private static final String SECRET = "test-signing-secret";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private ScriptedMailServer mail;
    private CaptureServer slack;
    private ProbeService service;
    private SlackCommandHandler handler;
    private SlackHttpEndpoint endpoint;
    private String publicUrl = null;

    @BeforeEach
    void start() throws Exception {
        mail = ScriptedMailServer.builder(Protocol.SMTP)
                .greeting("220 mail.test ESMTP <!channel> scripted")
                .advertiseStartTls(false)
                .start();
        slack = new CaptureServer();
        startService(ServiceLimits.defaults());
    }

    private void startService(ServiceLimits limits) {
        Prober prober = new Prober(
                TestResolver.loopback("mail.test"),
                Clock.systemUTC(),
                AddressPolicy.strict(List.of(Cidr.parse("127.0.0.0/8")), List.of(), Set.of(mail.port())));
        service = new ProbeService(prober, limits);
        handler = new SlackCommandHandler(
                service,
                new Diagnoser(),
                ProbeOptions.defaults(),
                true,
                new TranscriptStore(),
                new GroupRunner(service, new Diagnoser(), ProbeOptions.defaults()),
                publicUrl);
        App app = SlackApps.create(new SlackSettings(null, SECRET, null, null, true), handler);
        endpoint = new SlackHttpEndpoint(app);
    }

    @AfterEach
    void stop() {
        handler.close();
        service.close();
        slack.close();
        mail.close();
    }

    private String command(String text) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("token", "legacy");
        f.put("team_id", "T1");
        f.put("team_domain", "acme");
        f.put("channel_id", "C1");
        f.put("channel_name", "mail-support");
        f.put("user_id", "U1");
        f.put("user_name", "alice");
        f.put("command", "/mailtls");
        f.put("text", text);
        f.put("response_url", slack.url("/commands/T1/1/abc"));
        f.put("trigger_id", "1.2.3");
        f.put("api_app_id", "A1");
        return form(f);
    }

    private static String form(Map<String, String> fields) {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> b.append(b.isEmpty() ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return b.toString();
    }

    private SlackHttpEndpoint.HttpAnswer post(String body, long timestamp, String signature) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("X-Slack-Request-Timestamp", Long.toString(timestamp));
        headers.put("X-Slack-Signature", signature);
        return endpoint.handle(SlackHttpEndpoint.PATH, headers, Map.of(), body, "127.0.0.1");
    }

    private SlackHttpEndpoint.HttpAnswer signed(String body) {
        long now = System.currentTimeMillis() / 1000;
        return post(body, now, new SlackSignature.Generator(SECRET).generate(Long.toString(now), body));
    }

    private static JsonObject json(String s) {
        return JsonParser.parseString(s).getAsJsonObject();
    }

    /** The "Probing…" removal, then the card for the channel: the card. */
    private JsonObject channelCard() throws InterruptedException {
        CaptureServer.Captured removal = slack.next(WAIT);
        JsonObject r = json(removal.body());
        assertThat(r.get("delete_original").getAsBoolean()).isTrue();
        assertThat(r.has("blocks")).isFalse();
        JsonObject card = json(slack.next(WAIT).body());
        assertThat(card.get("replace_original").getAsBoolean()).isFalse();
        return card;
    }

    private static JsonObject button(JsonObject card, String actionId) {
        return card.getAsJsonArray("blocks").asList().stream()
                .map(b -> b.getAsJsonObject())
                .filter(b -> b.get("type").getAsString().equals("actions"))
                .flatMap(b -> b.getAsJsonArray("elements").asList().stream())
                .map(e -> e.getAsJsonObject())
                .filter(e -> e.get("action_id").getAsString().equals(actionId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no button " + actionId));
    }

    private String click(String actionId, String value, String responsePath) {
        return "{\"type\":\"block_actions\",\"team\":{\"id\":\"T1\",\"domain\":\"acme\"},"
                + "\"user\":{\"id\":\"U2\",\"team_id\":\"T1\"},\"api_app_id\":\"A1\",\"token\":\"legacy\","
                + "\"trigger_id\":\"9.9.9\",\"channel\":{\"id\":\"C1\"},"
                + "\"response_url\":\"" + slack.url(responsePath) + "\","
                + "\"actions\":[{\"type\":\"button\",\"action_id\":\"" + actionId
                + "\",\"block_id\":\"b1\",\"value\":" + new com.google.gson.JsonPrimitive(value)
                + ",\"action_ts\":\"1.2\"}]}";
    }

    private String target() {
        return "mail.test " + mail.port() + " plain smtp";
    }

    @Test
    void signedCommandIsAckedEphemerallyAndTheCardFollowsInTheChannel() throws Exception {
        long t0 = System.nanoTime();
        SlackHttpEndpoint.HttpAnswer ack = signed(command(target()));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(ack.status()).isEqualTo(200);
        assertThat(took).isLessThan(Duration.ofSeconds(3));
        JsonObject a = json(ack.body());
        assertThat(a.get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(a.get("text").getAsString())
                .isEqualTo(":hourglass_flowing_sand: Probing mail.test:" + mail.port() + " (SMTP, plaintext)…");

        // Slack does not turn the ephemeral "Probing…" into a channel message: it is deleted, and the
        // card follows as a new message, both through the command's response_url.
        CaptureServer.Captured removal = slack.next(WAIT);
        assertThat(removal.path()).isEqualTo("/commands/T1/1/abc");
        assertThat(json(removal.body()).get("delete_original").getAsBoolean()).isTrue();
        CaptureServer.Captured delivered = slack.next(WAIT);
        assertThat(delivered.path()).isEqualTo("/commands/T1/1/abc");
        JsonObject card = json(delivered.body());
        assertThat(card.get("response_type").getAsString()).isEqualTo("in_channel");
        assertThat(card.get("replace_original").getAsBoolean()).isFalse();
        assertThat(card.get("delete_original").getAsBoolean()).isFalse();
        assertThat(card.get("text").getAsString()).contains("mail.test:" + mail.port());
        String blocks = card.get("blocks").toString();
        assertThat(blocks)
                .contains("\"type\":\"header\"")
                .contains("mail.test:" + mail.port() + " — SMTP in plaintext")
                .contains("220 mail.test ESMTP &lt;!channel&gt; scripted")
                .doesNotContain("<!channel>")
                .contains(SlackCardRenderer.TRANSCRIPT_ACTION_ID);
        assertThat(mail.connections()).isEqualTo(1);
    }

    @Test
    void domainCommandIsAckedEphemerallyAndTheDomainCardFollowsInTheChannel() throws Exception {
        handler.close();
        service.close();
        FakeDomainDns dns = new FakeDomainDns()
                .mx("example.test", 10, "mx1.example.test")
                .host("mx1.example.test", "127.0.0.2")
                .txt("_smtp._tls.example.test", "v=TLSRPTv1; rua=mailto:<!channel>@example.test");
        // The server's default policy: the MX address on loopback is refused, nothing connects.
        service = new ProbeService(
                new Prober(dns.resolver(), Clock.systemUTC(), AddressPolicy.strict(List.of(), List.of(), Set.of(25))),
                ServiceLimits.defaults());
        handler = new SlackCommandHandler(
                service,
                new Diagnoser(),
                ProbeOptions.defaults(),
                true,
                new TranscriptStore(),
                new GroupRunner(service, new Diagnoser(), ProbeOptions.defaults()),
                null,
                dns.checks(service, Duration.ofSeconds(5)));
        endpoint = new SlackHttpEndpoint(SlackApps.create(new SlackSettings(null, SECRET, null, null, true), handler));

        SlackHttpEndpoint.HttpAnswer ack = signed(command("domain Example.test"));

        assertThat(ack.status()).isEqualTo(200);
        assertThat(json(ack.body()).get("text").getAsString())
                .isEqualTo(":hourglass_flowing_sand: Checking the mail domain example.test"
                        + " (MX, MTA-STS, TLS-RPT, DANE)…");
        JsonObject card = channelCard();
        assertThat(card.get("response_type").getAsString()).isEqualTo("in_channel");
        assertThat(card.get("text").getAsString()).contains("example.test — mail domain");
        String blocks = card.get("blocks").toString();
        assertThat(blocks)
                .contains("mx1.example.test")
                .contains("ADDRESS_DENIED")
                .contains("&lt;!channel&gt;")
                .doesNotContain("<!channel>");
        assertThat(mail.connections()).isZero();
    }

    /** MX probes the server ran (not from the cache) and answered from its cache. */
    private final AtomicInteger mxProbed = new AtomicInteger();

    private final AtomicInteger mxFromCache = new AtomicInteger();

    /**
     * A handler with domain checks over {@code dns}, whose MX addresses the server's default policy
     * refuses before any connection (a refusal is a result, cached like any other).
     */
    private void startDomains(FakeDomainDns dns, ServiceLimits limits) {
        handler.close();
        service.close();
        ProbeListener counting = new ProbeListener() {
            @Override
            public void probed(ProbeRequest request, ServiceResult.Probed result, long elapsedNanos) {
                mxProbed.incrementAndGet();
            }

            @Override
            public void cacheHit(ProbeRequest request, ServiceResult.Probed result) {
                mxFromCache.incrementAndGet();
            }
        };
        service = new ProbeService(
                new Prober(dns.resolver(), Clock.systemUTC(), AddressPolicy.strict(List.of(), List.of(), Set.of(25))),
                limits,
                counting);
        handler = new SlackCommandHandler(
                service,
                new Diagnoser(),
                ProbeOptions.defaults(),
                true,
                new TranscriptStore(),
                new GroupRunner(service, new Diagnoser(), ProbeOptions.defaults()),
                publicUrl,
                dns.checks(service, Duration.ofSeconds(5)));
        endpoint = new SlackHttpEndpoint(SlackApps.create(new SlackSettings(null, SECRET, null, null, true), handler));
    }

    private static FakeDomainDns exampleTest() {
        return new FakeDomainDns().mx("example.test", 10, "mx1.example.test").host("mx1.example.test", "127.0.0.2");
    }

    @Test
    void theDomainCardCarriesReRunAndOpenInBrowserToTheWebPagesDomainForm() throws Exception {
        publicUrl = "https://mailtls.example.com/";
        startDomains(exampleTest(), ServiceLimits.defaults());

        signed(command("domain Example.TEST."));
        JsonObject card = channelCard();

        BlockJson.assertWithinLimits(card.getAsJsonArray("blocks"));
        assertThat(button(card, SlackCardRenderer.RERUN_ACTION_ID).get("value").getAsString())
                .isEqualTo("domain example.test fresh");
        // The typed domain, normalised and URL-encoded, under the public URL without its trailing slash.
        assertThat(button(card, SlackCardRenderer.BROWSER_ACTION_ID).get("url").getAsString())
                .isEqualTo("https://mailtls.example.com/?domain=example.test");
    }

    @Test
    void withoutAPublicUrlTheDomainCardHasOnlyTheReRunButton() throws Exception {
        startDomains(exampleTest(), ServiceLimits.defaults());

        signed(command("domain example.test private"));

        // Private: the card replaces the "Checking…" in place, and its Re-run stays private.
        JsonObject card = json(slack.next(WAIT).body());
        assertThat(card.get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(button(card, SlackCardRenderer.RERUN_ACTION_ID).get("value").getAsString())
                .isEqualTo("domain example.test fresh private");
        assertThat(card.get("blocks").toString()).doesNotContain(SlackCardRenderer.BROWSER_ACTION_ID);
    }

    @Test
    void domainReRunRunsAFreshCheckForTheClickerAndReplacesTheCard() throws Exception {
        startDomains(exampleTest(), ServiceLimits.defaults());
        signed(command("domain example.test"));
        String value = button(channelCard(), SlackCardRenderer.RERUN_ACTION_ID)
                .get("value")
                .getAsString();
        assertThat(mxProbed.get()).isEqualTo(1);

        SlackHttpEndpoint.HttpAnswer ack =
                signed(form(Map.of("payload", click(SlackCardRenderer.RERUN_ACTION_ID, value, "/actions/T1/4/dom"))));

        assertThat(ack.status()).isEqualTo(200);
        CaptureServer.Captured delivered = slack.next(WAIT);
        assertThat(delivered.path()).isEqualTo("/actions/T1/4/dom");
        JsonObject fresh = json(delivered.body());
        assertThat(fresh.get("replace_original").getAsBoolean()).isTrue();
        assertThat(fresh.get("response_type").getAsString()).isEqualTo("in_channel");
        assertThat(fresh.get("text").getAsString()).contains("example.test — mail domain");
        assertThat(button(fresh, SlackCardRenderer.RERUN_ACTION_ID).get("value").getAsString())
                .isEqualTo("domain example.test fresh");
        // fresh: the MX address was probed again, not answered from the cache
        assertThat(mxProbed.get()).isEqualTo(2);
        assertThat(mxFromCache.get()).isZero();
        assertThat(slack.poll(Duration.ofMillis(300))).isNull();
    }

    @Test
    void aForgedDomainReRunValueIsRefusedWithWhatToDoAndChecksNothing() throws Exception {
        startDomains(exampleTest(), ServiceLimits.defaults());
        for (String forged : new String[] {
            "domain <!channel>",
            "domain https://example.test",
            "domain example.test other.test",
            "domain",
            "domain 127.0.0.2"
        }) {
            signed(form(Map.of("payload", click(SlackCardRenderer.RERUN_ACTION_ID, forged, "/actions/f"))));

            JsonObject refusal = json(slack.next(WAIT).body());
            assertThat(refusal.get("response_type").getAsString()).isEqualTo("ephemeral");
            assertThat(refusal.get("replace_original").getAsBoolean()).isFalse();
            assertThat(refusal.get("text").getAsString())
                    .as(forged)
                    .startsWith(":warning: This Re-run button does not hold a command mailtls can run (")
                    .doesNotContain("<!channel>")
                    .doesNotContain("Exception");
            assertThat(refusal.has("blocks")).isFalse();
        }
        assertThat(mxProbed.get() + mxFromCache.get()).isZero();
    }

    @Test
    void aThrottledDomainCheckIsAnsweredAtOnceWithoutACheckingMessage() throws Exception {
        Rate one = new Rate(1, Duration.ofMinutes(1));
        Rate lots = new Rate(100, Duration.ofMinutes(1));
        startDomains(exampleTest(), new ServiceLimits(Duration.ofMinutes(5), 4, 4, lots, one, lots, lots));
        signed(command("domain example.test"));
        channelCard();

        SlackHttpEndpoint.HttpAnswer ack = signed(command("domain example.test"));

        JsonObject a = json(ack.body());
        assertThat(a.get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(a.get("text").getAsString())
                .startsWith(":hourglass: you started several checks in a short time: try again in ")
                .doesNotContain("Checking");
        // Nothing follows: no "Checking…" to replace, and the throttled check did not run.
        assertThat(slack.poll(Duration.ofMillis(500))).isNull();
        assertThat(mxProbed.get()).isEqualTo(1);
    }

    @Test
    void domainCommandWithoutDomainChecksSaysSoAtOnce() {
        SlackHttpEndpoint.HttpAnswer ack = signed(command("domain example.com"));

        assertThat(ack.status()).isEqualTo(200);
        JsonObject a = json(ack.body());
        assertThat(a.get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(a.get("text").getAsString())
                .isEqualTo(":information_source: domain checks are not enabled on this server.");
    }

    @Test
    void privateCommandDeliversTheCardEphemerallyInPlaceOfTheProbingMessage() throws Exception {
        signed(command(target() + " private"));

        JsonObject card = json(slack.next(WAIT).body());
        assertThat(card.get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(card.get("replace_original").getAsBoolean()).isTrue();
        assertThat(card.get("blocks").toString()).contains("\"type\":\"header\"");
        assertThat(button(card, SlackCardRenderer.RERUN_ACTION_ID).get("value").getAsString())
                .isEqualTo("mail.test " + mail.port() + " plain smtp fresh private");
        assertThat(slack.poll(Duration.ofMillis(300))).isNull();
    }

    @Test
    void wrongSignatureIsRefusedWith401AndNothingIsProbed() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String body = command(target());
        String forged = new SlackSignature.Generator("another-secret").generate(Long.toString(now), body);

        SlackHttpEndpoint.HttpAnswer answer = post(body, now, forged);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(slack.poll(Duration.ofMillis(500))).isNull();
        assertThat(mail.connections()).isZero();
    }

    @Test
    void staleTimestampIsRefusedWith401EvenWhenCorrectlySigned() throws Exception {
        long stale = System.currentTimeMillis() / 1000 - 600;
        String body = command(target());

        SlackHttpEndpoint.HttpAnswer answer =
                post(body, stale, new SlackSignature.Generator(SECRET).generate(Long.toString(stale), body));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(mail.connections()).isZero();
    }

    @Test
    void usageErrorIsExplainedEphemerallyWithTheUsage() throws Exception {
        SlackHttpEndpoint.HttpAnswer ack = signed(command("mail.test 99999"));

        JsonObject a = json(ack.body());
        assertThat(a.get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(a.get("text").getAsString())
                .contains("bad port 99999")
                .contains("usage: /mailtls &lt;host&gt; [port]")
                .doesNotContain("<host>");
        assertThat(slack.poll(Duration.ofMillis(500))).isNull();
    }

    @Test
    void helpAnswersTheUsageEphemerally() {
        JsonObject a = json(signed(command("help")).body());

        assertThat(a.get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(a.get("text").getAsString()).contains("usage: /mailtls").contains("`private`");
    }

    @Test
    void throttledCommandIsAnsweredEphemerallyWithWhenToRetry() throws Exception {
        stop();
        mail = ScriptedMailServer.builder(Protocol.SMTP)
                .advertiseStartTls(false)
                .start();
        slack = new CaptureServer();
        Rate one = new Rate(1, Duration.ofMinutes(1));
        startService(new ServiceLimits(Duration.ofMinutes(5), 4, 4, one, one, new Rate(100, Duration.ofMinutes(1))));

        signed(command(target()));
        assertThat(channelCard().get("response_type").getAsString()).isEqualTo("in_channel");
        signed(command(target() + " fresh"));

        JsonObject refusal = json(slack.next(WAIT).body());
        assertThat(refusal.get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(refusal.get("replace_original").getAsBoolean()).isTrue();
        assertThat(refusal.get("text").getAsString())
                .startsWith(":hourglass: you started many probes in a short time: try again in ")
                .contains("Without `fresh`");
        assertThat(refusal.has("blocks")).isFalse();
    }

    @Test
    void policyRefusalIsAnsweredEphemerallyWithWhatToDo() throws Exception {
        signed(command("mail.test 25"));

        JsonObject refusal = json(slack.next(WAIT).body());
        assertThat(refusal.get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(refusal.get("replace_original").getAsBoolean()).isTrue();
        assertThat(refusal.get("text").getAsString())
                .startsWith(":no_entry: This mailtls does not probe mail.test:25: port 25 is not one of the ports")
                .contains("ask the operator of this service to allow the address or port")
                .doesNotContain("MAILTLS")
                .doesNotContain("[");
        assertThat(mail.connections()).isZero();
    }

    @Test
    void transcriptButtonPostsTheTranscriptEphemerally() throws Exception {
        signed(command(target()));
        JsonObject card = channelCard();
        String key = button(card, SlackCardRenderer.TRANSCRIPT_ACTION_ID)
                .get("value")
                .getAsString();

        String payload = "{\"type\":\"block_actions\",\"team\":{\"id\":\"T1\",\"domain\":\"acme\"},"
                + "\"user\":{\"id\":\"U2\",\"team_id\":\"T1\"},\"api_app_id\":\"A1\",\"token\":\"legacy\","
                + "\"trigger_id\":\"9.9.9\",\"channel\":{\"id\":\"C1\"},"
                + "\"response_url\":\"" + slack.url("/actions/T1/2/def") + "\","
                + "\"actions\":[{\"type\":\"button\",\"action_id\":\"" + SlackCardRenderer.TRANSCRIPT_ACTION_ID
                + "\",\"block_id\":\"b1\",\"value\":\"" + key + "\",\"action_ts\":\"1.2\"}]}";
        SlackHttpEndpoint.HttpAnswer ack = signed(form(Map.of("payload", payload)));

        assertThat(ack.status()).isEqualTo(200);
        CaptureServer.Captured delivered = slack.next(WAIT);
        assertThat(delivered.path()).isEqualTo("/actions/T1/2/def");
        JsonObject transcript = json(delivered.body());
        assertThat(transcript.get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(transcript.get("replace_original").getAsBoolean()).isFalse();
        assertThat(transcript.get("blocks").toString())
                .contains("*Transcript* of `mail.test:" + mail.port() + "`")
                .contains("```\\n-- resolved mail.test to 127.0.0.1")
                .contains("S: 220 mail.test ESMTP &lt;!channel&gt; scripted")
                .contains("C: EHLO mailtls.invalid");
    }

    @Test
    void unknownTranscriptKeySaysItIsNoLongerKept() throws Exception {
        String payload = "{\"type\":\"block_actions\",\"team\":{\"id\":\"T1\"},\"user\":{\"id\":\"U2\"},"
                + "\"api_app_id\":\"A1\",\"token\":\"legacy\",\"trigger_id\":\"9\","
                + "\"response_url\":\"" + slack.url("/actions/x") + "\","
                + "\"actions\":[{\"type\":\"button\",\"action_id\":\"" + SlackCardRenderer.TRANSCRIPT_ACTION_ID
                + "\",\"block_id\":\"b1\",\"value\":\"gone\",\"action_ts\":\"1.2\"}]}";

        signed(form(Map.of("payload", payload)));

        JsonObject answer = json(slack.next(WAIT).body());
        assertThat(answer.get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(answer.get("text").getAsString()).contains("no longer kept");
    }

    @Test
    void reRunButtonRunsAFreshProbeForTheClickerAndReplacesTheCard() throws Exception {
        signed(command(target()));
        JsonObject card = channelCard();
        String value =
                button(card, SlackCardRenderer.RERUN_ACTION_ID).get("value").getAsString();
        assertThat(value).isEqualTo("mail.test " + mail.port() + " plain smtp fresh");
        assertThat(mail.connections()).isEqualTo(1);

        SlackHttpEndpoint.HttpAnswer ack =
                signed(form(Map.of("payload", click(SlackCardRenderer.RERUN_ACTION_ID, value, "/actions/T1/3/ghi"))));

        assertThat(ack.status()).isEqualTo(200);
        CaptureServer.Captured delivered = slack.next(WAIT);
        assertThat(delivered.path()).isEqualTo("/actions/T1/3/ghi");
        JsonObject fresh = json(delivered.body());
        assertThat(fresh.get("replace_original").getAsBoolean()).isTrue();
        assertThat(fresh.get("response_type").getAsString()).isEqualTo("in_channel");
        assertThat(fresh.get("blocks").toString())
                .contains("mail.test:" + mail.port() + " — SMTP in plaintext")
                .doesNotContain("cached ");
        // fresh: the cache held a result a moment old, and the server was probed again
        assertThat(mail.connections()).isEqualTo(2);
        assertThat(slack.poll(Duration.ofMillis(300))).isNull();
    }

    @Test
    void aDeepCommandsReRunAndBrowserLinkKeepDeep() throws Exception {
        stop();
        mail = ScriptedMailServer.builder(Protocol.SMTP)
                .advertiseStartTls(false)
                .start();
        slack = new CaptureServer();
        publicUrl = "https://mailtls.example.com";
        startService(ServiceLimits.defaults());

        signed(command(target() + " deep"));
        JsonObject card = channelCard();
        String value =
                button(card, SlackCardRenderer.RERUN_ACTION_ID).get("value").getAsString();
        assertThat(value).isEqualTo("mail.test " + mail.port() + " plain smtp fresh deep");
        assertThat(button(card, SlackCardRenderer.BROWSER_ACTION_ID).get("url").getAsString())
                .endsWith("&protocol=smtp&deep=on");

        // The re-run is a deep probe again: a fresh one counts as 3 of the clicker's fresh probes.
        signed(form(Map.of("payload", click(SlackCardRenderer.RERUN_ACTION_ID, value, "/actions/T1/3/deep"))));
        JsonObject again = json(slack.next(WAIT).body());
        assertThat(button(again, SlackCardRenderer.RERUN_ACTION_ID).get("value").getAsString())
                .isEqualTo(value);
        signed(form(Map.of("payload", click(SlackCardRenderer.RERUN_ACTION_ID, value, "/actions/T1/3/deep2"))));
        JsonObject refusal = json(slack.next(WAIT).body());
        assertThat(refusal.get("text").getAsString())
                .startsWith(":hourglass: a deep probe counts as 3 fresh probes, and fresh probes are limited");
    }

    @Test
    void reRunButtonIsThrottledLikeACommandAndTheCardStays() throws Exception {
        stop();
        mail = ScriptedMailServer.builder(Protocol.SMTP)
                .advertiseStartTls(false)
                .start();
        slack = new CaptureServer();
        Rate one = new Rate(1, Duration.ofMinutes(1));
        startService(new ServiceLimits(Duration.ofMinutes(5), 4, 4, one, one, new Rate(100, Duration.ofMinutes(1))));
        signed(command(target()));
        channelCard();

        // U2 has probed nothing yet; U1 (the command's user) is the one throttled: click as U1.
        String value = "mail.test " + mail.port() + " plain smtp";
        signed(form(Map.of(
                "payload",
                click(SlackCardRenderer.RERUN_ACTION_ID, value, "/actions/a").replace("\"U2\"", "\"U1\""))));

        JsonObject refusal = json(slack.next(WAIT).body());
        assertThat(refusal.get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(refusal.get("replace_original").getAsBoolean()).isFalse();
        assertThat(refusal.get("text").getAsString()).startsWith(":hourglass: ");
        assertThat(mail.connections()).isEqualTo(1);
    }

    @Test
    void forgedReRunValueIsRefusedWithWhatToDoAndProbesNothing() throws Exception {
        for (String forged : new String[] {"", "mail.test 99999 <!channel>", "provider gmail", "x".repeat(400)}) {
            SlackHttpEndpoint.HttpAnswer ack =
                    signed(form(Map.of("payload", click(SlackCardRenderer.RERUN_ACTION_ID, forged, "/actions/f"))));

            assertThat(ack.status()).isEqualTo(200);
            JsonObject refusal = json(slack.next(WAIT).body());
            assertThat(refusal.get("response_type").getAsString()).isEqualTo("ephemeral");
            assertThat(refusal.get("replace_original").getAsBoolean()).isFalse();
            assertThat(refusal.get("text").getAsString())
                    .startsWith(":warning: This Re-run button does not hold a command mailtls can run (")
                    .contains("Type the command again")
                    .doesNotContain("<!channel>")
                    .doesNotContain("Exception");
        }
        assertThat(mail.connections()).isZero();
    }

    @Test
    void openInBrowserLinksToTheWebPagesResultWhenThePublicUrlIsSet() throws Exception {
        stop();
        mail = ScriptedMailServer.builder(Protocol.SMTP)
                .advertiseStartTls(false)
                .start();
        slack = new CaptureServer();
        publicUrl = "https://mailtls.example.com/";
        startService(ServiceLimits.defaults());

        signed(command(target()));
        JsonObject card = channelCard();

        assertThat(button(card, SlackCardRenderer.BROWSER_ACTION_ID).get("url").getAsString())
                .isEqualTo("https://mailtls.example.com/?host=mail.test&port=" + mail.port()
                        + "&transport=plain&protocol=smtp");
        // Slack posts a link button's click too: acknowledged, nothing sent back.
        SlackHttpEndpoint.HttpAnswer ack =
                signed(form(Map.of("payload", click(SlackCardRenderer.BROWSER_ACTION_ID, "", "/actions/b"))));
        assertThat(ack.status()).isEqualTo(200);
        assertThat(slack.poll(Duration.ofMillis(300))).isNull();
    }

    @Test
    void withoutAPublicUrlTheCardHasNoBrowserButton() throws Exception {
        signed(command(target()));

        assertThat(channelCard().get("blocks").toString())
                .contains(SlackCardRenderer.RERUN_ACTION_ID)
                .doesNotContain(SlackCardRenderer.BROWSER_ACTION_ID);
    }
}
