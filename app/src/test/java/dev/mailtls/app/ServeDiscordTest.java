package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.mailtls.discord.DiscordModule;
import dev.mailtls.discord.DiscordSettings;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.net.Cidr;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestResolver;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
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
 * {@code serve} with Discord's HTTP interactions configured: Ed25519-signed requests at
 * /discord/interactions on the real server, the follow-up captured where DISCORD_API_URL points.
 */
@Timeout(60)
class ServeDiscordTest {
    private static final String APP_ID = "1100";
    private static final String INTERACTION_TOKEN = "interaction-token-abc";

    @TempDir
    Path tmp;

    private final KeyPair keys = ed25519();
    private final HttpClient http = HttpClient.newHttpClient();
    private final BlockingQueue<String> followUps = new LinkedBlockingQueue<>();
    private HttpServer discordApi;
    private ScriptedMailServer mail;
    private MailtlsServer server;

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @BeforeEach
    void start() throws Exception {
        discordApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        discordApi.createContext("/api/v10/", ex -> {
            followUps.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + "\n"
                    + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] ok = "{\"id\":\"5\"}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        discordApi.start();
        mail = ScriptedMailServer.builder(Protocol.SMTP)
                .greeting("220 mail.test ESMTP @everyone <@&123> hi")
                .advertiseStartTls(false)
                .start();
        byte[] spki = keys.getPublic().getEncoded();
        String publicKey = HexFormat.of().formatHex(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
        DiscordSettings discord = new DiscordSettings(
                null,
                publicKey,
                APP_ID,
                null,
                URI.create("http://127.0.0.1:" + discordApi.getAddress().getPort() + "/api/v10"));
        ServeConfig config = ServeConfig.defaults(tmp)
                .withHttpAddr(new HttpAddress("127.0.0.1", 0))
                .withAllowCidrs(List.of(Cidr.parse("127.0.0.0/8")))
                .withAllowPorts(Set.of(mail.port()))
                .withFrontEnd(new DiscordModule(), discord);
        server = new MailtlsServer(config, TestResolver.loopback("mail.test")).start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        mail.close();
        discordApi.stop(0);
        http.close();
    }

    private HttpResponse<String> post(String body, long timestamp, KeyPair signer) throws Exception {
        String ts = Long.toString(timestamp);
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(signer.getPrivate());
        s.update((ts + body).getBytes(StandardCharsets.UTF_8));
        return http.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/discord/interactions"))
                        .header("Content-Type", "application/json")
                        .header("X-Signature-Ed25519", HexFormat.of().formatHex(s.sign()))
                        .header("X-Signature-Timestamp", ts)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String command() {
        return "{\"type\":2,\"id\":\"1\",\"application_id\":\"" + APP_ID + "\",\"token\":\"" + INTERACTION_TOKEN
                + "\",\"guild_id\":\"7\",\"member\":{\"user\":{\"id\":\"42\"}},\"data\":{\"id\":\"9\","
                + "\"name\":\"mailtls\",\"type\":1,\"options\":[{\"name\":\"host\",\"type\":3,\"value\":\"mail.test\"},"
                + "{\"name\":\"port\",\"type\":4,\"value\":" + mail.port() + "},"
                + "{\"name\":\"transport\",\"type\":3,\"value\":\"plain\"}]}}";
    }

    @Test
    void aSignedPingIsAnsweredAndACommandIsDeferredThenFollowedByTheEmbed() throws Exception {
        long now = Instant.now().getEpochSecond();
        HttpResponse<String> pong =
                post("{\"type\":1,\"id\":\"1\",\"application_id\":\"" + APP_ID + "\",\"token\":\"t\"}", now, keys);
        assertThat(pong.statusCode()).isEqualTo(200);
        assertThat(pong.body()).contains("\"type\":1");

        HttpResponse<String> deferred = post(command(), now, keys);
        assertThat(deferred.statusCode()).isEqualTo(200);
        assertThat(deferred.body()).contains("\"type\":5");

        String followUp = followUps.poll(30, TimeUnit.SECONDS);
        assertThat(followUp)
                .isNotNull()
                .startsWith("PATCH /api/v10/webhooks/" + APP_ID + "/" + INTERACTION_TOKEN + "/messages/@original")
                .contains("mail.test:" + mail.port())
                .contains("\"allowed_mentions\":{\"parse\":[]}");
        // The hostile banner cannot ping: the mention forms are broken in the embed.
        String payload =
                followUp.lines().filter(l -> l.startsWith("{\"")).findFirst().orElseThrow();
        assertThat(payload).doesNotContain("@everyone").doesNotContain("<@&123>");
        assertThat(mail.connections()).isEqualTo(1);
    }

    @Test
    void forgedAndStaleRequestsAre401AndProbeNothing() throws Exception {
        long now = Instant.now().getEpochSecond();
        assertThat(post(command(), now, ed25519()).statusCode()).isEqualTo(401);
        assertThat(post(command(), now - 3600, keys).statusCode()).isEqualTo(401);
        assertThat(followUps.poll(1, TimeUnit.SECONDS)).isNull();
        assertThat(mail.connections()).isZero();
    }
}
