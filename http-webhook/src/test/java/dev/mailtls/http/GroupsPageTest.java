package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.diagnosis.Status;
import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.GroupSummary;
import dev.mailtls.summary.RowReason;
import dev.mailtls.summary.TargetSnapshot;
import dev.mailtls.testing.GroupSummaries;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page at {@code /groups}: latest runs, the history table, empty groups, escaping and access. */
class GroupsPageTest {
    private static final Pattern RUN_COLUMN = Pattern.compile("<th scope=\"col\" class=\"run\">");

    /** Groups by name, in configuration order, each with its runs newest first. */
    private static GroupRuns groups(Map<String, List<GroupRun>> runs) {
        return new GroupRuns() {
            @Override
            public Optional<GroupSummary> runNow(String group, String requester) {
                return Optional.empty();
            }

            @Override
            public Optional<List<GroupRun>> history(String group, int limit) {
                return Optional.ofNullable(runs.get(group)).map(r -> r.subList(0, Math.min(limit, r.size())));
            }

            @Override
            public List<String> names() {
                return List.copyOf(runs.keySet());
            }
        };
    }

    /** The page without the cells' data-label attributes (the phone layout's, checked in the browser test). */
    private static String unlabelled(String html) {
        assertThat(html).doesNotContain("data-label=\"\"");
        return html.replaceAll(" data-label=\"[^\"]*\"", "");
    }

    private static GroupRuns mailEdgeAndEmpty() {
        GroupSummary s = GroupSummaries.withChanges();
        Map<String, List<GroupRun>> runs = new LinkedHashMap<>();
        runs.put("mail-edge", List.of(s.run(), s.previous()));
        runs.put("quiet", List.of());
        return groups(runs);
    }

