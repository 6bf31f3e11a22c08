package dev.mailtls.summary;

import dev.mailtls.card.CardSymbols;
import dev.mailtls.card.MarkdownRenderer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A group summary as Markdown (CommonMark/GFM), as {@link MarkdownRenderer} writes a card: targets
 * and certificate subjects as code spans with mentions and angle brackets neutralised, our own
 * words backslash-escaped with links broken. A header with the group, run time, worst status and
 * counts; one list item per target, failures first, with its worst hint's code and words; the
 * changes, most urgent first. {@link #matrix} gives scans and presets a GFM table.
 */
public final class SummaryMarkdownRenderer {

    public String render(GroupSummary summary, Instant now) {
        List<String> out = header(summary);
        out.add("");
        for (SummaryRow r : SummaryRow.of(summary, now)) {
            StringBuilder line = new StringBuilder("- ")
                    .append(CardSymbols.statusIcon(r.status()))
                    .append(' ')
                    .append(MarkdownRenderer.codeSpan(r.target()))
                    .append(" · ")
                    .append(MarkdownRenderer.ours(r.tlsText()))
                    .append(" · ")
                    .append(MarkdownRenderer.ours(r.certText()))
                    .append(why(r));
            if (!r.changes().isEmpty()) {
                line.append(" · ").append(MarkdownRenderer.ours(r.changesText()).replace("\n", " "));
            }
            out.add(line.toString());
        }
        changes(out, summary);
        return String.join("\n", out) + "\n";
    }

    /** The targets as a GFM table, failures first: host, port, protocol, transport, status, TLS, days left, why. */
    public String matrix(GroupSummary summary, Instant now) {
        List<String> out = header(summary);
        out.add("");
        out.add("| host | port | protocol | transport | status | TLS | days left | why |");
        out.add("| --- | ---: | --- | --- | --- | --- | ---: | --- |");
        for (SummaryRow r : SummaryRow.of(summary, now)) {
            out.add("| " + cell(MarkdownRenderer.codeSpan(r.host()))
                    + " | " + (r.port() == null ? "—" : r.port())
                    + " | " + (r.protocol() == null ? "—" : r.protocol().displayName())
                    + " | " + (r.transport() == null ? "auto" : r.transport().id())
                    + " | " + CardSymbols.statusIcon(r.status()) + " "
                    + r.status().id()
                    + " | "
                    + cell(MarkdownRenderer.ours(
                            r.snapshot().tlsVersion() == null
                                    ? "—"
                                    : r.snapshot().tlsVersion()))
                    + " | " + MarkdownRenderer.ours(r.daysLeftText())
                    + " | " + (r.reason() == null ? "—" : cell(why(r.reason()))) + " |");
        }
        changes(out, summary);
        return String.join("\n", out) + "\n";
    }

    private static List<String> header(GroupSummary summary) {
        GroupRun run = summary.run();
        List<String> out = new ArrayList<>();
        out.add(CardSymbols.statusIcon(run.status()) + " **" + MarkdownRenderer.ours(run.group()) + "** — "
                + run.status().id() + " — " + MarkdownRenderer.ours(SummaryRow.minute(run.startedAt())));
        out.add(MarkdownRenderer.ours(SummaryRow.counts(run) + " · " + SummaryRow.since(summary)));
        return out;
    }

    private static void changes(List<String> out, GroupSummary summary) {
        if (summary.changes().isEmpty()) {
            return;
        }
        out.add("");
        out.add("**Changes**");
        for (Change c : summary.changes()) {
            String subject = SummaryRow.certSubjectOf(c, summary.run());
            out.add("- " + SummaryRow.symbol(c.kind()) + " `" + c.kind().name() + "` "
                    + MarkdownRenderer.codeSpan(c.target()) + " "
                    + MarkdownRenderer.ours(c.detail()).replace("\n", " ")
                    + (subject == null ? "" : " · subject " + MarkdownRenderer.codeSpan(subject)));
        }
    }

    /** " · `DNS_NOT_FOUND` smtp.example.com does not exist in DNS", or nothing without a reason. */
    private static String why(SummaryRow r) {
        return r.reason() == null ? "" : " · " + why(r.reason());
    }

    private static String why(RowReason reason) {
        String code = MarkdownRenderer.codeSpan(reason.code());
        return reason.words().isEmpty()
                ? code
                : code + " " + MarkdownRenderer.ours(reason.words()).replace("\n", " ");
    }

    /** A pipe ends a GFM table cell even inside a code span unless it is escaped. */
    private static String cell(String s) {
        return s.replace("|", "\\|");
    }
}
