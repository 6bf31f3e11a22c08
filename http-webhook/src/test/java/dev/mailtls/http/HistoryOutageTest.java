package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.GroupSummary;
import dev.mailtls.summary.HistoryUnavailableException;
import dev.mailtls.testing.ScriptedMailServer;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The history database is down: group runs and history answer 503 problem+json with Retry-After,
 * the log gets one line (not a stack trace), and probes go on.
 */
@Timeout(60)
class HistoryOutageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every group operation fails as a store whose database went away does. */
    private static final GroupRuns DOWN = new GroupRuns() {
        @Override
        public Optional<GroupSummary> runNow(String group, String requester) {
            throw outage("read the latest run of group " + group);
        }

        @Override
        public Optional<List<GroupRun>> history(String group, int limit) {
            throw outage("read the history of group " + group);
        }

        @Override
        public List<String> names() {
            return List.of("mail-edge");
        }
    };

    private static HistoryUnavailableException outage(String action) {
        SQLException cause = new SQLException("Connection to 127.0.0.1:5432 refused.", "08001");
        return new HistoryUnavailableException(
                "cannot " + action + " in the history database at jdbc:postgresql://127.0.0.1:5432/mailtls: " + cause,
                cause);
    }

    @Test
    void groupRunsAndHistoryAnswer503WithRetryAfterAndOneLogLineWhileProbesGoOn() throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                        .greeting("220 mail.test ESMTP scripted")
                        .advertiseStartTls(false)
                        .start();
                TestServer t = TestServer.builder().groups(DOWN).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
                Response run;
                Response history;
                try {
                    run = client.post(
                            "/api/v1/groups/mail-edge/runs", "", req -> req.header("Authorization", TestServer.BEARER));
                    history = client.get(
                            "/api/v1/groups/mail-edge/history", req -> req.header("Authorization", TestServer.BEARER));
                } finally {
                    System.setErr(stderr);
                }
                for (Response r : List.of(run, history)) {
                    String body = r.body().string();
                    assertThat(r.code()).as(body).isEqualTo(503);
                    assertThat(r.headers().get("Retry-After")).containsExactly("10");
                    assertThat(r.headers().get("Content-Type"))
                            .anySatisfy(h -> assertThat(h).startsWith(Problem.CONTENT_TYPE));
                    JsonNode p = JSON.readTree(body);
                    assertThat(p.get("type").asText()).isEqualTo("urn:mailtls:problem:history-unavailable");
                    // The caller learns it is temporary; the database's address stays in the log.
                    assertThat(body)
                            .doesNotContain("jdbc:")
                            .doesNotContain("Exception")
                            .doesNotContain("\tat ");
                }
                String logged = log.toString(StandardCharsets.UTF_8);
                assertThat(logged.lines().filter(l -> !l.isBlank()).toList())
                        .hasSize(2)
                        .allSatisfy(l -> assertThat(l)
                                .contains("history unavailable on")
                                .contains("jdbc:postgresql://127.0.0.1:5432/mailtls"));
                assertThat(logged).doesNotContain("\tat ");

                Response probe = client.post(
                        "/api/v1/probes",
                        "{\"host\": \"mail.test\", \"port\": " + mail.port()
                                + ", \"transport\": \"plain\", \"protocol\": \"smtp\"}",
                        req -> req.header("Authorization", TestServer.BEARER));
                assertThat(probe.code()).isEqualTo(200);
                assertThat(JSON.readTree(probe.body().string()).get("greeting").asText())
                        .isEqualTo("220 mail.test ESMTP scripted");
            });
        }
    }
}
