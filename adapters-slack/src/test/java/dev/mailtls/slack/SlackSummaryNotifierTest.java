package dev.mailtls.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.summary.GroupSummary;
import dev.mailtls.testing.GroupSummaries;
import dev.mailtls.testing.ProbedSummaries;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Summaries posted through chat.postMessage on a local capture server. */
@Timeout(30)
class SlackSummaryNotifierTest {
    private static final String TOKEN = "xoxb-test-token";
    private static final String POSTED = "{\"ok\":true,\"channel\":\"C0123456\",\"ts\":\"1700000000.000100\"}";

    private final List<Duration> slept = new ArrayList<>();
    private final Clock clock = Clock.fixed(GroupSummaries.NOW, ZoneOffset.UTC);

    private SlackSummaryNotifier notifier(CaptureServer api) {
        SlackSettings settings = new SlackSettings(TOKEN, null, null, api.url("/api/"), true);
        return new SlackSummaryNotifier(new SlackNotifier(SlackApps.slack(settings), TOKEN, 3, slept::add), clock);
    }

    @Test
    void postsTheSummaryBlocksToTheChannel() throws Exception {
        try (CaptureServer api = new CaptureServer(c -> CaptureServer.Answer.ok(POSTED))) {
            SlackSummaryNotifier n = notifier(api);

            n.post("C0123456", GroupSummaries.withChanges());

            assertThat(n.kind()).isEqualTo("slack");
            CaptureServer.Captured c = api.next(Duration.ofSeconds(5));
            assertThat(c.path()).isEqualTo("/api/chat.postMessage");
            assertThat(c.header("Authorization")).isEqualTo("Bearer " + TOKEN);
            String body = URLDecoder.decode(c.body(), StandardCharsets.UTF_8);
            assertThat(body)
                    .contains("channel=C0123456")
                    .contains("text=mail-edge: failure · 4 targets")
                    .contains("NEW_FAILURE")
                    .contains("cert 88 d");
        }
    }

    @Test
    void aRateLimitedPostWaitsRetryAfterThenSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (CaptureServer api = new CaptureServer(c -> calls.incrementAndGet() == 1
                ? new CaptureServer.Answer(
                        429,
                        Map.of("Retry-After", "4", "Content-Type", "application/json"),
                        "{\"ok\":false,\"error\":\"ratelimited\"}")
                : CaptureServer.Answer.ok(POSTED))) {
            notifier(api).post("C0123456", GroupSummaries.withChanges());

            assertThat(calls).hasValue(2);
            assertThat(slept).containsExactly(Duration.ofSeconds(4));
        }
    }

    @Test
    void refusesADestinationThatIsNoChannelId() throws Exception {
        try (CaptureServer api = new CaptureServer()) {
            assertThatThrownBy(() -> notifier(api).post("#general <!channel>", GroupSummaries.withChanges()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("channel id such as C0123456");
            assertThat(api.poll(Duration.ofMillis(100))).isNull();
        }
    }

    @Test
    void aScheduledPostSaysWhyATargetFailsThatHasTlsAndACertificate(@TempDir Path dir) throws Exception {
        GroupSummary summary = ProbedSummaries.hostnameMismatch(dir);
        try (CaptureServer api = new CaptureServer(c -> CaptureServer.Answer.ok(POSTED))) {
            notifier(api).post("C0123456", summary);

            String body = URLDecoder.decode(api.next(Duration.ofSeconds(5)).body(), StandardCharsets.UTF_8);
            assertThat(body)
                    .contains(":x: `mx.test ")
                    .containsPattern(
                            "`TLSv1\\.[23]` · cert \\d+ d · `CERT_HOSTNAME_MISMATCH` The certificate does not name mx\\.test");
        }
    }
}
