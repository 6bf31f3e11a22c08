package dev.mailtls.slack;

import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.ContextBlockElement;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import dev.mailtls.summary.Change;
import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.GroupSummary;
import dev.mailtls.summary.RowReason;
import dev.mailtls.summary.SummaryRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A group summary as Block Kit blocks: a header with the worst status and the group, the run time
 * and counts, the changes (most urgent first), one line per target, failures first (status,
 * target, TLS version, days until the certificate expires, the worst hint's code and words, what
 * changed), and a context line. A group larger than {@value #DETAILED_TARGETS} targets gets a
 * compact table instead, most urgent rows first; whatever
 * does not fit ends with "… (N more targets)" and where the full list is ({@code GET
 * /api/v1/groups/<name>/history}). Targets and certificate subjects are server- or user-chosen
 * text and only ever appear escaped in code ({@link SlackText}); every block stays within {@link
 * Limits}.
 */
public final class SlackSummaryRenderer {
    /** Groups up to this size get one line per target; larger ones a compact table. */
    static final int DETAILED_TARGETS = 40;
    /** Sections for the target lines or table (about 150 table rows): a message people still read. */
    static final int MAX_TARGET_SECTIONS = 4;
    /** Sections for the changes. */
    static final int MAX_CHANGE_SECTIONS = 3;

    /** One line per target for groups up to {@value #DETAILED_TARGETS}, a compact table beyond. */
    public List<LayoutBlock> render(GroupSummary summary, Instant now) {
        List<SummaryRow> rows = SummaryRow.of(summary, now);
        List<LayoutBlock> out = head(summary);
        out.addAll(changes(summary));
        if (rows.size() <= DETAILED_TARGETS) {
            addTargets(
                    out, summary, rows.stream().map(SlackSummaryRenderer::line).toList(), false);
        } else {
            addTargets(out, summary, table(SummaryRow.mostUrgentFirst(rows), false), true);
        }
        out.add(context(summary));
        return List.copyOf(out);
    }

    /** The targets as a table (status, host, port, protocol, transport, TLS, days left, why), for scans and presets. */
    public List<LayoutBlock> renderMatrix(GroupSummary summary, Instant now) {
        List<LayoutBlock> out = head(summary);
        out.addAll(changes(summary));
        addTargets(out, summary, table(SummaryRow.of(summary, now), true), true);
        out.add(context(summary));
        return List.copyOf(out);
    }

    /** One line for notifications and clients that show no blocks. */
    public String fallbackText(GroupSummary summary) {
        GroupRun run = summary.run();
        return Limits.cut(
                SlackText.prose(run.group() + ": " + run.status().id() + " · " + SummaryRow.counts(run)),
                Limits.MAX_FALLBACK_TEXT);
    }

    private static List<LayoutBlock> head(GroupSummary summary) {
        GroupRun run = summary.run();
        List<LayoutBlock> out = new ArrayList<>();
        out.add(HeaderBlock.builder()
                .text(SlackCardRenderer.plain(Limits.cut(
                        SlackText.plain(SlackCardRenderer.emoji(run.status()) + " " + run.group() + " — "
                                + run.status().id()),
                        Limits.MAX_HEADER_TEXT)))
                .build());
        out.add(section("*Run* " + SummaryRow.minute(run.startedAt()) + " · "
                + SlackText.prose(SummaryRow.counts(run) + " · " + SummaryRow.since(summary))));
        return out;
    }

    private static List<LayoutBlock> changes(GroupSummary summary) {
        List<String> lines = new ArrayList<>();
        for (Change c : summary.changes()) {
            String subject = SummaryRow.certSubjectOf(c, summary.run());
            lines.add(symbol(c.kind()) + " `" + c.kind().name() + "` " + code(c.target()) + " "
                    + SlackText.prose(c.detail())
                    + (subject == null ? "" : " · subject " + code(subject)));
        }
        Packed p = pack("*Changes*", lines, MAX_CHANGE_SECTIONS, false);
        List<LayoutBlock> out = new ArrayList<>(p.blocks());
        if (p.placed() < lines.size()) {
            out.add(section("… (" + (lines.size() - p.placed()) + " more changes) — full list: "
                    + code("GET " + historyPath(summary))));
        }
        return out;
    }

    private static void addTargets(List<LayoutBlock> out, GroupSummary summary, List<String> lines, boolean asTable) {
        int rows =
                asTable ? lines.size() - (lines.isEmpty() || !lines.get(0).startsWith("host") ? 0 : 1) : lines.size();
        // Room: the overflow marker and the context line come after the targets.
        int room = Math.min(MAX_TARGET_SECTIONS, Limits.MAX_BLOCKS - out.size() - 2);
        Packed p = pack("*Targets*", lines, room, asTable);
        out.addAll(p.blocks());
        int left = lines.size() - p.placed();
        if (left > 0) {
            out.add(section("… (" + left + " more targets) — full list: " + code("GET " + historyPath(summary))));
        }
    }

    /**
     * ":x: `mx1.example.com 25 starttls` · no TLS · no certificate · `NO_GREETING` The port accepted
     * the connection but… · now failing (NO_GREETING)".
     */
    static String line(SummaryRow r) {
        StringBuilder b = new StringBuilder()
                .append(SlackCardRenderer.emoji(r.status()))
                .append(' ')
                .append(code(r.target()))
                .append(" · ")
                .append(
                        r.snapshot().tlsVersion() == null
                                ? r.tlsText()
                                : code(r.snapshot().tlsVersion()))
                .append(" · ")
                .append(SlackText.prose(r.certText()));
        RowReason why = r.reason();
        if (why != null) {
            b.append(" · ").append(code(why.code()));
            if (!why.words().isEmpty()) {
                b.append(' ').append(SlackText.prose(why.words()));
            }
        }
        if (!r.changes().isEmpty()) {
            b.append(" · ").append(SlackText.prose(r.changesText()));
        }
        return Limits.cut(b.toString(), 1000);
    }

    /** Fixed-width rows for a code block: status, host, port, protocol, transport, TLS, days left, why. */
    static List<String> table(List<SummaryRow> rows, boolean withHeader) {
        return SummaryRow.alignedTable(rows, withHeader, Limits::cut).stream()
                .map(line -> SlackText.escape(line).replace('`', SlackText.BACKTICK_LOOKALIKE))
                .toList();
    }

    private record Packed(List<LayoutBlock> blocks, int placed) {}

    /**
     * Lines into as few sections as fit, at most {@code maxBlocks}; the first starts with {@code
     * heading}. In a code block when {@code asCode} (the lines must then already be escaped).
     */
    private static Packed pack(String heading, List<String> lines, int maxBlocks, boolean asCode) {
        if (lines.isEmpty() || maxBlocks <= 0) {
            return new Packed(List.of(), 0);
        }
        String open = asCode ? "```\n" : "";
        String close = asCode ? "\n```" : "";
        List<LayoutBlock> blocks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int placed = 0;
        // Keep room in each section for the heading (first only) and a code fence.
        int budget = Limits.MAX_SECTION_TEXT - open.length() - close.length() - heading.length() - 1;
        for (String raw : lines) {
            String line = Limits.cut(raw, budget);
            int need = (current.isEmpty() ? 0 : 1) + line.length();
            if (current.length() + need > budget) {
                blocks.add(section((blocks.isEmpty() ? heading + "\n" : "") + open + current + close));
                current.setLength(0);
                if (blocks.size() == maxBlocks) {
                    return new Packed(blocks, placed);
                }
            }
            if (!current.isEmpty()) {
                current.append('\n');
            }
            current.append(line);
            placed++;
        }
        blocks.add(section((blocks.isEmpty() ? heading + "\n" : "") + open + current + close));
        return new Packed(blocks, placed);
    }

    private static LayoutBlock context(GroupSummary summary) {
        GroupRun run = summary.run();
        List<ContextBlockElement> elements = new ArrayList<>();
        elements.add(SlackCardRenderer.mrkdwn(Limits.cut(
                "mailtls · " + SlackText.prose(run.trigger()) + (run.id() > 0 ? " · run " + run.id() : ""),
                Limits.MAX_SECTION_TEXT)));
        return ContextBlock.builder().elements(elements).build();
    }

    static String historyPath(GroupSummary summary) {
        return "/api/v1/groups/" + summary.run().group() + "/history";
    }

    static String symbol(Change.Kind kind) {
        return SlackCardRenderer.symbol(SummaryRow.severity(kind));
    }

    private static String code(String untrusted) {
        return SlackCardRenderer.inlineCode(untrusted, 600);
    }

    private static SectionBlock section(String mrkdwn) {
        return SectionBlock.builder()
                .text(SlackCardRenderer.mrkdwn(Limits.cut(mrkdwn, Limits.MAX_SECTION_TEXT)))
                .build();
    }
}
