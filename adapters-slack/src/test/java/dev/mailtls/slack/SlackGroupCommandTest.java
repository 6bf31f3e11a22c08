package dev.mailtls.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.app_backend.SlackSignature;
import com.slack.api.bolt.App;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.net.Cidr;
import dev.mailtls.net.Resolver;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.Rate;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.testing.TestResolver;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code /mailtls provider <name>} and {@code /mailtls scan <host>} as Slack posts them to
 * /slack/events in HTTP mode: acked ephemerally, the matrix card delivered through a local server
 * standing in for the response_url. Nothing listens on loopback's mail ports, so every probe fails
 * fast (connection refused, or unknown names at DNS).
 */
@Timeout(60)
class SlackGroupCommandTest {
    private static final String SECRET = "test-signing-secret";
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Roomy throttles: a group's seven fresh probes run at once instead of over a minute. */
    private static final ServiceLimits ROOMY = new ServiceLimits(
            Duration.ofMinutes(5),
            16,
            64,
            new Rate(100, Duration.ofMinutes(1)),
            new Rate(100, Duration.ofMinutes(1)),
            new Rate(100, Duration.ofMinutes(1)));

    private CaptureServer slack;
    private ProbeService service;
    private SlackCommandHandler handler;
    private SlackHttpEndpoint endpoint;

    private void start(Resolver resolver) throws Exception {
        slack = new CaptureServer();
        Prober prober = new Prober(
                resolver,
                Clock.systemUTC(),
                AddressPolicy.strict(List.of(Cidr.parse("127.0.0.0/8")), List.of(), AddressPolicy.MAIL_PORTS));
        service = new ProbeService(prober, ROOMY);
        handler = new SlackCommandHandler(service, new Diagnoser(), ProbeOptions.defaults(), true);
        App app = SlackApps.create(new SlackSettings(null, SECRET, null, null, true), handler);
        endpoint = new SlackHttpEndpoint(app);
    }

    @AfterEach
    void stop() {
        handler.close();
        service.close();
        slack.close();
    }

