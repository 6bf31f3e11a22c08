package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.GroupSummary;
import dev.mailtls.testing.GroupSummaries;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/groups/{name}/runs} and {@code GET /api/v1/groups/{name}/history}. */
class GroupEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiDocument SPEC = OpenApiDocument.packaged();
    private final List<String> ran = new CopyOnWriteArrayList<>();

    private final GroupRuns groups = new GroupRuns() {
        @Override
        public Optional<GroupSummary> runNow(String group, String requester) {
            ran.add(group + " by " + requester);
            return group.equals("mail-edge") ? Optional.of(GroupSummaries.withChanges()) : Optional.empty();
        }

        @Override
        public Optional<List<GroupRun>> history(String group, int limit) {
            if (!group.equals("mail-edge")) {
                return Optional.empty();
            }
            GroupSummary s = GroupSummaries.withChanges();
            return Optional.of(List.of(s.run(), s.previous()).subList(0, Math.min(limit, 2)));
        }

        @Override
        public List<String> names() {
            return List.of("mail-edge");
        }
    };

    @Test
    void runningAGroupAnswersWithItsSummary() {
        try (TestServer t = TestServer.builder().groups(groups).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response r = client.post(
                        "/api/v1/groups/mail-edge/runs", "", req -> req.header("Authorization", TestServer.BEARER));
                assertThat(r.code()).isEqualTo(200);
                JsonNode body = JSON.readTree(r.body().string());
                assertThat(body.get("group").asText())
                        .isEqualTo(GroupSummaries.withChanges().run().group());
                assertThat(body.get("changes").size()).isPositive();
                assertThat(SPEC.errors("/components/schemas/GroupSummary", body))
                        .isEmpty();
                assertThat(ran).singleElement().asString().startsWith("mail-edge by token:");

                Response text = client.post(
                        "/api/v1/groups/mail-edge/runs?format=text",
                        "",
                        req -> req.header("Authorization", TestServer.BEARER));
                assertThat(text.headers().get("Content-Type"))
                        .anySatisfy(h -> assertThat(h).startsWith("text/plain"));
            });
        }
    }

    @Test
    void historyListsRunsNewestFirstWithDaysToExpiry() {
        try (TestServer t = TestServer.builder().groups(groups).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response r = client.get(
                        "/api/v1/groups/mail-edge/history?limit=2",
                        req -> req.header("Authorization", TestServer.BEARER));
                assertThat(r.code()).isEqualTo(200);
                JsonNode body = JSON.readTree(r.body().string());
                assertThat(body.get("runs")).hasSize(2);
                JsonNode first = body.get("runs").get(0);
                assertThat(first.get("status").asText()).isIn("ok", "warning", "failure");
                assertThat(first.get("targets").get(0).has("certDaysLeft")).isTrue();
                // Every target says why it has its status (the stored snapshot's failure code here).
                assertThat(first.get("targets").get(0).get("worst").toString())
                        .isEqualTo("{\"code\":\"NO_GREETING\",\"words\":\"no greeting\"}");
                assertThat(SPEC.errors("/components/schemas/GroupHistory", body))
                        .isEmpty();
                for (String limit : new String[] {"+2", "%202", "2.0"}) {
                    // Issue 11, item 14: digits only, as the spec's integer says.
                    assertThat(client.get(
                                            "/api/v1/groups/mail-edge/history?limit=" + limit,
                                            req -> req.header("Authorization", TestServer.BEARER))
                                    .code())
                            .as(limit)
                            .isEqualTo(422);
                }
                assertThat(client.get(
                                        "/api/v1/groups/mail-edge/history?limit=0",
                                        req -> req.header("Authorization", TestServer.BEARER))
                                .code())
                        .isEqualTo(422);
            });
        }
    }

    @Test
    void unknownGroupsAre404AndTheTokenIsRequired() {
        try (TestServer t = TestServer.builder().groups(groups).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response unknown = client.post(
                        "/api/v1/groups/nope/runs", "", req -> req.header("Authorization", TestServer.BEARER));
                assertThat(unknown.code()).isEqualTo(404);
                assertThat(unknown.body().string()).contains("urn:mailtls:problem:unknown-group");
                assertThat(client.get(
                                        "/api/v1/groups/nope/history",
                                        req -> req.header("Authorization", TestServer.BEARER))
                                .code())
                        .isEqualTo(404);
                assertThat(client.post("/api/v1/groups/mail-edge/runs", "").code())
                        .isEqualTo(401);
                assertThat(client.get("/api/v1/groups/mail-edge/history").code())
                        .isEqualTo(401);
                assertThat(ran).allSatisfy(x -> assertThat(x).startsWith("nope "));
            });
        }
    }
}