    @Test
    void listsEachGroupWithItsLatestRun() {
        try (TestServer t = TestServer.builder().groups(mailEdgeAndEmpty()).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response r = client.get("/groups");
                assertThat(r.code()).isEqualTo(200);
                assertThat(r.headers().get("Content-Type"))
                        .anySatisfy(v -> assertThat(v).startsWith("text/html"));
                String html = unlabelled(r.body().string());
                assertThat(html.indexOf("mail-edge</h2>")).isPositive().isLessThan(html.indexOf("quiet</h2>"));
                // The latest run (T1): its time, its overall status, and each target's facts.
                assertThat(html)
                        .contains("2026-11-02 08:00 UTC", "✖ failure")
                        .contains("<th scope=\"row\">" + GroupSummaries.MX
                                + "</th><td class=\"st st-failure\">✖ failure</td><td>–</td><td class=\"days\">–</td>"
                                + "<td class=\"why\"><code>NO_GREETING</code> no greeting</td>")
                        .contains("<th scope=\"row\">" + GroupSummaries.IMAP
                                + "</th><td class=\"st st-ok\">✔ ok</td><td>TLSv1.3</td><td class=\"days\">89 d</td>")
                        .contains("✔ ok</td><td>TLSv1.3</td><td class=\"days\">199 d</td>");
            });
        }
    }

    @Test
    void theHistoryHasOneColumnPerRunOldestFirstWithDaysToExpiry() {
        try (TestServer t = TestServer.builder().groups(mailEdgeAndEmpty()).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                String html = unlabelled(client.get("/groups").body().string());
                String history = html.substring(html.indexOf("<table class=\"history\">"));
                assertThat(RUN_COLUMN.matcher(history).results().count()).isEqualTo(2);
                assertThat(history)
                        .contains("Last 2 runs")
                        .contains(
                                "11-01 08:00</time></th><th scope=\"col\" class=\"run\"><time datetime=\"2026-11-02T08:00:00Z\">11-02 08:00")
                        // MX: 50 days at T0, then failed without a certificate.
                        .contains(GroupSummaries.MX + "</th><td class=\"st st-ok\" title=\"ok\">✔ 50 d</td>"
                                + "<td class=\"st st-failure\" title=\"failure: NO_GREETING no greeting\">✖ –</td>")
                        // IMAP renewed: 10 days, then 89.
                        .contains(GroupSummaries.IMAP + "</th><td class=\"st st-ok\" title=\"ok\">✔ 10 d</td>"
                                + "<td class=\"st st-ok\" title=\"ok\">✔ 89 d</td>")
                        // Submission: 12 days, then 11 with a warning.
                        .contains(GroupSummaries.SUBMISSION + "</th><td class=\"st st-ok\" title=\"ok\">✔ 12 d</td>"
                                + "<td class=\"st st-warning\" title=\"warning: CERT_EXPIRING\">⚠ 11 d</td>");
            });
        }
    }

    @Test
    void anExpiredCertificateSaysHowLongAgoNeverANegativeCountAndFailuresComeFirst() {
        Instant at = GroupSummaries.T1;
        // Expired 2164 and a half days before the run: the card's hint says "2164 days ago".
        Instant notAfter = at.minus(Duration.ofDays(2164)).minus(Duration.ofHours(12));
        TargetSnapshot healthy = GroupSummaries.healthy(
                GroupSummaries.POP, "pop.example.com:995", at, "DD", at.plus(Duration.ofDays(60)));
        TargetSnapshot expired = new TargetSnapshot(
                GroupSummaries.IMAP,
                "imap.example.com:993",
                at,
                Status.FAILURE,
                null,
                "TLSv1.3",
                "TLS_AES_256_GCM_SHA384",
                null,
                "EE",
                notAfter,
                "CN=imap.example.com",
                Set.of("CERT_EXPIRED"),
                new RowReason("CERT_EXPIRED", "The certificate for imap.example.com <b>expired</b> on…"));
        GroupRun run = new GroupRun(7, "old", at, "schedule", List.of(healthy, expired), Map.of());
        try (TestServer t =
                TestServer.builder().groups(groups(Map.of("old", List.of(run)))).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                String html = unlabelled(client.get("/groups").body().string());
                String latest = html.substring(
                        html.indexOf("<table class=\"latest-run\">"), html.indexOf("<table class=\"history\">"));
                assertThat(latest)
                        .contains("<td class=\"days\">expired 2164 d ago</td>"
                                + "<td class=\"why\"><code>CERT_EXPIRED</code> The certificate for imap.example.com"
                                + " &lt;b&gt;expired&lt;/b&gt; on…</td>")
                        .contains("<td class=\"days\">60 d</td>");
                assertThat(latest.indexOf(GroupSummaries.IMAP)).isLessThan(latest.indexOf(GroupSummaries.POP));
                String history = html.substring(html.indexOf("<table class=\"history\">"));
                assertThat(history).contains("✖ expired 2164 d ago</td>");
                assertThat(history.indexOf(GroupSummaries.IMAP)).isLessThan(history.indexOf(GroupSummaries.POP));
                assertThat(html).doesNotContain("-216");
            });
        }
    }

    @Test
    void theHistoryShowsAtMostFourteenRuns() {
        List<GroupRun> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            var at = GroupSummaries.T0.minus(Duration.ofDays(i));
            TargetSnapshot s = GroupSummaries.healthy(
                    GroupSummaries.MX, "mx1.example.com:25", at, "AA", GroupSummaries.T0.plus(Duration.ofDays(30)));
            runs.add(new GroupRun(100 - i, "daily", at, "schedule", List.of(s), Map.of()));
        }
        try (TestServer t =
                TestServer.builder().groups(groups(Map.of("daily", runs))).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                String html = unlabelled(client.get("/groups").body().string());
                assertThat(RUN_COLUMN.matcher(html).results().count()).isEqualTo(GroupsPage.HISTORY_RUNS);
                // Oldest shown is 13 days before T0 (43 days left then); the newest is T0 (30).
                assertThat(html)
                        .contains("Last 14 runs")
                        .contains("✔ 43 d</td>")
                        .contains("✔ 30 d</td></tr>");
                assertThat(html).doesNotContain("✔ 44 d</td>");
            });
        }
    }

    @Test
    void aGroupWithoutRunsSaysHowToStartOne() {
        try (TestServer t = TestServer.builder().groups(mailEdgeAndEmpty()).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                String html = unlabelled(client.get("/groups").body().string());
                String quiet = html.substring(html.indexOf("quiet</h2>"));
                assertThat(quiet)
                        .contains("No runs yet")
                        .contains("<code>mailtls summary quiet</code>")
                        .contains("<code>POST /api/v1/groups/quiet/runs</code>")
                        .doesNotContain("<table");
            });
        }
    }

    @Test
    void noConfiguredGroupsSaysWhereToConfigureThem() {
        try (TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response r = client.get("/groups");
                assertThat(r.code()).isEqualTo(200);
                assertThat(r.body().string()).contains("No groups are configured");
            });
        }
    }

    @Test
    void hostileTargetsAndGroupNamesAreEscaped() {
        String hostile = "<script>alert(1)</script> \"'& {{groups}}";
        GroupSummary s = GroupSummaries.hostile(hostile);
        Map<String, List<GroupRun>> runs = new LinkedHashMap<>();
        runs.put("mail-edge", List.of(s.run(), s.previous()));
        runs.put("<img src=x onerror=alert(1)>", List.of());
        try (TestServer t = TestServer.builder().groups(groups(runs)).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response r = client.get("/groups");
                String html = unlabelled(r.body().string());
                assertThat(html)
                        .doesNotContain("<script", "<img")
                        .contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;&#39;&amp; {{groups}}")
                        .contains("mailtls summary &lt;img src=x onerror=alert(1)&gt;");
                assertThat(r.headers().get("Content-Security-Policy")).containsExactly(WebPage.CONTENT_SECURITY_POLICY);
                assertThat(WebPage.CONTENT_SECURITY_POLICY).startsWith("default-src 'none'; style-src 'self'");
            });
        }
    }

    @Test
    void hiddenCharactersInATargetAreShownEscapedAsOnEveryFrontEnd() {
        GroupSummary s = GroupSummaries.hostile("mx\u202Eevil\u200B.example.com\u001B[2J");
        Map<String, List<GroupRun>> runs = new LinkedHashMap<>();
        runs.put("mail-edge", List.of(s.run(), s.previous()));
        try (TestServer t = TestServer.builder().groups(groups(runs)).build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                String html = client.get("/groups").body().string();
                assertThat(html)
                        .doesNotContain("\u202E", "\u200B", "\u001B")
                        .contains("mx\\u202Eevil\\u200B.example.com\\x1B[2J");
            });
        }
    }

    @Test
    void withoutAnonymousPagesItIs401AndPointsToTheApi() {
        try (TestServer t = TestServer.builder()
                .groups(mailEdgeAndEmpty())
                .anonymousPage(false)
                .build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                Response r = client.get("/groups");
                assertThat(r.code()).isEqualTo(401);
                assertThat(r.headers().get("WWW-Authenticate")).isNotEmpty();
                assertThat(r.headers().get("Content-Security-Policy")).containsExactly(WebPage.CONTENT_SECURITY_POLICY);
                String html = unlabelled(r.body().string());
                assertThat(html)
                        .contains("API token required", "/api/v1/groups/&lt;name&gt;/history")
                        .doesNotContain(GroupSummaries.MX, "mail-edge</h2>");
            });
        }
    }

    @Test
    void theMainPageLinksToTheGroupsPage() {
        try (TestServer t = TestServer.builder().build()) {
            JavalinTest.test(t.web().javalin(), (server, client) -> {
                assertThat(client.get("/").body().string()).contains("<a href=\"/groups\">");
            });
        }
    }
}
