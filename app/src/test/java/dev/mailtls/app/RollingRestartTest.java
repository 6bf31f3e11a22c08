package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.history.PostgresCluster;
import dev.mailtls.net.SystemResolver;
import dev.mailtls.testing.ScriptedMailServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas of {@code serve} on one real PostgreSQL, one of them stopped while a scheduled run is in
 * progress against a slow mail server: the run's summary reaches the webhook exactly once, whether
 * the replica is closed (SIGTERM) or killed (SIGKILL).
 */
@Timeout(90)
class RollingRestartTest {
    @RegisterExtension
    static final PostgresCluster.Extension POSTGRES = new PostgresCluster.Extension();

    private static final String GROUP = "edge";

    @TempDir
    Path tmp;

    private ScriptedMailServer mail;
    private HttpServer hook;
    private final List<String> posts = new CopyOnWriteArrayList<>();
    private String dbUrl;

    @BeforeEach
    void start() throws IOException {
        dbUrl = POSTGRES.cluster().createDatabase();
        // Greeting, EHLO and QUIT two seconds each: a run takes about six seconds.
        mail = ScriptedMailServer.builder(Protocol.SMTP)
                .advertiseStartTls(false)
                .replyDelay(Duration.ofSeconds(2))
                .start();
        hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hook.createContext("/hook", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                posts.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
    }

    @AfterEach
    void stop() {
        hook.stop(0);
        mail.close();
    }

    @Test
    void aReplicaClosedMidRunPostsItsRunBeforeExitingAndTheOtherSkipsIt() throws Exception {
        Map<String, String> env = env("* * * * *", 0);
        // Both replicas' clocks are a moment before a minute: A reaches the slot first and claims it,
        // B two seconds later, while A's run is in progress.
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(5));
        MovableClock a = new MovableClock();
        MovableClock b = new MovableClock();
        try (MailtlsServer replicaA = replica(env, "replica-a", a, MailtlsServer.STALE_RUN);
                MailtlsServer replicaB = replica(env, "replica-b", b, MailtlsServer.STALE_RUN)) {
            a.set(minute.minusSeconds(2));
            replicaA.start();
            b.set(minute.minusSeconds(4));
            replicaB.start();
            await(() -> mail.connections() > 0, Duration.ofSeconds(15));
            assertThat(slot(minute)).isEqualTo(new Slot("replica-a", false));
            // B reaches the slot while A probes, and skips it: A holds the claim.
            Thread.sleep(3000);
            assertThat(savedRuns()).isZero();

            long began = System.nanoTime();
            replicaA.close();
            Duration closing = Duration.ofNanos(System.nanoTime() - began);

            assertThat(closing).isLessThan(Duration.ofSeconds(15));
            assertThat(posts).singleElement().asString().contains("\"group\":\"" + GROUP + "\"");
            assertThat(slot(minute)).isEqualTo(new Slot("replica-a", true));
            assertThat(savedRuns()).isOne();
            assertThat(mail.connections()).isOne();
        }
        assertThat(posts).hasSize(1);
    }

    @Test
    void aReplicaKilledMidRunLeavesItsClaimAndARunningReplicaPostsItOnceStale() throws Exception {
        int port = freePort();
        // Never due during the test: the only slot is the one a replica crashed in an hour ago.
        Map<String, String> env = env("0 0 1 1 *", port);
        Instant slot = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);
        plantClaim(slot, "replica-that-crashed", Instant.now().minus(Duration.ofHours(1)));

        Duration stale = Duration.ofSeconds(6);
        // Another replica, started once the real serve below holds the claim: to it the claim is fresh.
        try (MailtlsServer replicaB = replica(env("0 0 1 1 *", 0), "replica-b", Clock.systemUTC(), stale)) {
            // A real serve takes the stale slot over at start (30 minutes, the default) and is killed mid-run.
            Process serve = serve(env);
            try {
                await(() -> mail.connections() > 0 || !serve.isAlive(), Duration.ofSeconds(40));
                assertThat(serve.isAlive()).as(log()).isTrue();
                Slot claimed = slot(slot);
                assertThat(claimed.owner()).endsWith(":" + serve.pid());
                assertThat(claimed.posted()).isFalse();
                replicaB.start();

                serve.destroyForcibly();
                assertThat(serve.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(slot(slot)).isEqualTo(claimed);
                assertThat(posts).isEmpty();
                assertThat(savedRuns()).isZero();
            } finally {
                serve.destroyForcibly();
            }

            // Once the claim is stale, the running replica takes it over and posts the run once.
            await(() -> !posts.isEmpty(), Duration.ofSeconds(30));
            await(() -> slot(slot).posted(), Duration.ofSeconds(5));
            assertThat(slot(slot)).isEqualTo(new Slot("replica-b", true));
            assertThat(savedRuns()).isOne();
            assertThat(mail.connections()).isEqualTo(2);
        }

        // The killed replica comes back (a rolling restart): nothing is left to finish.
        try (MailtlsServer restarted = replica(env, "replica-a2", Clock.systemUTC(), stale)) {
            restarted.start();
            Thread.sleep(stale.toMillis() + 1000);
        }
        assertThat(posts).hasSize(1);
        assertThat(savedRuns()).isOne();
        assertThat(mail.connections()).isEqualTo(2);
    }

