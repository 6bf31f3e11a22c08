package dev.mailtls.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import com.slack.api.app_backend.SlackSignature;
import com.slack.api.bolt.App;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.net.Cidr;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.Prober;
import dev.mailtls.retry.RetryPolicy;
import dev.mailtls.retry.Sleeper;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.summary.GroupRunner;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestResolver;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A card whose response_url answers 429 or 5xx is retried (Retry-After honoured, waits injected)
 * until it arrives; a response_url that keeps failing is given up on after a bounded number of
 * tries, with one log line that names the target and never the URL.
 */
@Timeout(60)
class ResponseUrlRetryTest {
    private static final String SECRET = "test-signing-secret";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<Duration> slept = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> gaveUp = new LinkedBlockingQueue<>();
    private ScriptedMailServer mail;
    private CaptureServer slack;
    private ProbeService service;
    private SlackCommandHandler handler;
    private SlackHttpEndpoint endpoint;

    /** Starts everything; the response_url answers {@code answer.apply(n)} to its n-th request (1-based). */
    private void start(IntFunction<CaptureServer.Answer> answer) throws Exception {
        mail = ScriptedMailServer.builder(Protocol.SMTP)
                .greeting("220 mail.test ESMTP scripted")
                .advertiseStartTls(false)
                .start();
        AtomicInteger n = new AtomicInteger();
        slack = new CaptureServer(c -> answer.apply(n.incrementAndGet()));
        Prober prober = new Prober(
                TestResolver.loopback("mail.test"),
                Clock.systemUTC(),
                AddressPolicy.strict(List.of(Cidr.parse("127.0.0.0/8")), List.of(), Set.of(mail.port())));
        service = new ProbeService(prober, ServiceLimits.defaults());
        Sleeper recorder = slept::add;
        ResponseUrlSender sender = new ResponseUrlSender(
                RetryPolicy.CHAT,
                recorder,
                Clock.fixed(Instant.parse("2026-12-05T12:00:00Z"), ZoneOffset.UTC),
                gaveUp::add);
        handler = new SlackCommandHandler(
                service,
                new Diagnoser(),
                ProbeOptions.defaults(),
                true,
                new TranscriptStore(),
                new GroupRunner(service, new Diagnoser(), ProbeOptions.defaults()),
                null,
                sender);
        App app = SlackApps.create(new SlackSettings(null, SECRET, null, null, true), handler);
        endpoint = new SlackHttpEndpoint(app);
    }

    @AfterEach
    void stop() {
        if (handler != null) {
            handler.close();
            service.close();
            slack.close();
            mail.close();
        }
    }

    private static CaptureServer.Answer status(int code, Map<String, String> headers) {
        return new CaptureServer.Answer(code, headers, code == 200 ? "ok" : "busy");
    }

    private void command() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("team_id", "T1");
        f.put("channel_id", "C1");
        f.put("user_id", "U1");
        f.put("command", "/mailtls");
        // private: the card replaces the "Probing…" in one request (a channel card deletes it first)
        f.put("text", "mail.test " + mail.port() + " plain smtp private");
        f.put("response_url", slack.url("/commands/T1/1/secret-part"));
        StringBuilder body = new StringBuilder();
        f.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        long now = System.currentTimeMillis() / 1000;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("X-Slack-Request-Timestamp", Long.toString(now));
        headers.put(
                "X-Slack-Signature",
                new SlackSignature.Generator(SECRET).generate(Long.toString(now), body.toString()));
        assertThat(endpoint.handle(SlackHttpEndpoint.PATH, headers, Map.of(), body.toString(), "127.0.0.1")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aCardAnswered429ThenServerErrorIsRetriedUntilItArrives() throws Exception {
        start(n -> switch (n) {
            case 1 -> status(429, Map.of("Retry-After", "7"));
            case 2 -> status(500, Map.of());
            default -> status(200, Map.of());
        });

        command();

        List<CaptureServer.Captured> tries = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tries.add(slack.next(WAIT));
        }
        assertThat(tries)
                .allSatisfy(t -> assertThat(JsonParser.parseString(t.body())
                                .getAsJsonObject()
                                .get("blocks")
                                .toString())
                        .contains("mail.test:" + mail.port()));
        assertThat(slack.poll(Duration.ofMillis(300))).isNull(); // delivered: no fourth try
        assertThat(slept).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(2));
        assertThat(gaveUp).isEmpty();
    }

    @Test
    void aResponseUrlThatKeepsFailingIsGivenUpOnAfterBoundedTriesWithOneLogLine() throws Exception {
        start(n -> status(503, Map.of()));

        command();

        String line = gaveUp.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(line)
                .isEqualTo("Slack: gave up delivering the answer for mail.test:" + mail.port()
                        + " to its response_url: HTTP 503 after 5 attempts")
                .doesNotContain("secret-part")
                .doesNotContain("127.0.0.1");
        for (int i = 0; i < RetryPolicy.CHAT.maxAttempts(); i++) {
            slack.next(WAIT);
        }
        assertThat(slack.poll(Duration.ofMillis(300))).isNull();
        assertThat(slept).hasSize(RetryPolicy.CHAT.maxAttempts() - 1);
    }

    @Test
    void aClientErrorIsNeverRetried() throws Exception {
        start(n -> status(404, Map.of()));

        command();

        slack.next(WAIT);
        assertThat(slack.poll(Duration.ofMillis(300))).isNull();
        assertThat(slept).isEmpty();
        assertThat(gaveUp).isEmpty();
    }
}
