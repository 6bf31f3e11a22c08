package dev.mailtls.http;

import dev.mailtls.card.CardSymbols;
import dev.mailtls.diagnosis.Status;
import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.RowReason;
import dev.mailtls.summary.SummaryRow;
import dev.mailtls.summary.TargetSnapshot;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The page at {@code /groups}: for each configured group its latest run (one row per target,
 * failures first: status, TLS version, days to certificate expiry, the worst hint's code and words)
 * and a table of its last {@link #HISTORY_RUNS} runs, one row per target (in the latest run's
 * order) and one column per run, so status and days to expiry over time read across without
 * JavaScript. Shown only when the page is anonymous: there is no token field to
 * read here, so a token-only server answers 401 and points to the API.
 */
final class GroupsPage {
    static final String PATH = "/groups";
    static final int HISTORY_RUNS = 14;

    private static final String TITLE = "mailtls: groups";
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter COLUMN =
            DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final HttpSettings settings;
    private final GroupRuns groups;
    private final PageTemplate page = PageTemplate.load("groups.html");
    private final PageTemplate groupSection = PageTemplate.load("group.html");
    private final PageTemplate problemSection = PageTemplate.load("problem.html");

    GroupsPage(HttpSettings settings, GroupRuns groups) {
        this.settings = settings;
        this.groups = groups;
    }

    void register(RouteTable routes) {
        routes.get(PATH, this::show);
    }

    private void show(Context ctx) {
        if (!settings.anonymousPage()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"mailtls\"");
            send(
                    ctx,
                    401,
                    "API token required · mailtls",
                    problemSection.fill(Map.of(
                            "title", Html.text("API token required"),
                            "status", Html.text("401"),
                            "detail",
                                    Html.text("This server's pages are not anonymous (MAILTLS_PAGE_PROBES=false)."
                                            + " Read a group's runs through the API with a token from"
                                            + " MAILTLS_API_TOKENS: GET /api/v1/groups/<name>/history with"
                                            + " 'Authorization: Bearer <token>'."),
                            "more", Html.EMPTY)));
            return;
        }
        List<String> names = groups.names();
        Html body = Html.EMPTY;
        if (names.isEmpty()) {
            body = new Html("  <p class=\"empty\">No groups are configured. Add them under <code>groups:</code>"
                    + " in the configuration file (MAILTLS_CONFIG).</p>\n");
        }
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            List<GroupRun> runs = groups.history(name, HISTORY_RUNS).orElse(List.of());
            body = body.append(group(i + 1, name, runs));
        }
        send(ctx, 200, TITLE, body);
    }

    private Html group(int index, String name, List<GroupRun> runs) {
        Html content;
        String statusClass;
        if (runs.isEmpty()) {
            statusClass = "none";
            content = new Html("    <p class=\"empty\">No runs yet. Start one with <code>mailtls summary "
                    + Html.escape(name) + "</code> or <code>POST /api/v1/groups/" + Html.escape(name)
                    + "/runs</code>.</p>\n");
        } else {
            // The store answers newest first.
            GroupRun latest = runs.get(0);
            statusClass = latest.status().id();
            content = latest(latest).append(history(runs.reversed()));
        }
        return groupSection.fill(Map.of(
                "index", Html.text(Integer.toString(index)),
                "statusClass", Html.text(statusClass),
                "name", Html.text(name),
                "body", content));
    }

    private static Html latest(GroupRun run) {
        StringBuilder out = new StringBuilder();
        out.append("    <p class=\"latest\">Latest run: <time datetime=\"")
                .append(Html.escape(run.startedAt().toString()))
                .append("\">")
                .append(Html.escape(WHEN.format(run.startedAt())))
                .append("</time> (")
                .append(Html.serverText(run.trigger()))
                .append("), ")
                .append(mark(run.status()))
                .append(' ')
                .append(Html.escape(run.status().id()))
                .append(".</p>\n");
        out.append("    <div class=\"scroll\"><table class=\"latest-run\">\n")
                .append("      <thead><tr><th scope=\"col\">Target</th><th scope=\"col\">Status</th>")
                .append("<th scope=\"col\">TLS</th><th scope=\"col\">Days to expiry</th>")
                .append("<th scope=\"col\">Why</th></tr></thead>\n")
                .append("      <tbody>\n");
        for (TargetSnapshot s : SummaryRow.failuresFirstSnapshots(run.snapshots())) {
            out.append("        <tr><th scope=\"row\">")
                    .append(Html.serverText(s.target()))
                    // data-label: on a phone each row stacks, and each value shows its column's name.
                    .append("</th><td class=\"st st-")
                    .append(s.status().id())
                    .append("\" data-label=\"Status\">")
                    .append(mark(s.status()))
                    .append(' ')
                    .append(Html.escape(s.status().id()))
                    .append("</td><td data-label=\"TLS\">")
                    .append(Html.escape(s.tlsVersion() == null ? "–" : s.tlsVersion()))
                    .append("</td><td class=\"days\" data-label=\"Certificate\">")
                    .append(Html.escape(days(s, run.startedAt())))
                    .append("</td><td class=\"why\" data-label=\"Why\">")
                    .append(why(RowReason.of(s)))
                    .append("</td></tr>\n");
        }
        out.append("      </tbody>\n    </table></div>\n");
        return new Html(out.toString());
    }

    /** One row per target (as configured), one column per run, oldest on the left. */
    private static Html history(List<GroupRun> oldestFirst) {
        Set<String> targets = new LinkedHashSet<>();
        SummaryRow.failuresFirstSnapshots(oldestFirst.getLast().snapshots()).forEach(s -> targets.add(s.target()));
        oldestFirst.forEach(r -> r.snapshots().forEach(s -> targets.add(s.target())));
        List<Map<String, TargetSnapshot>> byRun = new ArrayList<>();
        for (GroupRun r : oldestFirst) {
            Map<String, TargetSnapshot> m = new HashMap<>();
            r.snapshots().forEach(s -> m.put(s.target(), s));
            byRun.add(m);
        }
        StringBuilder out = new StringBuilder();
        out.append("    <div class=\"scroll\"><table class=\"history\">\n")
                .append("      <caption>Last ")
                .append(oldestFirst.size())
                .append(oldestFirst.size() == 1 ? " run" : " runs")
                .append(", oldest first: status and days to certificate expiry</caption>\n")
                .append("      <thead><tr><th scope=\"col\">Target</th>");
        for (GroupRun r : oldestFirst) {
            out.append("<th scope=\"col\" class=\"run\"><time datetime=\"")
                    .append(Html.escape(r.startedAt().toString()))
                    .append("\">")
                    .append(Html.escape(COLUMN.format(r.startedAt())))
                    .append("</time></th>");
        }
        out.append("</tr></thead>\n      <tbody>\n");
        for (String target : targets) {
            out.append("        <tr><th scope=\"row\">")
                    .append(Html.serverText(target))
                    .append("</th>");
            for (int i = 0; i < oldestFirst.size(); i++) {
                TargetSnapshot s = byRun.get(i).get(target);
                if (s == null) {
                    out.append("<td class=\"st st-none\" data-label=\"")
                            .append(Html.escape(COLUMN.format(oldestFirst.get(i).startedAt())))
                            .append("\">–</td>");
                } else {
                    RowReason why = RowReason.of(s);
                    out.append("<td class=\"st st-")
                            .append(s.status().id())
                            .append("\" data-label=\"")
                            .append(Html.escape(COLUMN.format(oldestFirst.get(i).startedAt())))
                            .append("\" title=\"")
                            .append(Html.serverText(s.status().id() + (why == null ? "" : ": " + why.text())))
                            .append("\">")
                            .append(mark(s.status()))
                            .append(' ')
                            .append(Html.escape(days(s, oldestFirst.get(i).startedAt())))
                            .append("</td>");
                }
            }
            out.append("</tr>\n");
        }
        out.append("      </tbody>\n    </table></div>\n");
        return new Html(out.toString());
    }

    private void send(Context ctx, int status, String title, Html body) {
        Html html = page.fill(Map.of("title", Html.text(title), "groups", body));
        ctx.header("Content-Security-Policy", WebPage.CONTENT_SECURITY_POLICY);
        ctx.status(status).contentType("text/html; charset=utf-8").result(html.markup());
    }

    /** "89 d", "expired 2164 d ago" (never a negative count), or "–" without a certificate. */
    private static String days(TargetSnapshot s, Instant at) {
        return s.certNotAfter() == null ? "–" : SummaryRow.daysLeft(s.certNotAfter(), at);
    }

    /** {@code <code>DNS_NOT_FOUND</code> smtp.example.com does not exist in DNS}, escaped; "–" without one. */
    private static String why(@Nullable RowReason reason) {
        if (reason == null) {
            return "–";
        }
        String code = "<code>" + Html.escape(reason.code()) + "</code>";
        return reason.words().isEmpty() ? code : code + " " + Html.serverText(reason.words());
    }

    /** ✔ ⚠ ✖: a status as the severity symbol it matches, short enough for a table cell. */
    private static String mark(Status s) {
        return CardSymbols.severitySymbol(CardSymbols.severityOf(s));
    }
}
