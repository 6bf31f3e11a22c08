package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.app_backend.SlackSignature;
import com.sun.net.httpserver.HttpServer;
import dev.mailtls.discord.DiscordModule;
import dev.mailtls.discord.DiscordSettings;
import dev.mailtls.endpoint.Target;
import dev.mailtls.net.Resolver;
import dev.mailtls.slack.SlackModule;
import dev.mailtls.slack.SlackSettings;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSRF corpus through every front end of {@code mailtls serve} with the default strict policy,
 * built by {@link ServeConfigLoader} from the environment as in production: only the listeners'
 * port is allowed (MAILTLS_ALLOW_PORTS), so the address policy alone stands between a request and
 * a connection. Listeners on 127.0.0.1, ::1 and this machine's own non-loopback addresses count
 * every connection; each case must be refused with the policy's reason while they accept none.
 *
 * <p>The corpus (every denied range, each IPv4 one in every IPv6 spelling and through a name) is
 * dealt out across the front ends, so every case passes through one of them and each front end
 * also gets a case that would reach a listener. The full table is walked in bot-core's
 * SpecialPurposeTableTest; this proves the wiring.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeSsrfCorpusTest {
    private static final String SECRET = "slack-signing-secret-for-ssrf";
    private static final String APP_ID = "1100";
    private static final int TOKENS = 40;
    private static final List<Integer> SCAN_PORTS = List.of(25, 465, 587, 143, 993, 110, 995);

    /** A host as typed and what its refusal must say (each fragment, in any order). */
    record Case(String host, List<String> expect, boolean reachesListener) {
        @Override
        public String toString() {
            return host;
        }
    }

    /** A denied IPv4 address per range, and words its refusal must contain (written here, not taken from the table). */
    private static final List<Map.Entry<String, String>> IPV4 = List.of(
            Map.entry("0.1.2.3", "this network"),
            Map.entry("10.1.2.3", "RFC 1918"),
            Map.entry("100.64.1.2", "RFC 6598"),
            Map.entry("127.0.0.2", "loopback"),
            Map.entry("169.254.169.254", "metadata"),
            Map.entry("172.16.5.4", "RFC 1918"),
            Map.entry("192.0.0.5", "RFC 7335"),
            Map.entry("192.0.0.200", "IETF protocol assignment"),
            Map.entry("192.0.2.7", "TEST-NET-1"),
            Map.entry("192.88.99.9", "6to4 relay"),
            Map.entry("192.168.1.1", "RFC 1918"),
            Map.entry("198.18.3.4", "benchmarking"),
            Map.entry("198.51.100.7", "TEST-NET-2"),
            Map.entry("203.0.113.9", "TEST-NET-3"),
            Map.entry("224.0.0.251", "multicast"),
            Map.entry("240.1.2.3", "reserved"),
            Map.entry("255.255.255.255", "broadcast"));

    private static final List<Map.Entry<String, String>> IPV6 = List.of(
            Map.entry("::", "unspecified"),
            Map.entry("fc00::25", "unique local"),
            Map.entry("fe80::25", "link-local"),
            Map.entry("fec0::25", "site-local"),
            Map.entry("ff02::25", "multicast"),
            Map.entry("100::25", "discard-only"),
            Map.entry("2001:db8::25", "documentation"),
            Map.entry("3fff::25", "documentation"),
            Map.entry("64:ff9b:1::25", "local-use NAT64"),
            Map.entry("2001:2::25", "benchmarking"),
            Map.entry("2001:10::25", "ORCHID"),
            Map.entry("5f00::25", "segment routing"),
            Map.entry("4000::25", "outside IPv6 global unicast"));

    private final List<ServerSocket> listeners = new ArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Map<String, InetAddress> names = new ConcurrentHashMap<>();
    private final Map<String, BlockingQueue<String>> deliveries = new ConcurrentHashMap<>();
    private final KeyPair discordKeys = ed25519();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger sequence = new AtomicInteger();
    private int port;
    private InetAddress ownV4;
    private InetAddress ownV6;
    private HttpServer chatApis;
    private MailtlsServer server;
    private final Map<String, List<Case>> dealt = new java.util.LinkedHashMap<>();

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        ownV4 = ownAddress(false);
        ownV6 = ownAddress(true);
        listen();
        chatApis = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        chatApis.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            deliveries
                    .computeIfAbsent(ex.getRequestURI().getPath(), k -> new LinkedBlockingQueue<>())
                    .add(ex.getRequestMethod() + "\n" + body);
            byte[] ok = (ex.getRequestURI().getPath().startsWith("/slack-api/")
                            ? "{\"ok\":true,\"team_id\":\"T1\",\"user_id\":\"U0\",\"bot_id\":\"B1\"}"
                            : "{\"id\":\"5\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        chatApis.start();

        Map<String, String> env = new HashMap<>();
        env.put("MAILTLS_DATA_DIR", tmp.resolve("data").toString());
        env.put(
                "MAILTLS_ALLOW_PORTS",
                port + "," + SCAN_PORTS.stream().map(String::valueOf).collect(Collectors.joining(",")));
        env.put(
                "MAILTLS_API_TOKENS",
                IntStream.range(0, TOKENS).mapToObj(ServeSsrfCorpusTest::token).collect(Collectors.joining(",")));
        env.put("MAILTLS_PAGE_PROBES", "false");
        byte[] spki = discordKeys.getPublic().getEncoded();
        ServeConfig config = ServeConfigLoader.load(env, tmp)
                .withHttpAddr(new HttpAddress("127.0.0.1", 0))
                .withFrontEnd(
                        new SlackModule(),
                        new SlackSettings("xoxb-test-token", SECRET, null, chatUrl("/slack-api/"), true))
                .withFrontEnd(
                        new DiscordModule(),
                        new DiscordSettings(
                                null,
                                HexFormat.of().formatHex(Arrays.copyOfRange(spki, spki.length - 32, spki.length)),
                                APP_ID,
                                null,
                                URI.create(chatUrl("/api/v10"))));
        assertThat(config.allowCidrs()).as("the default strict policy").isEmpty();
        server = new MailtlsServer(config, corpusResolver()).start();
        deal();
    }

    @AfterAll
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (chatApis != null) {
            chatApis.stop(0);
        }
        for (ServerSocket s : listeners) {
            s.close();
        }
        http.close();
    }

    private static String token(int i) {
        return "ssrf-corpus-token-%014d".formatted(i);
    }

    private String chatUrl(String path) {
        return "http://127.0.0.1:" + chatApis.getAddress().getPort() + path;
    }

    /** A non-loopback, non-link-local address of an interface that is up (192.0.2.2 and fd00::2 here). */
    private static InetAddress ownAddress(boolean v6) throws IOException {
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!n.isUp() || n.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(n.getInetAddresses())) {
                if ((a instanceof Inet6Address) == v6 && !a.isLinkLocalAddress() && !a.isLoopbackAddress()) {
                    return InetAddress.getByAddress(a.getAddress());
                }
            }
        }
        return null;
    }

    /** One port on every listening address, so one allowed port covers them all. */
    private void listen() throws IOException {
        List<InetAddress> where =
                new ArrayList<>(List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")));
        if (ownV4 != null) {
            where.add(ownV4);
        }
        if (ownV6 != null) {
            where.add(ownV6);
        }
        for (int attempt = 0; attempt < 20 && listeners.isEmpty(); attempt++) {
            List<ServerSocket> bound = new ArrayList<>();
            try {
                ServerSocket first = new ServerSocket(0, 50, where.get(0));
                bound.add(first);
                for (InetAddress a : where.subList(1, where.size())) {
                    bound.add(new ServerSocket(first.getLocalPort(), 50, a));
                }
                listeners.addAll(bound);
                port = first.getLocalPort();
            } catch (IOException taken) {
                for (ServerSocket s : bound) {
                    s.close();
                }
            }
        }
        assertThat(listeners).as("listeners on " + where).hasSize(where.size());
        for (ServerSocket s : listeners) {
            Thread.ofVirtual().name("ssrf-listener").start(() -> {
                while (!s.isClosed()) {
                    try (Socket c = s.accept()) {
                        accepted.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }
    }

    /** Literals parse without DNS; corpus names resolve from the map; nothing else exists. */
    private Resolver corpusResolver() {
        return host -> {
            InetAddress named = names.get(host);
            if (named != null) {
                return List.of(named);
            }
            if (Target.isIpLiteral(host)) {
                return List.of(InetAddress.getByName(host));
            }
            throw new UnknownHostException(host + ": not in the SSRF corpus");
        };
    }

    private String name(InetAddress a) {
        String n = "n" + names.size() + ".ssrf.test";
        names.put(n, a);
        return n;
    }

    private static Inet6Address spell(String base, int offset, InetAddress v4) throws UnknownHostException {
        byte[] b = new byte[16];
        byte[] prefix = InetAddress.getByName(base).getAddress();
        System.arraycopy(prefix, 0, b, 0, prefix.length == 16 ? 16 : 0);
        System.arraycopy(v4.getAddress(), 0, b, offset, 4);
        return Inet6Address.getByAddress(null, b, null);
    }

    private static Inet6Address mapped(InetAddress v4) throws UnknownHostException {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(v4.getAddress(), 0, b, 12, 4);
        return Inet6Address.getByAddress(null, b, null);
    }

    private static String literal(InetAddress a) {
        return a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
    }

    /** The whole corpus, then dealt out: every case to one front end, a listener case to each. */
    private void deal() throws Exception {
        List<Case> listenerCases = new ArrayList<>();
        InetAddress loop4 = InetAddress.getByName("127.0.0.1");
        listenerCases.add(new Case("127.0.0.1", List.of("127.0.0.1", "own addresses", "loopback"), true));
        listenerCases.add(new Case("[::1]", List.of("own addresses", "loopback"), true));
        listenerCases.add(new Case("[::ffff:127.0.0.1]", List.of("127.0.0.1", "loopback"), true));
        listenerCases.add(new Case(name(loop4), List.of("127.0.0.1", "loopback"), true));
        listenerCases.add(new Case(name(mapped(loop4)), List.of("127.0.0.1, IPv4-mapped", "loopback"), true));
        if (ownV4 != null) {
            String v4 = ownV4.getHostAddress();
            listenerCases.add(new Case(v4, List.of(v4, "own addresses"), true));
            listenerCases.add(new Case(name(ownV4), List.of(v4, "own addresses"), true));
            listenerCases.add(new Case(name(mapped(ownV4)), List.of(v4 + ", IPv4-mapped", "own addresses"), true));
            listenerCases.add(
                    new Case(literal(spell("64:ff9b::", 12, ownV4)), List.of(v4 + ", NAT64", "own addresses"), false));
        }
        if (ownV6 != null) {
            listenerCases.add(new Case(literal(ownV6), List.of("own addresses"), true));
            listenerCases.add(new Case(name(ownV6), List.of("own addresses"), true));
        }

        List<Case> corpus = new ArrayList<>();
        for (Map.Entry<String, String> e : IPV4) {
            InetAddress v4 = InetAddress.getByName(e.getKey());
            String words = e.getValue();
            String text = e.getKey();
            corpus.add(new Case(text, List.of(text, words), false));
            corpus.add(new Case(name(v4), List.of(text, words), false));
            corpus.add(new Case("[::ffff:" + text + "]", List.of(text, words), false));
            corpus.add(new Case(literal(mapped(v4)), List.of(text, words), false));
            corpus.add(new Case(literal(spell("::", 12, v4)), List.of(text, words), false));
            corpus.add(new Case(
                    literal(spell("::ffff:0:0:0", 12, v4)), List.of(text + ", IPv4-translated (SIIT)", words), false));
            corpus.add(new Case(literal(spell("64:ff9b::", 12, v4)), List.of(text + ", NAT64", words), false));
            corpus.add(
                    new Case(literal(spell("64:ff9b:1::", 12, v4)), List.of(text + ", local-use NAT64", words), false));
            corpus.add(new Case(literal(spell("2002::", 2, v4)), List.of(text + ", 6to4", words), false));
            byte[] client = v4.getAddress();
            for (int i = 0; i < 4; i++) {
                client[i] = (byte) ~client[i];
            }
            Inet6Address teredo = spell("2001:0:808:808:8000:f227::", 12, InetAddress.getByAddress(client));
            corpus.add(new Case(literal(teredo), List.of(text + ", Teredo client", words), false));
            corpus.add(new Case(
                    literal(spell("2001:0:0:0:8000:f227:f7f7:f7f7", 4, v4)),
                    List.of(text + ", Teredo server", words),
                    false));
            corpus.add(new Case(
                    literal(spell("2607:f8b0:4000:1:200:5efe::", 12, v4)), List.of(text + ", ISATAP", words), false));
            corpus.add(new Case(name(spell("64:ff9b::", 12, v4)), List.of(text + ", NAT64", words), false));
        }
        for (Map.Entry<String, String> e : IPV6) {
            InetAddress v6 = InetAddress.getByName(e.getKey());
            corpus.add(new Case(literal(v6), List.of(e.getValue()), false));
            corpus.add(new Case(name(v6), List.of(e.getValue()), false));
        }
        // The same IPv4 address three ways in one IPv6 spelling keeps the per-address throttles far away.
        Collections.shuffle(corpus, new java.util.Random(10));
        List<String> frontEnds = List.of(
                "api-probe", "api-command-json", "api-command-text", "api-batch", "page-form", "slack", "discord");
        for (String f : frontEnds) {
            dealt.put(f, new ArrayList<>());
        }
        for (int i = 0; i < listenerCases.size(); i++) {
            dealt.get(frontEnds.get(i % frontEnds.size())).add(listenerCases.get(i));
        }
        for (int f = 0; f < frontEnds.size(); f++) {
            if (f >= listenerCases.size()) {
                dealt.get(frontEnds.get(f)).add(listenerCases.get(f % listenerCases.size()));
            }
        }
        for (int i = 0; i < corpus.size(); i++) {
            dealt.get(frontEnds.get(i % frontEnds.size())).add(corpus.get(i));
        }
    }

    private void assertRefused(String frontEnd, Case c, int status, String body) {
        assertThat(status).as(frontEnd + " " + c + ": " + body).isIn(200, 403);
        for (String fragment : c.expect()) {
            assertThat(body).as(frontEnd + " " + c).contains(fragment);
        }
        // The operator's configuration (variable names, port lists) stays out of every front end's answer.
        assertThat(body).as(frontEnd + " " + c).doesNotContain("MAILTLS").doesNotContain("allowed ports");
        assertThat(accepted.get())
                .as("connections accepted after " + frontEnd + " " + c)
                .isZero();
    }

    private String nextToken() {
        return token(sequence.getAndIncrement() % TOKENS);
    }

    private HttpResponse<String> api(String path, String contentType, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.url() + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + nextToken())
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Test
    void theListenersCountConnections() throws Exception {
        // Without this the zero below would prove nothing.
        for (ServerSocket s : listeners) {
            int before = accepted.get();
            try (Socket c = new Socket()) {
                c.connect(new InetSocketAddress(s.getInetAddress(), port), 5000);
                c.getInputStream().read(); // the listener closes it once counted
            }
            assertThat(accepted.get()).as(s.getInetAddress().toString()).isEqualTo(before + 1);
            accepted.addAndGet(-1);
        }
    }

    @Test
    void theJsonProbeApiRefusesEveryCase() throws Exception {
        for (Case c : dealt.get("api-probe")) {
            HttpResponse<String> r = api(
                    "/api/v1/probes", "application/json", "{\"host\": " + json(c.host()) + ", \"port\": " + port + "}");
            assertThat(r.statusCode()).as(c + ": " + r.body()).isEqualTo(403);
            assertRefused("POST /api/v1/probes", c, r.statusCode(), r.body());
        }
    }

    @Test
    void theCommandApiRefusesEveryCaseAsJson() throws Exception {
        for (Case c : dealt.get("api-command-json")) {
            HttpResponse<String> r = api(
                    "/api/v1/commands",
                    "application/json",
                    "{\"text\": " + json(c.host() + " " + port + " smtp") + "}");
            assertThat(r.statusCode()).as(c + ": " + r.body()).isEqualTo(403);
            assertRefused("POST /api/v1/commands (JSON)", c, r.statusCode(), r.body());
        }
    }

    @Test
    void theCommandApiRefusesEveryCaseAsText() throws Exception {
        for (Case c : dealt.get("api-command-text")) {
            HttpResponse<String> r = api("/api/v1/commands", "text/plain", c.host() + " " + port + " plain smtp");
            assertThat(r.statusCode()).as(c + ": " + r.body()).isEqualTo(403);
            assertRefused("POST /api/v1/commands (text)", c, r.statusCode(), r.body());
        }
    }

    @Test
    void theBatchApiRefusesEveryTarget() throws Exception {
        for (Case c : dealt.get("api-batch")) {
            String target = "{\"host\": " + json(c.host()) + ", \"port\": " + port + ", \"protocol\": \"smtp\"}";
            HttpResponse<String> r = api("/api/v1/probes/batch", "application/json", "{\"targets\": [" + target + "]}");
            assertThat(r.body()).as(c.toString()).contains("address-denied");
            assertRefused("POST /api/v1/probes/batch", c, r.statusCode(), r.body());
        }
    }

    @Test
    void theWebPageFormRefusesEveryCase() throws Exception {
        for (Case c : dealt.get("page-form")) {
            String form = "host=" + URLEncoder.encode(c.host(), StandardCharsets.UTF_8) + "&port=" + port
                    + "&transport=plain&protocol=smtp&token=" + nextToken();
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(server.url() + "/"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(c + ": " + r.body()).isEqualTo(403);
            assertRefused("POST / (web form)", c, r.statusCode(), r.body());
        }
    }

    private String slack(String text) throws Exception {
        String id = "s" + sequence.getAndIncrement();
        String body = "command=%2Fmailtls&text=" + URLEncoder.encode(text, StandardCharsets.UTF_8)
                + "&team_id=T1&user_id=U" + id + "&channel_id=C1&response_url="
                + URLEncoder.encode(chatUrl("/respond/" + id), StandardCharsets.UTF_8) + "&trigger_id=1.2.3";
        String ts = Long.toString(Instant.now().getEpochSecond());
        HttpResponse<String> ack = http.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/slack/events"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-Slack-Request-Timestamp", ts)
                        .header("X-Slack-Signature", new SlackSignature.Generator(SECRET).generate(ts, body))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ack.statusCode()).as(text + ": " + ack.body()).isEqualTo(200);
        BlockingQueue<String> answers = deliveries.computeIfAbsent("/respond/" + id, k -> new LinkedBlockingQueue<>());
        String card = answers.poll(60, TimeUnit.SECONDS);
        if (card != null && card.contains("\"delete_original\":true")) {
            // A channel answer first deletes the ephemeral "Checking…"/"Probing…", then follows.
            card = answers.poll(60, TimeUnit.SECONDS);
        }
        assertThat(card).as("Slack card for " + text).isNotNull();
        return card;
    }

    @Test
    void theSlackSlashCommandRefusesEveryCase() throws Exception {
        for (Case c : dealt.get("slack")) {
            String card = slack(c.host() + " " + port + " plain smtp");
            assertRefused("Slack /mailtls", c, 200, card);
        }
    }

    private String discord(String host, Long optionPort) throws Exception {
        String token = "interaction-" + sequence.getAndIncrement();
        String options = "{\"name\":\"host\",\"type\":3,\"value\":" + json(host) + "}"
                + (optionPort == null
                        ? ""
                        : ",{\"name\":\"port\",\"type\":4,\"value\":" + optionPort
                                + "},{\"name\":\"transport\",\"type\":3,\"value\":\"plain\"}");
        String body = "{\"type\":2,\"id\":\"1\",\"application_id\":\"" + APP_ID + "\",\"token\":\"" + token
                + "\",\"guild_id\":\"7\",\"member\":{\"user\":{\"id\":\"" + (4200 + sequence.get())
                + "\"}},\"data\":{\"id\":\"9\",\"name\":\"mailtls\",\"type\":1,\"options\":[" + options + "]}}";
        String ts = Long.toString(Instant.now().getEpochSecond());
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(discordKeys.getPrivate());
        s.update((ts + body).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> deferred = http.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/discord/interactions"))
                        .header("Content-Type", "application/json")
                        .header("X-Signature-Ed25519", HexFormat.of().formatHex(s.sign()))
                        .header("X-Signature-Timestamp", ts)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(deferred.statusCode()).as(host + ": " + deferred.body()).isEqualTo(200);
        String webhook = "/api/v10/webhooks/" + APP_ID + "/" + token;
        String followUp = deliveries
                .computeIfAbsent(webhook + "/messages/@original", k -> new LinkedBlockingQueue<>())
                .poll(60, TimeUnit.SECONDS);
        assertThat(followUp).as("Discord follow-up for " + host).isNotNull();
        if (followUp.startsWith("DELETE")) {
            // A notice replaces the public "thinking…" with a message to the asker alone.
            followUp = deliveries
                    .computeIfAbsent(webhook, k -> new LinkedBlockingQueue<>())
                    .poll(60, TimeUnit.SECONDS);
            assertThat(followUp).as("Discord notice for " + host).isNotNull();
        }
        return followUp;
    }

    @Test
    void theDiscordInteractionRefusesEveryCase() throws Exception {
        for (Case c : dealt.get("discord")) {
            String followUp = discord(c.host(), (long) port);
            assertRefused("Discord /mailtls", c, 200, followUp.replace("\\", ""));
        }
    }

    /**
     * Scans probe seven ports, all allowed here: ADDRESS_DENIED on each can only be the address. One
     * host per front end, none used elsewhere, so the per-host throttle never answers instead.
     */
    @Test
    void scansThroughTheApiSlackAndDiscordAreRefusedOnEveryPort() throws Exception {
        String apiHost = name(InetAddress.getByName("10.9.8.7"));
        HttpResponse<String> api = api(
                "/api/v1/groups/" + URLEncoder.encode("scan-" + apiHost, StandardCharsets.UTF_8) + "/runs",
                "application/json",
                "");
        assertThat(api.statusCode()).as(apiHost + ": " + api.body()).isEqualTo(200);
        assertThat(countOf(api.body(), "\"failureCode\":\"ADDRESS_DENIED\""))
                .as(api.body())
                .isEqualTo(SCAN_PORTS.size());
        assertThat(accepted.get()).as("after the API scan of " + apiHost).isZero();

        // The chat matrices show a status per port, not the reason; the API scan above names it.
        String slackHost = literal(spell("64:ff9b::", 12, InetAddress.getByName("172.31.1.1")));
        String slack = slack("scan " + slackHost);
        assertThat(countOf(slack, "FAIL ")).as(slack).isEqualTo(SCAN_PORTS.size());
        assertThat(accepted.get()).as("after the Slack scan of " + slackHost).isZero();

        String discordHost = ownV4 != null ? name(mapped(ownV4)) : name(InetAddress.getByName("192.0.2.99"));
        String discord = discord("scan:" + discordHost, null);
        assertThat(discord).as(discord).contains(SCAN_PORTS.size() + " failure");
        assertThat(accepted.get())
                .as("after the Discord scan of " + discordHost)
                .isZero();
    }

    private static int countOf(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void everyCaseIsDealtToAFrontEnd() {
        int total = dealt.values().stream().mapToInt(List::size).sum();
        assertThat(total).isGreaterThan(250);
        assertThat(dealt.values()).allSatisfy(cases -> assertThat(cases).anyMatch(Case::reachesListener));
    }
}