    private Map<String, String> env(String schedule, int httpPort) throws IOException {
        Path yaml = Files.writeString(
                tmp.resolve("mailtls.yaml"),
                "groups:\n  " + GROUP + ":\n"
                        + "    targets: [ \"127.0.0.1 " + mail.port() + " plain smtp\" ]\n"
                        + "    schedule: \"" + schedule + "\"\n"
                        + "    post_to: [ \"webhook:http://127.0.0.1:"
                        + hook.getAddress().getPort() + "/hook\" ]\n");
        Map<String, String> env = new HashMap<>();
        env.put("MAILTLS_CONFIG", yaml.toString());
        env.put("MAILTLS_DB_URL", dbUrl);
        env.put("MAILTLS_DB_USER", PostgresCluster.SUPERUSER);
        env.put("MAILTLS_HTTP_ADDR", "127.0.0.1:" + httpPort);
        env.put("MAILTLS_ALLOW_CIDRS", "127.0.0.0/8");
        env.put("MAILTLS_ALLOW_PORTS", String.valueOf(mail.port()));
        return env;
    }

    /** An in-process replica with its own data directory, on the shared database. */
    private MailtlsServer replica(Map<String, String> env, String name, Clock clock, Duration stale) throws Exception {
        Map<String, String> own = new HashMap<>(env);
        own.put("MAILTLS_DATA_DIR", tmp.resolve(name).toString());
        ServeConfig config = ServeConfigLoader.load(own, tmp).withHttpAddr(new HttpAddress("127.0.0.1", 0));
        return new MailtlsServer(config, new SystemResolver(), new MailtlsServer.Scheduling(clock, stale, name));
    }

    private Path serveLog;

    /** {@code mailtls serve} in its own JVM, from this test's classpath, configured by the environment. */
    private Process serve(Map<String, String> env) throws IOException {
        serveLog = tmp.resolve("serve.log");
        ProcessBuilder pb = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "serve")
                .redirectErrorStream(true)
                .redirectOutput(serveLog.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("MAILTLS_"));
        pb.environment().putAll(env);
        pb.environment().put("MAILTLS_DATA_DIR", tmp.resolve("serve-data").toString());
        return pb.start();
    }

    private String log() {
        try {
            return serveLog == null ? "" : Files.readString(serveLog);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private record Slot(String owner, boolean posted) {}

    private @Nullable Slot slot(Instant at) {
        try (Connection c = connect();
                PreparedStatement q = c.prepareStatement(
                        "SELECT owner, posted_at IS NOT NULL FROM run_slot WHERE group_name = ? AND slot_at = ?")) {
            q.setString(1, GROUP);
            q.setTimestamp(2, Timestamp.from(at));
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? new Slot(r.getString(1), r.getBoolean(2)) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int savedRuns() {
        try (Connection c = connect();
                PreparedStatement q = c.prepareStatement("SELECT count(*) FROM group_run WHERE group_name = ?")) {
            q.setString(1, GROUP);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a replica that crashed an hour ago left: a claim, never posted (the schema from its own start). */
    private void plantClaim(Instant slot, String owner, Instant claimedAt) throws Exception {
        try (MailtlsServer migrate =
                        replica(env("0 0 1 1 *", 0), "migrate", Clock.systemUTC(), MailtlsServer.STALE_RUN);
                Connection c = connect();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO run_slot (group_name, slot_at, owner, claimed_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, GROUP);
            insert.setTimestamp(2, Timestamp.from(slot));
            insert.setString(3, owner);
            insert.setTimestamp(4, Timestamp.from(claimedAt));
            insert.executeUpdate();
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(dbUrl, PostgresCluster.SUPERUSER, null);
    }

    /** The real clock moved so that now reads as a chosen instant, from the moment it is set. */
    private static final class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void set(Instant now) {
            offset = Duration.between(Instant.now(), now);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException("the scheduler converts instants into each group's zone itself");
        }
    }

    private static void await(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit);
            }
            Thread.sleep(50);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
