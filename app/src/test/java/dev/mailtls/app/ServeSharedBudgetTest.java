package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.history.PostgresCluster;
import dev.mailtls.http.ApiTokens;
import dev.mailtls.net.Cidr;
import dev.mailtls.service.Rate;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestResolver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers ({@code mailtls serve}) given one database in {@code MAILTLS_DB_URL} share the
 * per-address connection budget: probing one mail server through both, it receives only what the
 * budget allows one server, on a real PostgreSQL as on a shared H2. Without it each server keeps its
 * own.
 */
class ServeSharedBudgetTest {
    private static final String TOKEN = "shared-budget-token-0123456789";

    @TempDir
    Path tmp;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<MailtlsServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(MailtlsServer::close);
        http.close();
    }

    private MailtlsServer start(String name, ScriptedMailServer mail, @Nullable String dbUrl) {
        return start(name, mail, dbUrl, null);
    }

    private MailtlsServer start(String name, ScriptedMailServer mail, @Nullable String dbUrl, @Nullable String user) {
        LimitsConfig d = LimitsConfig.DEFAULT;
        Rate lots = Rate.parse("1000/1m");
        ServeConfig config = ServeConfig.defaults(tmp.resolve(name))
                .withHttpAddr(new HttpAddress("127.0.0.1", 0))
                .withApiTokens(ApiTokens.of(List.of(TOKEN)))
                .withAllowCidrs(List.of(Cidr.parse("127.0.0.0/8")))
                .withAllowPorts(Set.of(mail.port()))
                .withLimits(new LimitsConfig(d.maxConcurrent(), d.maxQueued(), lots, lots, Rate.parse("3/1m")))
                .withHistory(new HistoryConfig(dbUrl, user, null, 90));
        MailtlsServer server = new MailtlsServer(config, TestResolver.loopback()).start();
        servers.add(server);
        return server;
    }

    private HttpResponse<String> probe(MailtlsServer server, ScriptedMailServer mail) throws Exception {
        String body =
                "{\"host\": \"localhost\", \"port\": " + mail.port() + ", \"transport\": \"plain\", \"fresh\": true}";
        return http.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/probes"))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Four probes through each server, in turn; the status codes. */
    private List<Integer> probeThroughBoth(MailtlsServer a, MailtlsServer b, ScriptedMailServer mail) throws Exception {
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            for (MailtlsServer server : List.of(a, b)) {
                HttpResponse<String> r = probe(server, mail);
                codes.add(r.statusCode());
                if (r.statusCode() == 429) {
                    assertThat(r.body()).contains("mailtls has connected to 127.0.0.1 often just now");
                }
            }
        }
        return codes;
    }

    @Test
    void twoServersOnOneDatabaseShareTheConnectionBudget() throws Exception {
        // Both processes' view of one database: an in-memory H2 kept for the JVM.
        shareOneBudget("jdbc:h2:mem:shared-budget-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", null);
    }

    /** Two servers on the database {@code db}: one mail server, probed through both, gets 3 connections. */
    private void shareOneBudget(String db, @Nullable String user) throws Exception {
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                .advertiseStartTls(false)
                .start()) {
            MailtlsServer a = start("a", mail, db, user);
            MailtlsServer b = start("b", mail, db, user);

            assertThat(probeThroughBoth(a, b, mail)).containsExactly(200, 200, 200, 429, 429, 429, 429, 429);
            assertThat(mail.connections()).isEqualTo(3);
        }
    }

    @Test
    void withoutADatabaseUrlEachServerKeepsItsOwnBudget() throws Exception {
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                .advertiseStartTls(false)
                .start()) {
            MailtlsServer a = start("a", mail, null);
            MailtlsServer b = start("b", mail, null);

            assertThat(probeThroughBoth(a, b, mail)).containsExactly(200, 200, 200, 200, 200, 200, 429, 429);
            assertThat(mail.connections()).isEqualTo(6);
        }
    }

    /** The same on a real PostgreSQL (skipped without one, unless interop is required as in CI). */
    @Nested
    class OnPostgres {
        @RegisterExtension
        static final PostgresCluster.Extension POSTGRES = new PostgresCluster.Extension();

        @Test
        void twoServersOnOneRealPostgresShareTheConnectionBudget() throws Exception {
            shareOneBudget(POSTGRES.cluster().createDatabase(), PostgresCluster.SUPERUSER);
        }
    }
}
