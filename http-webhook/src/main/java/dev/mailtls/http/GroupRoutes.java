package dev.mailtls.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailtls.card.JsonRenderer;
import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.GroupSummary;
import dev.mailtls.summary.RowReason;
import dev.mailtls.summary.SummaryJsonRenderer;
import dev.mailtls.summary.SummaryMarkdownRenderer;
import dev.mailtls.summary.SummaryTextRenderer;
import dev.mailtls.summary.TargetSnapshot;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * {@code POST /api/v1/groups/{name}/runs} (run a group now, answer with its summary) and {@code
 * GET /api/v1/groups/{name}/history} (its newest runs: status over time, days to expiry over time).
 */
final class GroupRoutes {
    static final String RUNS = "/api/v1/groups/{name}/runs";
    static final String HISTORY = "/api/v1/groups/{name}/history";
    static final int MAX_HISTORY = 500;

    private final GroupRuns groups;
    private final ObjectMapper mapper;
    private final Clock clock;

    GroupRoutes(GroupRuns groups, ObjectMapper mapper, Clock clock) {
        this.groups = groups;
        this.mapper = mapper;
        this.clock = clock;
    }

    void run(Context ctx, String requester) throws Exception {
        ResponseFormat format = ApiRoutes.format(ctx);
        String name = ctx.pathParam("name");
        GroupSummary summary = groups.runNow(name, requester).orElseThrow(() -> unknown(name));
        Instant now = clock.instant();
        String body = switch (format) {
            case JSON -> new SummaryJsonRenderer(false).render(summary, now);
            case TEXT -> new SummaryTextRenderer().render(summary, now);
            case MARKDOWN -> new SummaryMarkdownRenderer().render(summary, now);
        };
        ctx.status(200).contentType(format.contentType()).result(body);
    }

    void history(Context ctx, String requester) throws Exception {
        String name = ctx.pathParam("name");
        int limit = 30;
        String l = ctx.queryParam("limit");
        if (ctx.queryParams("limit").size() > 1) {
            throw new ProblemException(
                    Problem.of("usage", "Invalid limit", 422, "limit is given more than once; give it once"));
        }
        if (l != null) {
            // Decimal digits only, as openapi.json's integer: no sign, no spaces.
            limit = l.matches("[0-9]{1,4}") ? Integer.parseInt(l) : -1;
            if (limit < 1 || limit > MAX_HISTORY) {
                throw new ProblemException(Problem.of("usage", "Invalid limit", 422, "limit must be 1-" + MAX_HISTORY));
            }
        }
        List<GroupRun> runs = groups.history(name, limit).orElseThrow(() -> unknown(name));
        Instant now = clock.instant();
        ObjectNode o = mapper.createObjectNode();
        o.put("schemaVersion", 1);
        o.put("group", name);
        ArrayNode items = o.putArray("runs");
        for (GroupRun r : runs) {
            ObjectNode item = items.addObject();
            item.put("id", r.id());
            item.put("startedAt", r.startedAt().toString());
            item.put("trigger", r.trigger());
            item.put("status", r.status().id());
            ArrayNode targets = item.putArray("targets");
            for (TargetSnapshot s : r.snapshots()) {
                ObjectNode t = targets.addObject();
                t.put("target", s.target());
                t.put("status", s.status().id());
                t.put("failureCode", s.failureCode());
                t.put("tlsVersion", s.tlsVersion());
                Long days = s.certDaysLeft(r.startedAt());
                if (days == null) {
                    t.putNull("certDaysLeft");
                } else {
                    t.put("certDaysLeft", days);
                }
                t.put("certSha256", s.certSha256());
                RowReason why = RowReason.of(s);
                if (why == null) {
                    t.putNull("worst");
                } else {
                    t.putObject("worst").put("code", why.code()).put("words", why.words());
                }
            }
        }
        o.put("generatedAt", now.toString());
        // Targets and reasons may hold server text: hidden characters are escaped as in a card's JSON.
        ctx.status(200).contentType("application/json").result(new JsonRenderer(false).write(o));
    }

    private static ProblemException unknown(String name) {
        return new ProblemException(Problem.of(
                "unknown-group",
                "No such group",
                404,
                "no group named '" + ProbeAsk.printable(name)
                        + "': configure it under groups: in MAILTLS_CONFIG, or use provider-<name>"));
    }
}
