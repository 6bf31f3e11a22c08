package dev.mailtls.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.bolt.App;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.net.Cidr;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestResolver;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Socket Mode against a local fake of Slack: apps.connections.open hands out a ws:// URL on
 * loopback, the fake says hello, sends a slash_commands envelope, and receives the ack envelope;
 * the card then arrives at the response_url.
 */
@Timeout(60)
class SlackSocketModeTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A websocket endpoint that greets each connection with hello and one envelope. */
    static final class FakeSocketModeServer extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        volatile String envelope = "";
        volatile String path = "";

        FakeSocketModeServer() {
            super(new InetSocketAddress("127.0.0.1", 0));
            setReuseAddr(true);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            path = handshake.getResourceDescriptor();
            conn.send("{\"type\":\"hello\",\"num_connections\":1,\"debug_info\":{\"host\":\"fake\"},"
                    + "\"connection_info\":{\"app_id\":\"A1\"}}");
            conn.send(envelope);
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            received.add(message);
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

        @Override
        public void onError(WebSocket conn, Exception ex) {}

        @Override
        public void onStart() {
            started.countDown();
        }
    }

    @Test
    void slashCommandEnvelopeIsAckedOverTheSocketAndTheCardFollows() throws Exception {
        FakeSocketModeServer ws = new FakeSocketModeServer();
        ws.start();
        assertThat(ws.started.await(10, TimeUnit.SECONDS)).isTrue();
        String wsUrl = "ws://127.0.0.1:" + ws.getPort() + "/link/?ticket=t1&app_id=A1";
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                        .advertiseStartTls(false)
                        .start();
                CaptureServer slack = new CaptureServer(c -> CaptureServer.Answer.ok(
                        switch (c.path()) {
                            case "/api/apps.connections.open" -> "{\"ok\":true,\"url\":\"" + wsUrl + "\"}";
                            case "/api/auth.test" ->
                                "{\"ok\":true,\"team_id\":\"T1\",\"user_id\":\"U9\",\"bot_id\":\"B1\","
                                        + "\"url\":\"https://acme.slack.com/\",\"team\":\"Acme\",\"user\":\"mailtls\"}";
                            default -> "{\"ok\":true}";
                        }))) {
            ws.envelope = "{\"envelope_id\":\"env-1\",\"type\":\"slash_commands\",\"accepts_response_payload\":true,"
                    + "\"payload\":{\"token\":\"legacy\",\"team_id\":\"T1\",\"team_domain\":\"acme\","
                    + "\"channel_id\":\"C1\",\"channel_name\":\"mail-support\",\"user_id\":\"U1\","
                    + "\"user_name\":\"alice\",\"command\":\"/mailtls\",\"text\":\"mail.test " + mail.port()
                    + " plain smtp\",\"api_app_id\":\"A1\",\"is_enterprise_install\":\"false\","
                    + "\"response_url\":\"" + slack.url("/commands/T1/1/abc") + "\",\"trigger_id\":\"1.2.3\"}}";
            SlackSettings settings = new SlackSettings("xoxb-test", null, "xapp-1-test", slack.url("/api/"), true);
            Prober prober = new Prober(
                    TestResolver.loopback("mail.test"),
                    Clock.systemUTC(),
                    AddressPolicy.strict(List.of(Cidr.parse("127.0.0.0/8")), List.of(), Set.of(mail.port())));
            try (ProbeService service = new ProbeService(prober, ServiceLimits.defaults());
                    SlackCommandHandler handler =
                            new SlackCommandHandler(service, new Diagnoser(), ProbeOptions.defaults(), true)) {
                App app = SlackApps.create(settings, handler);
                try (SlackSocketMode socketMode = SlackSocketMode.start(settings, app)) {
                    String ack = ws.received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);

                    assertThat(ack).isNotNull();
                    JsonObject a = JsonParser.parseString(ack).getAsJsonObject();
                    assertThat(a.get("envelope_id").getAsString()).isEqualTo("env-1");
                    JsonObject payload = a.getAsJsonObject("payload");
                    assertThat(payload.get("response_type").getAsString()).isEqualTo("ephemeral");
                    assertThat(payload.get("text").getAsString())
                            .contains("Probing mail.test:" + mail.port() + " (SMTP, plaintext)");
                    assertThat(ws.path).startsWith("/link/?ticket=t1");

                    CaptureServer.Captured removal = nextNot(slack, "/api/");
                    assertThat(JsonParser.parseString(removal.body())
                                    .getAsJsonObject()
                                    .get("delete_original")
                                    .getAsBoolean())
                            .isTrue();
                    CaptureServer.Captured card = nextNot(slack, "/api/");
                    assertThat(card.path()).isEqualTo("/commands/T1/1/abc");
                    JsonObject c = JsonParser.parseString(card.body()).getAsJsonObject();
                    assertThat(c.get("response_type").getAsString()).isEqualTo("in_channel");
                    assertThat(c.get("blocks").toString())
                            .contains("mail.test:" + mail.port() + " — SMTP in plaintext");
                    assertThat(socketMode.stopped()).isFalse();
                }
            }
        } finally {
            ws.stop(1000);
        }
    }

    /** The next request outside the Web API (apps.connections.open, auth.test). */
    private static CaptureServer.Captured nextNot(CaptureServer server, String prefix) throws InterruptedException {
        while (true) {
            CaptureServer.Captured c = server.next(WAIT);
            if (!c.path().startsWith(prefix)) {
                return c;
            }
        }
    }
}
