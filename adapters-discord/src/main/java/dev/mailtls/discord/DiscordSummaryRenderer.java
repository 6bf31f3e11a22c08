package dev.mailtls.discord;

import dev.mailtls.card.CardSymbols;
import dev.mailtls.summary.Change;
import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.GroupSummary;
import dev.mailtls.summary.RowReason;
import dev.mailtls.summary.SummaryRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.entities.MessageEmbed;

/**
 * A group summary as a Discord embed: colour and title by the worst status, the run time, counts and
 * changes (most urgent first) in the description, the targets in fields, failures first (one line
 * each: status, target, TLS version, days until the certificate expires, the worst hint's code and
 * words, what changed), and the trigger in the footer. A group larger than {@value
 * #DETAILED_TARGETS} targets gets a compact table, most urgent rows first. Discord's limits hold
 * (25 fields, 1,024 per value, 6,000 per embed); what does not fit ends in a "… (N more targets)"
 * field naming {@code GET /api/v1/groups/<name>/history}. Targets and certificate subjects are
 * quoted as code and made inert ({@link DiscordText}); the notifier also turns mentions off.
 */
public final class DiscordSummaryRenderer {
    static final int DETAILED_TARGETS = 40;
    /** Characters of the description given to the changes. */
    static final int CHANGES_BUDGET = 2000;
    /** Room kept for the "… (N more targets)" field. */
    static final int OVERFLOW_RESERVE = 200;

    /** One line per target for groups up to {@value #DETAILED_TARGETS}, a compact table beyond. */
    public MessageEmbed render(GroupSummary summary, Instant now) {
        List<SummaryRow> rows = SummaryRow.of(summary, now);
        return rows.size() <= DETAILED_TARGETS
                ? embed(summary, rows.stream().map(DiscordSummaryRenderer::line).toList(), false)
                : embed(summary, table(SummaryRow.mostUrgentFirst(rows), false), true);
    }

    /** The targets as a table (status, host, port, protocol, transport, TLS, days left, why), for scans and presets. */
    public MessageEmbed renderMatrix(GroupSummary summary, Instant now) {
        return embed(summary, table(SummaryRow.of(summary, now), true), true);
    }

    private static MessageEmbed embed(GroupSummary summary, List<String> lines, boolean asCode) {
        GroupRun run = summary.run();
        String title = DiscordText.fit(
                CardSymbols.statusIcon(run.status()) + " " + run.group() + " — "
                        + run.status().id(),
                MessageEmbed.TITLE_MAX_LENGTH,
                DiscordText::prose);
        String description = description(summary);
        String footer = DiscordText.fit(
                "mailtls · " + run.trigger() + (run.id() > 0 ? " · run " + run.id() : ""),
                MessageEmbed.TEXT_MAX_LENGTH,
                DiscordText::plain);
        int budget = MessageEmbed.EMBED_MAX_LENGTH_BOT
                - title.length()
                - description.length()
                - footer.length()
                - OVERFLOW_RESERVE;

        EmbedBuilder b = new EmbedBuilder()
                .setColor(DiscordEmbedRenderer.colour(run.status()))
                .setTitle(title)
                .setDescription(description)
                .setFooter(footer);
        String open = asCode ? "```\n" : "";
        String close = asCode ? "\n```" : "";
        int maxValue = MessageEmbed.VALUE_MAX_LENGTH - open.length() - close.length();
        StringBuilder current = new StringBuilder();
        int placed = 0;
        int fields = 0;
        for (String raw : lines) {
            String line = DiscordText.clipHard(raw, maxValue);
            String name = fields == 0 ? "Targets" : "Targets (continued)";
            if (!current.isEmpty() && current.length() + 1 + line.length() > maxValue) {
                b.addField(name, open + current + close, false);
                budget -= name.length() + open.length() + current.length() + close.length();
                fields++;
                current.setLength(0);
            }
            int need = "Targets (continued)".length()
                    + open.length()
                    + close.length()
                    + current.length()
                    + 1
                    + line.length();
            if (need > budget || fields >= MessageEmbed.MAX_FIELD_AMOUNT - 1) {
                break;
            }
            if (!current.isEmpty()) {
                current.append('\n');
            }
            current.append(line);
            placed++;
        }
        if (!current.isEmpty()) {
            b.addField(fields == 0 ? "Targets" : "Targets (continued)", open + current + close, false);
        }
        if (placed < lines.size()) {
            int more = lines.size() - placed;
            b.addField(
                    "… (" + more + " more targets)",
                    "Full list: " + DiscordText.quoted("GET /api/v1/groups/" + run.group() + "/history"),
                    false);
        }
        return b.build();
    }

    private static String description(GroupSummary summary) {
        GroupRun run = summary.run();
        List<String> out = new ArrayList<>();
        out.add(DiscordText.prose("Run " + SummaryRow.minute(run.startedAt()) + " · " + SummaryRow.counts(run) + " · "
                + SummaryRow.since(summary)));
        if (!summary.changes().isEmpty()) {
            out.add("");
            out.add("**Changes**");
            int used = 0;
            int shown = 0;
            for (Change c : summary.changes()) {
                String subject = SummaryRow.certSubjectOf(c, run);
                String line = SummaryRow.symbol(c.kind()) + " `" + c.kind().name() + "` "
                        + DiscordText.fit(c.target(), 200, DiscordText::quoted) + " "
                        + DiscordText.fit(c.detail(), 300, DiscordText::prose)
                        + (subject == null ? "" : " · subject " + DiscordText.fit(subject, 200, DiscordText::quoted));
                if (used + line.length() + 1 > CHANGES_BUDGET) {
                    break;
                }
                out.add(line);
                used += line.length() + 1;
                shown++;
            }
            if (shown < summary.changes().size()) {
                out.add("… (" + (summary.changes().size() - shown) + " more changes)");
            }
        }
        return DiscordText.clipHard(String.join("\n", out), MessageEmbed.DESCRIPTION_MAX_LENGTH);
    }

    /**
     * "❌ `mx1.example.com 25 starttls` · no TLS · no certificate · `NO_GREETING` The port accepted the
     * connection but… · now failing (NO_GREETING)".
     */
    static String line(SummaryRow r) {
        StringBuilder b = new StringBuilder()
                .append(CardSymbols.statusIcon(r.status()))
                .append(' ')
                .append(DiscordText.fit(r.target(), 200, DiscordText::quoted))
                .append(" · ")
                .append(
                        r.snapshot().tlsVersion() == null
                                ? r.tlsText()
                                : DiscordText.fit(r.snapshot().tlsVersion(), 40, DiscordText::quoted))
                .append(" · ")
                .append(DiscordText.prose(r.certText()));
        RowReason why = r.reason();
        if (why != null) {
            b.append(" · ").append(DiscordText.fit(why.code(), 60, DiscordText::quoted));
            if (!why.words().isEmpty()) {
                b.append(' ').append(DiscordText.fit(why.words(), 200, DiscordText::prose));
            }
        }
        if (!r.changes().isEmpty()) {
            b.append(" · ").append(DiscordText.fit(r.changesText(), 300, DiscordText::prose));
        }
        return b.toString();
    }

    /** Fixed-width rows for a code block: status, host, port, protocol, transport, TLS, days left, why. */
    static List<String> table(List<SummaryRow> rows, boolean withHeader) {
        return SummaryRow.alignedTable(rows, withHeader, DiscordText::clipHard).stream()
                .map(line -> DiscordText.code(line).replace("\n", " "))
                .toList();
    }
}
