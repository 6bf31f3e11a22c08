package dev.mailtls.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.Prober;
import dev.mailtls.retry.RetryPolicy;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.summary.GroupRunner;
import dev.mailtls.testing.FakeDomainDns;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;

class DiscordInteractionsTest {
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final String TOKEN = "aW50ZXJhY3Rpb24tdG9rZW4.abc_DEF-123";

    private final KeyPair keys = ed25519();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The raw 32-byte key Discord shows as hex: the end of the X.509 encoding. */
    private String publicKeyHex() {
        byte[] spki = keys.getPublic().getEncoded();
        return HexFormat.of().formatHex(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    }

    private DiscordInteractions interactions(LoopbackService s, CaptureServer api) {
        DiscordSettings settings = new DiscordSettings(null, publicKeyHex(), "1100", null, api.api());
        return new DiscordInteractions(settings, s.probe, HttpClient.newHttpClient(), Runnable::run, clock, d -> {});
    }

    private Map<String, String> signed(String body, Instant at) throws Exception {
        String ts = Long.toString(at.getEpochSecond());
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(keys.getPrivate());
        s.update((ts + body).getBytes(StandardCharsets.UTF_8));
        return Map.of("x-signature-ed25519", HexFormat.of().formatHex(s.sign()), "X-Signature-Timestamp", ts);
    }

    private static String command(String options) {
        return "{\"type\":2,\"id\":\"1\",\"application_id\":\"1100\",\"token\":\"" + TOKEN + "\",\"guild_id\":\"7\","
                + "\"member\":{\"user\":{\"id\":\"42\"}},"
                + "\"data\":{\"id\":\"9\",\"name\":\"mailtls\",\"type\":1,\"options\":[" + options + "]}}";
    }

    private static String option(String name, Object value) {
        String v = value instanceof String s ? "\"" + s + "\"" : value.toString();
        int type = value instanceof String ? 3 : value instanceof Boolean ? 5 : 4;
        return "{\"name\":\"" + name + "\",\"type\":" + type + ",\"value\":" + v + "}";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void signedPingIsAnsweredWithPong() throws Exception {
        try (LoopbackService s = LoopbackService.open();
                CaptureServer api = new CaptureServer()) {
            String body = "{\"type\":1,\"id\":\"1\",\"application_id\":\"1100\",\"token\":\"t\"}";

            DiscordInteractions.Response r = interactions(s, api).handle(signed(body, NOW), bytes(body));

            assertThat(r.status()).isEqualTo(200);
            assertThat(DataObject.fromJson(r.body()).getInt("type")).isEqualTo(1);
        }
    }

    @Test
    void wrongMissingOrStaleSignaturesAreRejectedWith401() throws Exception {
        try (LoopbackService s = LoopbackService.open();
                CaptureServer api = new CaptureServer()) {
            DiscordInteractions endpoint = interactions(s, api);
            String body = "{\"type\":1}";
            Map<String, String> good = signed(body, NOW);

            assertThat(endpoint.handle(good, bytes("{\"type\":2}")).status())
                    .as("body changed")
                    .isEqualTo(401);
            assertThat(endpoint.handle(Map.of(), bytes(body)).status())
                    .as("no headers")
                    .isEqualTo(401);
            assertThat(endpoint.handle(signed(body, NOW.minus(Duration.ofMinutes(6))), bytes(body))
                            .status())
                    .as("stale")
                    .isEqualTo(401);
            assertThat(endpoint.handle(signed(body, NOW.plus(Duration.ofMinutes(6))), bytes(body))
                            .status())
                    .as("from the future")
                    .isEqualTo(401);
            KeyPair other = ed25519();
            Signature sig = Signature.getInstance("Ed25519");
            sig.initSign(other.getPrivate());
            String ts = Long.toString(NOW.getEpochSecond());
            sig.update(bytes(ts + body));
            Map<String, String> forged =
                    Map.of("X-Signature-Ed25519", HexFormat.of().formatHex(sig.sign()), "X-Signature-Timestamp", ts);
            assertThat(endpoint.handle(forged, bytes(body)).status())
                    .as("another key")
                    .isEqualTo(401);
            assertThat(endpoint.handle(good, bytes(body)).status()).isEqualTo(200);
            assertThat(api.requests).isEmpty();
        }
    }

    @Test
    void commandIsDeferredThenTheCardFollowsByPatchWithTheFileAndNoMentions() throws Exception {
        try (LoopbackService s = LoopbackService.open();
                CaptureServer api = new CaptureServer()) {
            String body = command(String.join(
                    ",", option("host", "mail.test"), option("port", s.port()), option("transport", "plain")));

            DiscordInteractions.Response r = interactions(s, api).handle(signed(body, NOW), bytes(body));

            assertThat(r.status()).isEqualTo(200);
            DataObject deferred = DataObject.fromJson(r.body());
            assertThat(deferred.getInt("type")).isEqualTo(5);
            assertThat(deferred.hasKey("data")).isFalse();
            assertThat(api.requests).hasSize(1);
            CaptureServer.Request patch = api.requests.get(0);
            assertThat(patch.method()).isEqualTo("PATCH");
            assertThat(patch.path()).isEqualTo("/api/v10/webhooks/1100/" + TOKEN + "/messages/@original");
            assertThat(patch.header("Content-Type")).startsWith("multipart/form-data; boundary=");
            assertThat(patch.header("Authorization")).isEmpty();
            String payload = patch.body()
                    .lines()
                    .filter(l -> l.startsWith("{\""))
                    .findFirst()
                    .orElseThrow();
            DataObject json = DataObject.fromJson(payload);
            assertThat(json.getObject("allowed_mentions").getArray("parse").length())
                    .isZero();
            assertThat(json.getArray("embeds").getObject(0).getString("title"))
                    .contains("mail.test:" + s.port() + " — SMTP in plaintext");
            assertThat(json.getArray("attachments").getObject(0).getString("filename"))
                    .isEqualTo("mailtls-mail.test-" + s.port() + ".txt");
            assertThat(payload).doesNotContain("@everyone").doesNotContain("<@1");
            assertThat(patch.body())
                    .contains("name=\"files[0]\"; filename=\"mailtls-mail.test-" + s.port() + ".txt\"")
                    .contains("220 mail.test ESMTP");
        }
    }

    @Test
    void domainCommandIsDeferredThenTheDomainCardFollowsByPatchWithTheWholeCardAttached() throws Exception {
        FakeDomainDns dns = new FakeDomainDns().nullMx("nomail.test");
        ProbeOptions options = ProbeOptions.defaults().withDeadline(Duration.ofSeconds(5));
        try (ProbeService service =
                        new ProbeService(new Prober(dns.resolver(), Clock.systemUTC()), ServiceLimits.defaults());
                CaptureServer api = new CaptureServer()) {
            DiscordProbe probe = new DiscordProbe(
                    service,
                    new Diagnoser(),
                    options,
                    new GroupRunner(service, new Diagnoser(), options),
                    null,
                    dns.checks(service, Duration.ofSeconds(5)));
            DiscordSettings settings = new DiscordSettings(null, publicKeyHex(), "1100", null, api.api());
            DiscordInteractions endpoint =
                    new DiscordInteractions(settings, probe, HttpClient.newHttpClient(), Runnable::run, clock, d -> {});
            String body = command(String.join(",", option("host", "domain:nomail.test"), option("private", true)));

            DiscordInteractions.Response r = endpoint.handle(signed(body, NOW), bytes(body));

            assertThat(r.status()).isEqualTo(200);
            DataObject deferred = DataObject.fromJson(r.body());
            assertThat(deferred.getInt("type")).isEqualTo(5);
            assertThat(deferred.getObject("data").getInt("flags")).isEqualTo(64);
            assertThat(api.requests).hasSize(1);
            CaptureServer.Request patch = api.requests.get(0);
            assertThat(patch.method()).isEqualTo("PATCH");
            assertThat(patch.path()).isEqualTo("/api/v10/webhooks/1100/" + TOKEN + "/messages/@original");
            String payload = patch.body()
                    .lines()
                    .filter(l -> l.startsWith("{\""))
                    .findFirst()
                    .orElseThrow();
            DataObject json = DataObject.fromJson(payload);
            DataObject embed = json.getArray("embeds").getObject(0);
            assertThat(embed.getString("title")).contains("nomail.test — mail domain");
            assertThat(embed.getString("description")).contains("NULL_MX").contains("host:domain:nomail.test");
            // Re-run only: without a public URL, no Open in browser.
            DataArray buttons = json.getArray("components").getObject(0).getArray("components");
            assertThat(buttons.length()).isEqualTo(1);
            assertThat(buttons.getObject(0).getString("custom_id"))
                    .isEqualTo("mailtls:rerun:domain nomail.test fresh private");
            assertThat(json.getArray("attachments").getObject(0).getString("filename"))
                    .isEqualTo("mailtls-domain-nomail.test.txt");
            DiscordEmbedRendererTest.assertWithinLimits(embed);
        }
    }

    private DiscordInteractions interactions(DiscordProbe probe, CaptureServer api) {
        DiscordSettings settings = new DiscordSettings(null, publicKeyHex(), "1100", null, api.api());
        return new DiscordInteractions(settings, probe, HttpClient.newHttpClient(), Runnable::run, clock, d -> {});
    }

    @Test
    void theDomainCardCarriesReRunAndOpenInBrowserAndReRunEditsItInPlaceWithAFreshCheck() throws Exception {
        try (DomainService s = new DomainService(10_000, "https://mailtls.example.com/");
                CaptureServer api = new CaptureServer()) {
            DiscordInteractions endpoint = interactions(s.probe, api);
            String body = command(option("host", "domain:Example.TEST."));
            endpoint.handle(signed(body, NOW), bytes(body));
            DataArray buttons = payload(api.requests.get(0))
                    .getArray("components")
                    .getObject(0)
                    .getArray("components");
            DataObject rerun = buttons.getObject(0);
            assertThat(rerun.getString("label")).isEqualTo("Re-run (fresh)");
            assertThat(rerun.getString("custom_id"))
                    .isEqualTo("mailtls:rerun:domain example.test fresh")
                    .hasSizeLessThanOrEqualTo(100);
            DataObject link = buttons.getObject(1);
            assertThat(link.getInt("style")).isEqualTo(5);
            assertThat(link.getString("label")).isEqualTo("Open in browser");
            assertThat(link.getString("url")).isEqualTo("https://mailtls.example.com/?domain=example.test");
            assertThat(s.probed.get()).isEqualTo(1);

            String clicked = click(rerun.getString("custom_id"));
            DiscordInteractions.Response r = endpoint.handle(signed(clicked, NOW), bytes(clicked));

            assertThat(r.status()).isEqualTo(200);
            assertThat(DataObject.fromJson(r.body()).getInt("type")).isEqualTo(6);
            assertThat(api.requests).hasSize(2);
            CaptureServer.Request patch = api.requests.get(1);
            assertThat(patch.method()).isEqualTo("PATCH");
            assertThat(patch.path()).isEqualTo("/api/v10/webhooks/1100/" + TOKEN + "/messages/@original");
            DataObject fresh = payload(patch);
            assertThat(fresh.getArray("embeds").getObject(0).getString("title")).contains("example.test — mail domain");
            assertThat(fresh.getArray("components")
                            .getObject(0)
                            .getArray("components")
                            .length())
                    .isEqualTo(2);
            // fresh: the MX address was probed again, not answered from the cache
            assertThat(s.probed.get()).isEqualTo(2);
            assertThat(s.fromCache.get()).isZero();
        }
    }

    @Test
    void aForgedDomainReRunIdIsAnsweredEphemerallyAndChecksNothing() throws Exception {
        try (DomainService s = new DomainService(10_000, null);
                CaptureServer api = new CaptureServer()) {
            DiscordInteractions endpoint = interactions(s.probe, api);
            for (String forged : List.of(
                    "mailtls:rerun:domain @everyone", "mailtls:rerun:domain http://x.test", "mailtls:rerun:domain")) {
                String clicked = click(forged);

                DataObject answer = DataObject.fromJson(
                        endpoint.handle(signed(clicked, NOW), bytes(clicked)).body());

                assertThat(answer.getInt("type")).isEqualTo(4);
                assertThat(answer.getObject("data").getInt("flags")).isEqualTo(64);
                assertThat(answer.getObject("data").getString("content"))
                        .startsWith("⚠ This Re-run button does not hold a command mailtls can run (")
                        .doesNotContain("@everyone");
            }
            assertThat(api.requests).isEmpty();
            assertThat(s.probed.get() + s.fromCache.get()).isZero();
        }
    }

    @Test
    void aThrottledDomainCheckIsAnsweredAtOnceInsteadOfDeferred() throws Exception {
        try (DomainService s = new DomainService(1, null);
                CaptureServer api = new CaptureServer()) {
            DiscordInteractions endpoint = interactions(s.probe, api);
            String body = command(option("host", "domain:example.test"));
            endpoint.handle(signed(body, NOW), bytes(body));
            assertThat(api.requests).hasSize(1);

            DataObject answer = DataObject.fromJson(
                    endpoint.handle(signed(body, NOW), bytes(body)).body());

            assertThat(answer.getInt("type")).isEqualTo(4);
            assertThat(answer.getObject("data").getInt("flags")).isEqualTo(64);
            assertThat(answer.getObject("data").getString("content"))
                    .startsWith("⏳ you started several checks in a short time: try again in ");
            // No deferred "thinking…" to remove, and the throttled check did not run.
            assertThat(api.requests).hasSize(1);
            assertThat(s.probed.get()).isEqualTo(1);
        }
    }

    /** Follow-ups through a rest client whose waits are recorded and whose give-ups are collected. */
    private DiscordInteractions interactions(
            LoopbackService s, CaptureServer api, List<Duration> slept, List<String> gaveUp) {
        DiscordSettings settings = new DiscordSettings(null, publicKeyHex(), "1100", null, api.api());
        DiscordRest rest = new DiscordRest(
                HttpClient.newHttpClient(), api.api(), null, RetryPolicy.CHAT, slept::add, clock, gaveUp::add);
        return new DiscordInteractions(settings, s.probe, rest, Runnable::run, clock);
    }

    @Test
    void aCardAnswered429Then500IsRetriedUntilItArrives() throws Exception {
        try (LoopbackService s = LoopbackService.open();
                CaptureServer api = new CaptureServer()
                        .then(429, Map.of("Retry-After", "9"), "{\"retry_after\":2.5,\"global\":false}")
                        .then(500, Map.of(), "{\"message\":\"500: Internal Server Error\",\"code\":0}")) {
            List<Duration> slept = new ArrayList<>();
            List<String> gaveUp = new ArrayList<>();
            String body = command(String.join(
                    ",", option("host", "mail.test"), option("port", s.port()), option("transport", "plain")));

            interactions(s, api, slept, gaveUp).handle(signed(body, NOW), bytes(body));

            assertThat(api.requests).hasSize(3).allSatisfy(r -> {
                assertThat(r.method()).isEqualTo("PATCH");
                assertThat(r.body()).contains("mail.test:" + s.port());
            });
            // retry_after from the body wins over the header; then the backoff's second step
            assertThat(slept).containsExactly(Duration.ofMillis(2500), Duration.ofSeconds(2));
            assertThat(gaveUp).isEmpty();
        }
    }

    @Test
    void aFollowUpThatKeepsFailingIsGivenUpOnAfterBoundedTriesWithOneLineAndNoToken() throws Exception {
        try (LoopbackService s = LoopbackService.open();
                CaptureServer api = new CaptureServer()) {
            for (int i = 0; i < 10; i++) {
                api.then(502, Map.of(), "bad gateway");
            }
            List<Duration> slept = new ArrayList<>();
            List<String> gaveUp = new ArrayList<>();
            String body = command(String.join(
                    ",", option("host", "mail.test"), option("port", s.port()), option("transport", "plain")));

            interactions(s, api, slept, gaveUp).handle(signed(body, NOW), bytes(body));

            assertThat(api.requests).hasSize(RetryPolicy.CHAT.maxAttempts());
            assertThat(slept).hasSize(RetryPolicy.CHAT.maxAttempts() - 1);
            assertThat(gaveUp)
                    .containsExactly("Discord: gave up on PATCH /webhooks/1100/<token>/messages/@original: HTTP 502"
                            + " after 5 attempts");
            assertThat(gaveUp.get(0)).doesNotContain(TOKEN);
        }
    }

    @Test
    void aClientErrorIsNotRetried() throws Exception {
        try (LoopbackService s = LoopbackService.open();
                CaptureServer api = new CaptureServer().then(404, Map.of(), "{\"message\":\"Unknown Webhook\"}")) {
            List<Duration> slept = new ArrayList<>();
            List<String> gaveUp = new ArrayList<>();
            String body = command(String.join(
                    ",", option("host", "mail.test"), option("port", s.port()), option("transport", "plain")));

            interactions(s, api, slept, gaveUp).handle(signed(body, NOW), bytes(body));

            assertThat(api.requests).hasSize(1);
            assertThat(slept).isEmpty();
        }
    }

    @Test
    void privateCommandIsDeferredEphemerally() throws Exception {
        try (LoopbackService s = LoopbackService.open();
                CaptureServer api = new CaptureServer()) {
            String body = command(String.join(
                    ",",
                    option("host", "mail.test"),
                    option("port", s.port()),
                    option("transport", "plain"),
                    option("private", true)));

            DiscordInteractions.Response r = interactions(s, api).handle(signed(body, NOW), bytes(body));

            DataObject deferred = DataObject.fromJson(r.body());
            assertThat(deferred.getInt("type")).isEqualTo(5);
            assertThat(deferred.getObject("data").getInt("flags")).isEqualTo(64);
        }
    }

    @Test
    void theAuthOptionIsRead() {
        DataObject data = DataObject.fromJson("{\"name\":\"mailtls\",\"options\":["
                + String.join(",", option("host", "mail.test"), option("port", 587), option("auth", true)) + "]}");

        DiscordCommand.Options o = DiscordInteractions.options(data);

        assertThat(o.auth()).isTrue();
        assertThat(o.words()).containsExactly("mail.test", "587", "auth");
    }

    @Test
    void usageErrorIsAnsweredAtOnceEphemerallyWithoutMentions() throws Exception {
        try (LoopbackService s = LoopbackService.open();
                CaptureServer api = new CaptureServer()) {
            String body = command(option("host", "not a host"));

            DiscordInteractions.Response r = interactions(s, api).handle(signed(body, NOW), bytes(body));

            DataObject answer = DataObject.fromJson(r.body());
            assertThat(answer.getInt("type")).isEqualTo(4);
            DataObject data = answer.getObject("data");
            assertThat(data.getInt("flags")).isEqualTo(64);
            assertThat(data.getString("content")).contains("is not a host name or IP address");
            assertThat(data.getObject("allowed_mentions").getArray("parse").length())
                    .isZero();
            assertThat(api.requests).isEmpty();
            assertThat(s.server.connections()).isZero();
        }
    }

    @Test
    void publicPolicyRefusalReplacesTheDeferredReplyWithAnEphemeralExplanation() throws Exception {
        try (LoopbackService s = LoopbackService.strict();
                CaptureServer api = new CaptureServer()) {
            String body = command(String.join(
                    ",", option("host", "mail.test"), option("port", s.port()), option("transport", "plain")));

            interactions(s, api).handle(signed(body, NOW), bytes(body));

            assertThat(api.requests).extracting(CaptureServer.Request::method).containsExactly("DELETE", "POST");
            CaptureServer.Request followUp = api.requests.get(1);
            assertThat(followUp.path()).isEqualTo("/api/v10/webhooks/1100/" + TOKEN);
            DataObject json = DataObject.fromJson(followUp.body());
            assertThat(json.getInt("flags")).isEqualTo(64);
            assertThat(json.getString("content")).startsWith("🚫 This mailtls does not probe mail.test");
            assertThat(json.getObject("allowed_mentions").getArray("parse").length())
                    .isZero();
        }
    }

    @Test
    void scanHostIsDeferredThenTheMatrixOfSevenPortsFollowsByPatchWithoutMentions() throws Exception {
        try (LoopbackService s = LoopbackService.open();
                CaptureServer api = new CaptureServer()) {
            String body = command(option("host", "scan:mail.test"));

            DiscordInteractions.Response r = interactions(s, api).handle(signed(body, NOW), bytes(body));

            DataObject deferred = DataObject.fromJson(r.body());
            assertThat(deferred.getInt("type")).isEqualTo(5);
            assertThat(deferred.hasKey("data")).isFalse();
            assertThat(api.requests).hasSize(1);
            CaptureServer.Request patch = api.requests.get(0);
            assertThat(patch.method()).isEqualTo("PATCH");
            assertThat(patch.path()).isEqualTo("/api/v10/webhooks/1100/" + TOKEN + "/messages/@original");
            DataObject json = DataObject.fromJson(patch.body());
            assertThat(json.getObject("allowed_mentions").getArray("parse").length())
                    .isZero();
            DataObject embed = json.getArray("embeds").getObject(0);
            assertThat(embed.getString("title")).isEqualTo("❌ scan-mail.test — failure");
            String table = embed.getArray("fields").getObject(0).getString("value");
            assertThat(table.lines().filter(l -> l.contains("mail.test"))).hasSize(7);
            for (String port : java.util.List.of("25", "465", "587", "143", "993", "110", "995")) {
                assertThat(table).containsPattern("FAIL +mail\\.test +" + port + " ");
            }
        }
    }

    @Test
    void privateProviderHostIsDeferredEphemerallyThenTheMatrixOfItsEndpointsFollows() throws Exception {
        try (LoopbackService s = LoopbackService.open();
                CaptureServer api = new CaptureServer()) {
            String body = command(String.join(",", option("host", "provider:gmail"), option("private", true)));

            DiscordInteractions.Response r = interactions(s, api).handle(signed(body, NOW), bytes(body));

            assertThat(DataObject.fromJson(r.body()).getObject("data").getInt("flags"))
                    .isEqualTo(64);
            DataObject embed = DataObject.fromJson(api.requests.get(0).body())
                    .getArray("embeds")
                    .getObject(0);
            assertThat(embed.getString("title")).contains("provider-gmail");
            assertThat(embed.getArray("fields").getObject(0).getString("value"))
                    .containsPattern("FAIL +smtp\\.gmail\\.com +587 +SMTP +starttls")
                    .containsPattern("FAIL +pop\\.gmail\\.com +995 +POP3 +tls");
        }
    }

    @Test
    void unknownProviderIsAnsweredAtOnceEphemerallyWithTheProviders() throws Exception {
        try (LoopbackService s = LoopbackService.open();
                CaptureServer api = new CaptureServer()) {
            String body = command(option("host", "provider:aol"));

            DataObject answer = DataObject.fromJson(
                    interactions(s, api).handle(signed(body, NOW), bytes(body)).body());

            assertThat(answer.getInt("type")).isEqualTo(4);
            assertThat(answer.getObject("data").getInt("flags")).isEqualTo(64);
            assertThat(answer.getObject("data").getString("content"))
                    .contains("unknown provider")
                    .contains("gmail, outlook, yahoo, icloud, fastmail, zoho")
                    .contains("host:scan:mail.example.com");
            assertThat(api.requests).isEmpty();
        }
    }

    @Test
    void requesterComesFromTheGuildAndTheMemberOrTheDmUser() {
        assertThat(DiscordInteractions.requester(DataObject.fromJson(command(""))))
                .isEqualTo("discord:7:42");
        assertThat(DiscordInteractions.requester(DataObject.fromJson("{\"user\":{\"id\":\"5\"}}")))
                .isEqualTo("discord:dm:5");
    }

    /** A click on a card's button, as Discord posts it (type 3, MESSAGE_COMPONENT). */
    private static String click(String customId) {
        return DataObject.empty()
                .put("type", 3)
                .put("id", "2")
                .put("application_id", "1100")
                .put("token", TOKEN)
                .put("guild_id", "7")
                .put("member", DataObject.empty().put("user", DataObject.empty().put("id", "43")))
                .put("message", DataObject.empty().put("id", "5"))
                .put("data", DataObject.empty().put("component_type", 2).put("custom_id", customId))
                .toString();
    }

    private static DataObject payload(CaptureServer.Request r) {
        return DataObject.fromJson(
                r.body().lines().filter(l -> l.startsWith("{\"")).findFirst().orElseThrow());
    }

    @Test
    void theCardCarriesReRunAndOpenInBrowserButtonsWhenThePageIsPublic() throws Exception {
        try (LoopbackService s = LoopbackService.withPublicUrl("https://mailtls.example.com/");
                CaptureServer api = new CaptureServer()) {
            String body = command(String.join(
                    ",", option("host", "mail.test"), option("port", s.port()), option("transport", "plain")));

            interactions(s, api).handle(signed(body, NOW), bytes(body));

            DataObject row = payload(api.requests.get(0)).getArray("components").getObject(0);
            assertThat(row.getInt("type")).isEqualTo(1);
            DataObject rerun = row.getArray("components").getObject(0);
            assertThat(rerun.getInt("type")).isEqualTo(2);
            assertThat(rerun.getString("label")).isEqualTo("Re-run (fresh)");
            assertThat(rerun.getString("custom_id")).isEqualTo("mailtls:rerun:mail.test " + s.port() + " plain fresh");
            DataObject link = row.getArray("components").getObject(1);
            assertThat(link.getInt("style")).isEqualTo(5);
            assertThat(link.getString("label")).isEqualTo("Open in browser");
            assertThat(link.getString("url"))
                    .isEqualTo("https://mailtls.example.com/?host=mail.test&port=" + s.port() + "&transport=plain");
        }
    }

    @Test
    void withoutAPublicUrlTheCardHasOnlyTheReRunButton() throws Exception {
        try (LoopbackService s = LoopbackService.open();
                CaptureServer api = new CaptureServer()) {
            String body = command(String.join(
                    ",", option("host", "mail.test"), option("port", s.port()), option("transport", "plain")));

            interactions(s, api).handle(signed(body, NOW), bytes(body));

            DataObject row = payload(api.requests.get(0)).getArray("components").getObject(0);
            assertThat(row.getArray("components").length()).isEqualTo(1);
            assertThat(row.getArray("components").getObject(0).hasKey("url")).isFalse();
        }
    }

    @Test
    void reRunClickIsDeferredAsAnUpdateAndTheCardIsEditedInPlaceByAFreshProbe() throws Exception {
        try (LoopbackService s = LoopbackService.open();
                CaptureServer api = new CaptureServer()) {
            DiscordInteractions endpoint = interactions(s, api);
            String body = command(String.join(
                    ",", option("host", "mail.test"), option("port", s.port()), option("transport", "plain")));
            endpoint.handle(signed(body, NOW), bytes(body));
            String id = payload(api.requests.get(0))
                    .getArray("components")
                    .getObject(0)
                    .getArray("components")
                    .getObject(0)
                    .getString("custom_id");
            int before = s.server.connections();

            String clicked = click(id);
            DiscordInteractions.Response r = endpoint.handle(signed(clicked, NOW), bytes(clicked));

            assertThat(r.status()).isEqualTo(200);
            assertThat(DataObject.fromJson(r.body()).getInt("type")).isEqualTo(6);
            assertThat(api.requests).hasSize(2);
            CaptureServer.Request patch = api.requests.get(1);
            assertThat(patch.method()).isEqualTo("PATCH");
            assertThat(patch.path()).isEqualTo("/api/v10/webhooks/1100/" + TOKEN + "/messages/@original");
            DataObject embed = payload(patch).getArray("embeds").getObject(0);
            assertThat(embed.getString("title")).contains("mail.test:" + s.port());
            assertThat(embed.getObject("footer").getString("text")).doesNotContain("cached");
            // fresh: the cached result was not reused
            assertThat(s.server.connections()).isGreaterThan(before);
        }
    }

    @Test
    void aForgedReRunIdIsAnsweredEphemerallyWithWhatToDoAndProbesNothing() throws Exception {
        try (LoopbackService s = LoopbackService.open();
                CaptureServer api = new CaptureServer()) {
            DiscordInteractions endpoint = interactions(s, api);
            for (String forged : List.of(
                    "mailtls:rerun:", "mailtls:rerun:mail.test 99999 @everyone", "mailtls:rerun:provider:gmail")) {
                String clicked = click(forged);

                DiscordInteractions.Response r = endpoint.handle(signed(clicked, NOW), bytes(clicked));

                assertThat(r.status()).isEqualTo(200);
                DataObject answer = DataObject.fromJson(r.body());
                assertThat(answer.getInt("type")).isEqualTo(4);
                assertThat(answer.getObject("data").getInt("flags")).isEqualTo(64);
                assertThat(answer.getObject("data").getString("content"))
                        .startsWith("⚠ This Re-run button does not hold a command mailtls can run (")
                        .doesNotContain("@everyone")
                        .doesNotContain("Exception");
            }
            String other = click("someone-else:button");
            assertThat(DataObject.fromJson(endpoint.handle(signed(other, NOW), bytes(other))
                                    .body())
                            .getObject("data")
                            .getString("content"))
                    .contains("not one mailtls knows");
            assertThat(api.requests).isEmpty();
            assertThat(s.server.connections()).isZero();
        }
    }
}
