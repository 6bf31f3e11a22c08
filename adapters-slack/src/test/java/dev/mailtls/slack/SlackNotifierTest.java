package dev.mailtls.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.Slack;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.model.block.LayoutBlock;
import dev.mailtls.card.Report;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.testing.ProbeResults;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Web API pointed at a local mock (SLACK_API_URL): auth.test, chat.postMessage, and 429s. */
@Timeout(30)
class SlackNotifierTest {
    private static final String TOKEN = "xoxb-test-token";
    private static final String POSTED = "{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1700000000.000100\"}";

    private final List<Duration> slept = new ArrayList<>();
    private final dev.mailtls.retry.Sleeper recorder = slept::add;

    private static SlackSettings settings(CaptureServer api) {
        return new SlackSettings(TOKEN, null, null, api.url("/api/"), true);
    }

    private static List<LayoutBlock> card() {
        return new SlackCardRenderer()
                .render(Report.of(ProbeResults.healthySubmission().build(), new Diagnoser()), null, null);
    }

    @Test
    void webApiGoesToTheConfiguredUrlWithTheBotToken() throws Exception {
        try (CaptureServer api = new CaptureServer(c -> CaptureServer.Answer.ok(
                "{\"ok\":true,\"url\":\"https://acme.slack.com/\",\"team\":\"Acme\",\"user\":\"mailtls\","
                        + "\"team_id\":\"T1\",\"user_id\":\"U9\",\"bot_id\":\"B1\"}"))) {
            Slack slack = SlackApps.slack(settings(api));

            AuthTestResponse r = slack.methods(TOKEN).authTest(req -> req);

            assertThat(r.isOk()).isTrue();
            assertThat(r.getTeamId()).isEqualTo("T1");
            CaptureServer.Captured c = api.next(Duration.ofSeconds(5));
            assertThat(c.path()).isEqualTo("/api/auth.test");
            assertThat(c.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        }
    }

    @Test
    void postMessageSendsTheBlocksToTheChannel() throws Exception {
        try (CaptureServer api = new CaptureServer(c -> CaptureServer.Answer.ok(POSTED))) {
            SlackNotifier notifier = new SlackNotifier(SlackApps.slack(settings(api)), TOKEN, 3, recorder);

            String ts = notifier.post("C1", card(), "summary: 1 target OK");

            assertThat(ts).isEqualTo("1700000000.000100");
            CaptureServer.Captured c = api.next(Duration.ofSeconds(5));
            assertThat(c.path()).isEqualTo("/api/chat.postMessage");
            String body = URLDecoder.decode(c.body(), StandardCharsets.UTF_8);
            assertThat(body)
                    .contains("channel=C1")
                    .contains("text=summary: 1 target OK")
                    .contains("\"type\":\"header\"")
                    .contains("smtp.gmail.com:587");
            assertThat(slept).isEmpty();
        }
    }

    @Test
    void rateLimitedPostWaitsRetryAfterThenSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (CaptureServer api = new CaptureServer(c -> calls.incrementAndGet() <= 2
                ? new CaptureServer.Answer(
                        429,
                        Map.of("Retry-After", calls.get() == 1 ? "7" : "2", "Content-Type", "application/json"),
                        "{\"ok\":false,\"error\":\"ratelimited\"}")
                : CaptureServer.Answer.ok(POSTED))) {
            SlackNotifier notifier = new SlackNotifier(SlackApps.slack(settings(api)), TOKEN, 3, recorder);

            String ts = notifier.post("C1", card(), "summary");

            assertThat(ts).isEqualTo("1700000000.000100");
            assertThat(calls).hasValue(3);
            assertThat(slept).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(2));
        }
    }

    @Test
    void persistentRateLimitGivesUpAfterTheRetries() throws Exception {
        try (CaptureServer api = new CaptureServer(c -> new CaptureServer.Answer(
                429, Map.of("Retry-After", "3600"), "{\"ok\":false,\"error\":\"ratelimited\"}"))) {
            SlackNotifier notifier = new SlackNotifier(SlackApps.slack(settings(api)), TOKEN, 2, recorder);

            assertThatThrownBy(() -> notifier.post("C1", card(), "summary"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("still rate limited after 2 retries");
            // Retry-After is bounded: an hour becomes the longest single wait.
            assertThat(slept).containsExactly(SlackNotifier.MAX_WAIT, SlackNotifier.MAX_WAIT);
        }
    }

    @Test
    void slackErrorIsReportedWithItsCode() throws Exception {
        try (CaptureServer api =
                new CaptureServer(c -> CaptureServer.Answer.ok("{\"ok\":false,\"error\":\"channel_not_found\"}"))) {
            SlackNotifier notifier = new SlackNotifier(SlackApps.slack(settings(api)), TOKEN, 3, recorder);

            assertThatThrownBy(() -> notifier.post("C404", card(), "summary"))
                    .isInstanceOf(IOException.class)
                    .hasMessage("Slack chat.postMessage to C404 failed: channel_not_found");
        }
    }

    @Test
    void retryAfterIsReadAsSecondsAndBounded() {
        assertThat(SlackNotifier.retryAfter("5")).isEqualTo(Duration.ofSeconds(5));
        assertThat(SlackNotifier.retryAfter(null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(SlackNotifier.retryAfter("soon")).isEqualTo(Duration.ofSeconds(1));
        assertThat(SlackNotifier.retryAfter("99999")).isEqualTo(SlackNotifier.MAX_WAIT);
    }
}