    private JsonObject signed(String text) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("token", "legacy");
        f.put("team_id", "T1");
        f.put("team_domain", "acme");
        f.put("channel_id", "C1");
        f.put("user_id", "U1");
        f.put("command", "/mailtls");
        f.put("text", text);
        f.put("response_url", slack.url("/commands/T1/1/abc"));
        f.put("trigger_id", "1.2.3");
        f.put("api_app_id", "A1");
        String body = f.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        long now = System.currentTimeMillis() / 1000;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("X-Slack-Request-Timestamp", Long.toString(now));
        headers.put("X-Slack-Signature", new SlackSignature.Generator(SECRET).generate(Long.toString(now), body));
        SlackHttpEndpoint.HttpAnswer answer =
                endpoint.handle(SlackHttpEndpoint.PATH, headers, Map.of(), body, "127.0.0.1");
        assertThat(answer.status()).isEqualTo(200);
        return json(answer.body());
    }

    private static JsonObject json(String s) {
        return JsonParser.parseString(s).getAsJsonObject();
    }

    /** The code block of the matrix card's targets. */
    private static String table(JsonObject card) {
        return card.getAsJsonArray("blocks").asList().stream()
                .map(JsonElement::getAsJsonObject)
                .filter(b -> b.has("text") && b.getAsJsonObject("text").has("text"))
                .map(b -> b.getAsJsonObject("text").get("text").getAsString())
                .filter(t -> t.contains("```"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void scanIsAckedEphemerallyAndTheMatrixOfSevenPortsFollowsInTheChannel() throws Exception {
        start(TestResolver.loopback("mail.test"));

        JsonObject ack = signed("scan mail.test");

        assertThat(ack.get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(ack.get("text").getAsString())
                .isEqualTo(":hourglass_flowing_sand: Scanning the mail ports of mail.test…");
        // The "Scanning…" is deleted, and the matrix follows in the channel: two requests, which may
        // arrive in either order.
        CaptureServer.Captured one = slack.next(WAIT);
        CaptureServer.Captured two = slack.next(WAIT);
        boolean deletionFirst = json(one.body()).has("delete_original")
                && json(one.body()).get("delete_original").getAsBoolean();
        CaptureServer.Captured deletion = deletionFirst ? one : two;
        CaptureServer.Captured delivered = deletionFirst ? two : one;
        assertThat(json(deletion.body()).get("delete_original").getAsBoolean()).isTrue();
        assertThat(delivered.path()).isEqualTo("/commands/T1/1/abc");
        JsonObject card = json(delivered.body());
        assertThat(card.get("response_type").getAsString()).isEqualTo("in_channel");
        assertThat(card.get("text").getAsString()).isEqualTo("scan-mail.test: failure · 7 targets: 7 failure");
        assertThat(card.get("blocks").toString())
                .contains("\"type\":\"header\"")
                .contains("scan-mail.test");
        String table = table(card);
        assertThat(table).containsPattern("status +host +port +protocol +transport +TLS +days left");
        assertThat(table.lines().filter(l -> l.contains("mail.test"))).hasSize(7);
        for (String port : List.of("25", "465", "587", "143", "993", "110", "995")) {
            assertThat(table).containsPattern("FAIL +mail\\.test +" + port + " ");
        }
        assertThat(slack.poll(Duration.ofMillis(300))).isNull();
    }

    @Test
    void eachRowOfAScanSaysWhyItFailedWhenThePolicyDeniesTheAddress() throws Exception {
        start(new TestResolver().add("mail.test", java.net.InetAddress.getByName("192.168.0.25")));

        signed("scan mail.test");

        // A scan answers in the channel: the acknowledgement's deletion goes out too, sent first but
        // delivered by its own request, so it may arrive on either side of the card.
        JsonObject first = json(slack.next(WAIT).body());
        boolean deletion =
                first.has("delete_original") && first.get("delete_original").getAsBoolean();
        JsonObject card = deletion ? json(slack.next(WAIT).body()) : first;
        String table = table(card);
        assertThat(table).containsPattern("status +host +port +protocol +transport +TLS +days left +why");
        for (String port : List.of("25", "465", "587", "143", "993", "110", "995")) {
            assertThat(table)
                    .containsPattern(
                            "FAIL +mail\\.test +" + port + " .* +— +— +ADDRESS_DENIED This mailtls does not probe");
        }
    }

    @Test
    void eachRowOfAProviderSaysWhenTheNameDoesNotResolve() throws Exception {
        start(new TestResolver());

        signed("provider gmail private");

        String table = table(json(slack.next(WAIT).body()));
        assertThat(table)
                .containsPattern(
                        "FAIL +smtp\\.gmail\\.com +587 .* +DNS_NOT_FOUND smtp\\.gmail\\.com does not exist in DNS")
                .containsPattern(
                        "FAIL +imap\\.gmail\\.com +993 .* +DNS_NOT_FOUND imap\\.gmail\\.com does not exist in DNS");
    }

    @Test
    void providerDeliversTheMatrixOfItsEndpointsEvenWhenNoNameResolves() throws Exception {
        start(new TestResolver());

        JsonObject ack = signed("provider gmail private");

        assertThat(ack.get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(ack.get("text").getAsString())
                .isEqualTo(":hourglass_flowing_sand: Checking gmail's SMTP, IMAP and POP3 endpoints…");
        JsonObject card = json(slack.next(WAIT).body());
        assertThat(card.get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(card.get("replace_original").getAsBoolean()).isTrue();
        assertThat(card.get("text").getAsString()).startsWith("provider-gmail: failure · 4 targets");
        String table = table(card);
        assertThat(table)
                .containsPattern("FAIL +smtp\\.gmail\\.com +587 +SMTP +starttls")
                .containsPattern("FAIL +smtp\\.gmail\\.com +465 +SMTP +tls")
                .containsPattern("FAIL +imap\\.gmail\\.com +993 +IMAP +tls")
                .containsPattern("FAIL +pop\\.gmail\\.com +995 +POP3 +tls");
    }

    /** Discord's fresh option was allowed with a group; Slack said "provider takes one name". */
    @Test
    void freshWithAProviderIsAllowedSinceAGroupRunIsAlwaysFresh() throws Exception {
        start(new TestResolver());

        JsonObject ack = signed("provider gmail fresh private");

        assertThat(ack.get("text").getAsString())
                .isEqualTo(":hourglass_flowing_sand: Checking gmail's SMTP, IMAP and POP3 endpoints…");
        JsonObject card = json(slack.next(WAIT).body());
        assertThat(card.get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(card.get("text").getAsString()).startsWith("provider-gmail: failure · 4 targets");
    }

    @Test
    void unknownProviderIsAnsweredEphemerallyWithTheProvidersAndNothingRuns() throws Exception {
        start(new TestResolver());

        JsonObject ack = signed("provider aol");

        assertThat(ack.get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(ack.get("text").getAsString())
                .startsWith(":warning: unknown provider 'aol'")
                .contains("gmail, outlook, yahoo, icloud, fastmail, zoho")
                .contains("/mailtls scan &lt;host&gt;");
        assertThat(slack.poll(Duration.ofMillis(500))).isNull();
    }

    @Test
    void badScanHostIsAnsweredEphemerallyWithTheGrammarsError() throws Exception {
        start(new TestResolver());

        JsonObject ack = signed("scan mail.test:25");

        assertThat(ack.get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(ack.get("text").getAsString()).startsWith(":warning: ").contains("/mailtls scan &lt;host&gt;");
        assertThat(slack.poll(Duration.ofMillis(500))).isNull();
    }

    @Test
    void oneUserStartingManyChecksIsToldToWait() throws Exception {
        start(new TestResolver());
        // ROOMY allows 100 fresh probes a minute; a group run counts as one.
        for (int i = 0; i < 100; i++) {
            assertThat(service.admitGroupRun("slack:T1:U1")).isEmpty();
        }

        JsonObject ack = signed("scan mail.test");

        assertThat(ack.get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(ack.get("text").getAsString()).startsWith(":hourglass: ").contains("try again in");
        assertThat(slack.poll(Duration.ofMillis(500))).isNull();
    }

    @Test
    void helpMentionsProviderAndScan() throws Exception {
        start(new TestResolver());

        assertThat(signed("help").get("text").getAsString())
                .contains("/mailtls provider &lt;name&gt;")
                .contains("/mailtls scan &lt;host&gt;");
    }
}
