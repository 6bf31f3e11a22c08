package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.app_backend.SlackSignature;
import com.sun.net.httpserver.HttpServer;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.net.Cidr;
import dev.mailtls.slack.SlackModule;
import dev.mailtls.slack.SlackSettings;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestResolver;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} with Slack's HTTP mode configured: signed slash commands at /slack/events on the
 * real server, the card delivered to response_url, the Web API at a local mock (SLACK_API_URL).
 */
@Timeout(60)
class ServeSlackTest {
    private static final String SECRET = "slack-signing-secret-for-tests";

    @TempDir
    Path tmp;

    private HttpServer slackMock;
    private final BlockingQueue<String> delivered = new LinkedBlockingQueue<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private MailtlsServer server;
    private ScriptedMailServer mail;

    @BeforeEach
    void startMocks() throws Exception {
        slackMock = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slackMock.createContext("/api/", ex -> {
            byte[] ok =
                    "{\"ok\":true,\"url\":\"https://t.slack.com/\",\"team\":\"T\",\"user\":\"mailtls\",\"team_id\":\"T1\",\"user_id\":\"U0\",\"bot_id\":\"B1\"}"
                            .getBytes(StandardCharsets.UTF_8);
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        slackMock.createContext("/respond", ex -> {
            delivered.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        slackMock.start();
        mail = ScriptedMailServer.builder(Protocol.SMTP)
                .greeting("220 mail.test ESMTP <!channel> hello")
                .advertiseStartTls(false)
                .start();
        SlackSettings slack = new SlackSettings(
                "xoxb-test-token",
                SECRET,
                null,
                "http://127.0.0.1:" + slackMock.getAddress().getPort() + "/api/",
                true);
        config = ServeConfig.defaults(tmp)
                .withHttpAddr(new HttpAddress("127.0.0.1", 0))
                .withAllowCidrs(List.of(Cidr.parse("127.0.0.0/8")))
                .withAllowPorts(Set.of(mail.port()))
                .withFrontEnd(new SlackModule(), slack);
        server = new MailtlsServer(config, TestResolver.loopback("mail.test")).start();
    }

    private ServeConfig config;

    /** The next message at the response_url that is not the removal of the "Probing…". */
    private String nextCard() throws InterruptedException {
        String first = delivered.poll(30, TimeUnit.SECONDS);
        assertThat(first).as("the removal of the Probing… message").isNotNull().contains("\"delete_original\":true");
        return delivered.poll(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        mail.close();
        slackMock.stop(0);
        http.close();
    }

    private HttpResponse<String> slashCommand(String text, String secret, long timestamp) throws Exception {
        String body = "command=%2Fmailtls&text=" + URLEncoder.encode(text, StandardCharsets.UTF_8)
                + "&team_id=T1&user_id=U42&channel_id=C1&response_url="
                + URLEncoder.encode(
                        "http://127.0.0.1:" + slackMock.getAddress().getPort() + "/respond", StandardCharsets.UTF_8)
                + "&trigger_id=1.2.3";
        String ts = Long.toString(timestamp);
        return http.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/slack/events"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-Slack-Request-Timestamp", ts)
                        .header("X-Slack-Signature", new SlackSignature.Generator(secret).generate(ts, body))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSignedSlashCommandIsAckedAndTheCardArrivesAtTheResponseUrl() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        HttpResponse<String> ack = slashCommand("mail.test " + mail.port() + " plain smtp", SECRET, now);

        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ack.body()).contains("Probing mail.test:" + mail.port());
        String card = nextCard();
        assertThat(card).isNotNull().contains("in_channel").contains("mail.test:" + mail.port());
        // The hostile banner arrives escaped: no channel-wide ping.
        assertThat(card).doesNotContain("<!channel>").contains("lt;!channel");
        assertThat(mail.connections()).isEqualTo(1);
    }

    @Test
    void wrongSignaturesAndStaleTimestampsAre401() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        assertThat(slashCommand("mail.test " + mail.port(), "not-the-secret", now)
                        .statusCode())
                .isEqualTo(401);
        assertThat(slashCommand("mail.test " + mail.port(), SECRET, now - 3600).statusCode())
                .isEqualTo(401);
        assertThat(delivered.poll(1, TimeUnit.SECONDS)).isNull();
        assertThat(mail.connections()).isZero();
    }

    @Test
    void withAPublicUrlTheCardLinksToTheWebPagesResult() throws Exception {
        server.close();
        server = new MailtlsServer(
                        config.withPublicUrl("https://mailtls.example.com"), TestResolver.loopback("mail.test"))
                .start();

        slashCommand("mail.test " + mail.port() + " plain smtp", SECRET, System.currentTimeMillis() / 1000);

        // Gson may write = and & as \\u003d and \\u0026: the same URL either way.
        String card = nextCard().replace("\\u003d", "=").replace("\\u0026", "&");
        assertThat(card)
                .contains("\"url\":\"https://mailtls.example.com/?host=mail.test&port=" + mail.port()
                        + "&transport=plain&protocol=smtp\"")
                .contains("mailtls_rerun");
    }

    @Test
    void withoutAPublicUrlTheCardHasNoBrowserButton() throws Exception {
        slashCommand("mail.test " + mail.port() + " plain smtp", SECRET, System.currentTimeMillis() / 1000);

        assertThat(nextCard()).contains("mailtls_rerun").doesNotContain("mailtls_open_in_browser");
    }
}
