package dev.mailtls.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.summary.GroupSummary;
import dev.mailtls.testing.GroupSummaries;
import dev.mailtls.testing.ProbedSummaries;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Summaries posted to a channel through the REST API on a local capture server. */
class DiscordSummaryNotifierTest {
    private final List<Duration> slept = new ArrayList<>();
    private final Clock clock = Clock.fixed(GroupSummaries.NOW, ZoneOffset.UTC);

    private DiscordSummaryNotifier notifier(CaptureServer server) {
        DiscordSettings settings = new DiscordSettings("bot-token-xyz", null, null, null, server.api());
        return new DiscordSummaryNotifier(new DiscordNotifier(settings, HttpClient.newHttpClient(), slept::add), clock);
    }

    @Test
    void postsTheSummaryEmbedToTheChannelWithoutMentions() throws Exception {
        try (CaptureServer server = new CaptureServer().then(200, Map.of(), "{\"id\":\"555\"}")) {
            DiscordSummaryNotifier n = notifier(server);

            n.post("123456789012345678", GroupSummaries.withChanges());

            assertThat(n.kind()).isEqualTo("discord");
            CaptureServer.Request r = server.requests.get(0);
            assertThat(r.path()).isEqualTo("/api/v10/channels/123456789012345678/messages");
            assertThat(r.header("Authorization")).isEqualTo("Bot bot-token-xyz");
            DataObject body = DataObject.fromJson(r.body());
            assertThat(body.getObject("allowed_mentions").getArray("parse").length())
                    .isZero();
            DataObject embed = body.getArray("embeds").getObject(0);
            assertThat(embed.getString("title")).isEqualTo("❌ mail-edge — failure");
            assertThat(embed.getString("description")).contains("NEW_FAILURE");
        }
    }

    @Test
    void aRateLimitIsWaitedOutThenRetried() throws Exception {
        try (CaptureServer server = new CaptureServer()
                .then(
                        429,
                        Map.of("Retry-After", "3"),
                        "{\"message\":\"You are being rate limited.\",\"retry_after\":2.5}")
                .then(200, Map.of(), "{\"id\":\"9\"}")) {
            notifier(server).post("1", GroupSummaries.withChanges());

            assertThat(server.requests).hasSize(2);
            assertThat(slept).containsExactly(Duration.ofMillis(2500));
        }
    }

    @Test
    void refusesADestinationThatIsNoChannelId() throws Exception {
        try (CaptureServer server = new CaptureServer()) {
            assertThatThrownBy(() -> notifier(server).post("../guilds/1", GroupSummaries.withChanges()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(server.requests).isEmpty();
        }
    }

    @Test
    void aScheduledPostSaysWhyATargetFailsThatHasTlsAndACertificate(@TempDir Path dir) throws Exception {
        GroupSummary summary = ProbedSummaries.hostnameMismatch(dir);
        try (CaptureServer server = new CaptureServer().then(200, Map.of(), "{\"id\":\"555\"}")) {
            notifier(server).post("123456789012345678", summary);

            DataObject embed = DataObject.fromJson(server.requests.get(0).body())
                    .getArray("embeds")
                    .getObject(0);
            assertThat(embed.getArray("fields").getObject(0).getString("value"))
                    .containsPattern(
                            "`TLSv1\\.[23]` · cert \\d+ d · `CERT_HOSTNAME_MISMATCH` The certificate does not name mx\\.test");
        }
    }
}
