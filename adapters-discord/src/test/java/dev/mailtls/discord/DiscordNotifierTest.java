package dev.mailtls.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.card.Card;
import dev.mailtls.card.Report;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.retry.RetryPolicy;
import dev.mailtls.testing.ProbeResults;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;

class DiscordNotifierTest {
    private final List<Duration> slept = new ArrayList<>();
    private final Card card = Card.of(Report.of(ProbeResults.healthySubmission().build(), new Diagnoser()));

    private DiscordNotifier notifier(CaptureServer server) {
        DiscordSettings settings = new DiscordSettings("bot-token-xyz", null, null, null, server.api());
        return new DiscordNotifier(settings, HttpClient.newHttpClient(), slept::add);
    }

    @Test
    void postsTheEmbedToTheChannelAsTheBotWithoutMentions() throws Exception {
        try (CaptureServer server = new CaptureServer().then(200, Map.of(), "{\"id\":\"555\"}")) {
            String id = notifier(server).post("123456789", card);

            assertThat(id).isEqualTo("555");
            CaptureServer.Request r = server.requests.get(0);
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/api/v10/channels/123456789/messages");
            assertThat(r.header("Authorization")).isEqualTo("Bot bot-token-xyz");
            assertThat(r.header("User-Agent")).startsWith("DiscordBot (");
            DataObject body = DataObject.fromJson(r.body());
            assertThat(body.getObject("allowed_mentions").getArray("parse").length())
                    .isZero();
            assertThat(body.getArray("embeds").getObject(0).getString("title")).contains("smtp.gmail.com:587");
        }
    }

    @Test
    void rateLimitIsWaitedOutWithRetryAfterFromTheBodyThenRetried() throws Exception {
        try (CaptureServer server = new CaptureServer()
                .then(
                        429,
                        Map.of("Retry-After", "7"),
                        "{\"message\":\"You are being rate limited.\",\"retry_after\":1.25,\"global\":false}")
                .then(200, Map.of(), "{\"id\":\"9\"}")) {
            assertThat(notifier(server).post("1", card)).isEqualTo("9");

            assertThat(server.requests).hasSize(2);
            assertThat(slept).containsExactly(Duration.ofMillis(1250));
        }
    }

    @Test
    void rateLimitWithOnlyTheHeaderWaitsThatLong() throws Exception {
        try (CaptureServer server = new CaptureServer().then(429, Map.of("Retry-After", "2"), "")) {
            notifier(server).post("1", card);

            assertThat(slept).containsExactly(Duration.ofSeconds(2));
        }
    }

    @Test
    void retriesAreBoundedAndThenTheFailureIsReported() throws Exception {
        try (CaptureServer server = new CaptureServer()) {
            for (int i = 0; i < 10; i++) {
                server.then(429, Map.of(), "{\"retry_after\":0.5}");
            }
            assertThatThrownBy(() -> notifier(server).post("1", card))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("429")
                    .hasMessageContaining("/channels/1/messages");

            assertThat(server.requests).hasSize(RetryPolicy.CHAT.maxAttempts());
            assertThat(slept).hasSize(RetryPolicy.CHAT.maxAttempts() - 1);
        }
    }

    @Test
    void aServerErrorIsRetriedWithBackoffAndAClientErrorIsNot() throws Exception {
        try (CaptureServer server = new CaptureServer().then(503, Map.of(), "").then(200, Map.of(), "{\"id\":\"8\"}")) {
            assertThat(notifier(server).post("1", card)).isEqualTo("8");
            assertThat(server.requests).hasSize(2);
            assertThat(slept).containsExactly(RetryPolicy.CHAT.firstBackoff());
        }
        slept.clear();
        try (CaptureServer server = new CaptureServer().then(403, Map.of(), "{\"message\":\"Missing Access\"}")) {
            assertThatThrownBy(() -> notifier(server).post("1", card)).hasMessageContaining("403");
            assertThat(server.requests).hasSize(1);
            assertThat(slept).isEmpty();
        }
    }

    @Test
    void aWaitLongerThanTheCapIsNotSleptThrough() throws Exception {
        try (CaptureServer server = new CaptureServer().then(429, Map.of(), "{\"retry_after\":3600}")) {
            assertThatThrownBy(() -> notifier(server).post("1", card)).hasMessageContaining("429");

            assertThat(slept).isEmpty();
        }
    }

    @Test
    void refusesNonNumericChannelIdsAndMissingToken() {
        DiscordSettings noToken = new DiscordSettings(null, null, null, null, DiscordSettings.DEFAULT_API_URL);
        assertThatThrownBy(() -> new DiscordNotifier(noToken)).hasMessageContaining("DISCORD_TOKEN");
        try (CaptureServer server = new CaptureServer()) {
            assertThatThrownBy(() -> notifier(server).post("../guilds/1", card))
                    .isInstanceOf(IllegalArgumentException.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void settingsNeverShowTheToken() {
        DiscordSettings s = new DiscordSettings("secret-token", null, "1", "2", DiscordSettings.DEFAULT_API_URL);
        assertThat(s.toString()).doesNotContain("secret-token").contains("token=***");
    }
}
