package dev.mailtls.summary;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailtls.card.JsonRenderer;
import dev.mailtls.diagnosis.Status;
import java.time.Instant;

/**
 * A group summary as JSON, schema version {@value JsonRenderer#SCHEMA_VERSION} (docs/json-schema.md,
 * "Group summaries"): what the outgoing webhook receives and the API returns. Same rules as a
 * single probe's JSON: camelCase, absent facts null (never omitted), instants ISO-8601 UTC, server
 * text exact but never as raw terminal or bidi controls.
 */
public final class SummaryJsonRenderer {
    /** Writes the tree as a card's JSON is written: hidden characters as escapes, never raw. */
    private final JsonRenderer json;

    /** @param pretty indent the output for people; compact otherwise */
    public SummaryJsonRenderer(boolean pretty) {
        this.json = new JsonRenderer(pretty);
    }

    /** Pretty-printed. */
    public SummaryJsonRenderer() {
        this(true);
    }

    /** @param now the instant days until certificate expiry are counted from ({@code generatedAt}) */
    public String render(GroupSummary summary, Instant now) {
        return json.write(tree(summary, now));
    }

    /** The JSON tree, for front ends that embed it in their own responses. */
    public ObjectNode tree(GroupSummary summary, Instant now) {
        GroupRun run = summary.run();
        ObjectNode o = json.object();
        o.put("schemaVersion", JsonRenderer.SCHEMA_VERSION);
        o.put("kind", "groupSummary");
        o.put("group", run.group());
        if (run.id() == 0) {
            o.putNull("runId");
        } else {
            o.put("runId", run.id());
        }
        o.put("trigger", run.trigger());
        o.put("startedAt", JsonRenderer.instant(run.startedAt()));
        GroupRun previous = summary.previous();
        o.put("previousStartedAt", previous == null ? null : JsonRenderer.instant(previous.startedAt()));
        o.put("generatedAt", JsonRenderer.instant(now));
        o.put("status", run.status().id());
        ObjectNode counts = o.putObject("counts");
        counts.put("total", run.snapshots().size());
        for (Status s : Status.values()) {
            counts.put(s.id(), SummaryRow.count(run, s));
        }
        counts.put(
                "changed",
                SummaryRow.inGroupOrder(summary, now).stream()
                        .filter(r -> !r.changes().isEmpty())
                        .count());
        ArrayNode targets = o.putArray("targets");
        for (SummaryRow r : SummaryRow.inGroupOrder(summary, now)) {
            targets.add(target(r));
        }
        ArrayNode changes = o.putArray("changes");
        summary.changes().forEach(c -> changes.add(change(c, true)));
        return o;
    }

    private ObjectNode target(SummaryRow r) {
        TargetSnapshot s = r.snapshot();
        ObjectNode o = json.object();
        o.put("target", s.target());
        o.put("hostPort", s.hostPort());
        o.put("port", r.port());
        o.put("protocol", r.protocol() == null ? null : r.protocol().id());
        o.put("transport", r.transport() == null ? null : r.transport().id());
        o.put("probedAt", JsonRenderer.instant(s.probedAt()));
        o.put("status", s.status().id());
        o.put("failureCode", s.failureCode());
        o.put("tlsVersion", s.tlsVersion());
        o.put("cipherSuite", s.cipherSuite());
        o.put("starttlsOffered", s.starttlsOffered());
        o.put("certSubject", s.certSubject());
        o.put("certNotAfter", JsonRenderer.instant(s.certNotAfter()));
        o.put("certDaysLeft", r.certDaysLeft());
        o.put("certSha256", s.certSha256());
        ArrayNode hints = o.putArray("hintCodes");
        s.hintCodes().stream().sorted().forEach(hints::add);
        RowReason reason = r.reason();
        if (reason == null) {
            o.putNull("worst");
        } else {
            o.putObject("worst").put("code", reason.code()).put("words", reason.words());
        }
        ArrayNode changes = o.putArray("changes");
        r.changes().forEach(c -> changes.add(change(c, false)));
        return o;
    }

    private ObjectNode change(Change c, boolean withTarget) {
        ObjectNode o = json.object();
        if (withTarget) {
            o.put("target", c.target());
        }
        o.put("code", c.kind().name());
        o.put("detail", c.detail());
        return o;
    }
}
