package dev.mailtls.discord;

import dev.mailtls.card.Card;
import dev.mailtls.card.CardSymbols;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.Severity;
import dev.mailtls.diagnosis.Status;
import java.util.ArrayList;
import java.util.List;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.entities.MessageEmbed;
import org.jspecify.annotations.Nullable;

/**
 * The neutral {@link Card} as a Discord embed, verdict first: colour by status, the verdict in the
 * title, the worst hint with its fix at the top of the description (then the address line and the
 * reproduce command), one field per other hint (errors first, with their fixes), then the details:
 * one field per fact and one for the certificate, and timings and cache age in the footer. Discord's limits hold whatever the server sent (see {@link EmbedLayout}); what does not
 * fit is cut with a visible "… (N more)", and the whole card travels as an attached file.
 */
public final class DiscordEmbedRenderer {
    static final int GREEN = 0x2EA043;
    static final int AMBER = 0xD29922;
    static final int RED = 0xCF222E;

    /** What the description leaves at least for the fields, the "… (N more)" one included. */
    static final int MIN_FIELD_ROOM = 1200;

    public MessageEmbed render(Card card) {
        return render(card, false);
    }

    /**
     * A domain card ({@code DomainCard}): the same embed, but its facts (one field per MX host, the
     * MTA-STS and TLS-RPT lines) come before the hints after the worst one and share the room
     * evenly, so that every MX host keeps its line however many hints the addresses raised.
     */
    public MessageEmbed renderDomain(Card card) {
        return render(card, true);
    }

    private MessageEmbed render(Card card, boolean factsFirst) {
        String title = DiscordText.fit(
                CardSymbols.statusIcon(card.status()) + " " + card.title(),
                MessageEmbed.TITLE_MAX_LENGTH,
                DiscordText::prose);
        String footer = DiscordText.fit(footer(card), MessageEmbed.TEXT_MAX_LENGTH, DiscordText::plain);
        String description = description(
                card,
                card.worstHint(),
                Math.min(
                        MessageEmbed.DESCRIPTION_MAX_LENGTH,
                        MessageEmbed.EMBED_MAX_LENGTH_BOT - title.length() - footer.length() - MIN_FIELD_ROOM));

        int fieldBudget = MessageEmbed.EMBED_MAX_LENGTH_BOT - title.length() - description.length() - footer.length();
        EmbedLayout layout = new EmbedLayout(fieldBudget);
        int facts = card.sections().stream()
                .filter(s -> s.heading() == null)
                .mapToInt(s -> s.fields().size())
                .sum();
        // Facts first: an even share of the room each (their names counted), within Discord's 1,024.
        int share = factsFirst && facts > 0
                ? Math.max(
                        EmbedLayout.MIN_SHRUNK_VALUE,
                        (fieldBudget - EmbedLayout.OVERFLOW_RESERVE) / Math.min(facts, MessageEmbed.MAX_FIELD_AMOUNT)
                                - 16)
                : MessageEmbed.VALUE_MAX_LENGTH;
        int factPriority = factsFirst ? -1 : EmbedLayout.FACTS;
        int order = 0;
        for (Hint h : card.otherHints()) {
            layout.add(priority(h.severity()), order++, h.code().name(), max -> hintField(h, max));
        }
        for (Card.Section s : card.sections()) {
            if (s.heading() == null) {
                for (Card.Field f : s.fields()) {
                    layout.add(factPriority, order++, f.label(), max -> factField(f, Math.min(max, share)));
                }
            } else {
                layout.add(EmbedLayout.CERTIFICATE, order++, "Certificate", max -> certificateField(s, max));
            }
        }
        Card.SuiteTable suites = card.suites();
        if (suites != null) {
            // The bulkiest part and whole in the attached file: the first to give way.
            layout.add(EmbedLayout.SUITES, order++, "TLS suites", max -> suitesHeadField(suites, max));
            for (Card.VersionRow row : suites.versions()) {
                List<List<String>> parts = suiteParts(row.lines(), MessageEmbed.VALUE_MAX_LENGTH - 8);
                for (int i = 0; i < parts.size(); i++) {
                    String name = row.version() + (i == 0 ? " · " + row.summary() : " (continued)");
                    List<String> part = parts.get(i);
                    layout.add(EmbedLayout.SUITES, order++, row.version(), max -> suitesField(name, part, max));
                }
            }
        }

        EmbedBuilder b = new EmbedBuilder()
                .setColor(colour(card.status()))
                .setTitle(title)
                .setDescription(description)
                .setFooter(footer);
        layout.fields().forEach(b::addField);
        return b.build();
    }

    /**
     * The worst hint with its fix, then the address line and the reproduce command, within {@code
     * budget}: each part is fitted (cut before escaping, so no escape or code span is split) to the
     * room the parts before it left.
     */
    private static String description(Card card, @Nullable Hint worst, int budget) {
        List<String> lines = new ArrayList<>();
        int left = budget;
        if (worst != null) {
            String lead = DiscordText.clipHard(lead(worst), left);
            lines.add(lead);
            left -= lead.length() + 1;
        }
        if (!card.subtitle().isEmpty() && left > 40) {
            String subtitle = DiscordText.fit(card.subtitle(), Math.min(1024, left), DiscordText::prose);
            lines.add(subtitle);
            left -= subtitle.length() + 1;
        }
        if (left > 60) {
            lines.add("Reproduce: "
                    + DiscordText.fit(card.reproduceCommand(), Math.min(1024, left - 11), DiscordText::quoted));
        }
        return DiscordText.clipHard(String.join("\n", lines), budget);
    }

    /**
     * "**✖ NO_GREETING** summary", then for warnings and errors the detail and "**Fix:** …", each
     * bounded so that the description keeps room for the address and the reproduce command.
     */
    static String lead(Hint h) {
        String head = "**" + CardSymbols.severitySymbol(h.severity()) + " "
                + h.code().name() + "** " + DiscordText.fit(h.summary(), 400, DiscordText::prose);
        if (h.severity() != Severity.ERROR && h.severity() != Severity.WARNING) {
            return head;
        }
        String detail = h.detail().isEmpty() ? "" : "\n" + DiscordText.fit(h.detail(), 500, DiscordText::prose);
        String fix = h.fix().isEmpty() ? "" : "\n**Fix:** " + DiscordText.fit(h.fix(), 800, DiscordText::prose);
        return head + detail + fix;
    }

    static String footer(Card card) {
        String cached = card.cachedNote();
        return cached == null ? card.timings() : card.timings() + " · " + cached + " · fresh to re-run";
    }

    private static MessageEmbed.Field factField(Card.Field f, int max) {
        String name = DiscordText.fit(f.label(), MessageEmbed.TITLE_MAX_LENGTH, DiscordText::prose);
        return new MessageEmbed.Field(name, value(f, max), false);
    }

    private static String value(Card.Field f, int max) {
        return f.serverText()
                ? DiscordText.fit(f.value(), max, DiscordText::quoted)
                : DiscordText.fit(f.value().replace("\n", " · "), max, DiscordText::prose);
    }

    /** The certificate in one field: the subject, then one line per detail. */
    private static MessageEmbed.Field certificateField(Card.Section s, int max) {
        Card.Field heading = s.heading();
        String name = heading == null
                ? "Certificate"
                : DiscordText.fit("Certificate " + heading.value(), MessageEmbed.TITLE_MAX_LENGTH, DiscordText::prose);
        List<String> lines = new ArrayList<>();
        int perLine = Math.max(40, max / Math.max(1, s.fields().size()));
        for (Card.Field f : s.fields()) {
            String label = "**" + DiscordText.prose(f.label()) + "** ";
            lines.add(label + value(f, Math.max(16, perLine - label.length() - 1)));
        }
        return new MessageEmbed.Field(name, joinWithin(lines, max), false);
    }

    /** "TLS suites": the heading, then the versions refused and unknown. */
    private static MessageEmbed.Field suitesHeadField(Card.SuiteTable t, int max) {
        List<String> lines = new ArrayList<>();
        lines.add(DiscordText.fit(t.heading(), 300, DiscordText::prose));
        if (t.refusedLine() != null) {
            lines.add(DiscordText.fit(t.refusedLine(), 300, DiscordText::prose));
        }
        t.unknown().forEach(u -> lines.add(DiscordText.fit("unknown: " + u, 300, DiscordText::prose)));
        return new MessageEmbed.Field("TLS suites", joinWithin(lines, max), false);
    }

    /** One accepted version's suites (or a part of them) as a code block, one key exchange a line. */
    private static MessageEmbed.Field suitesField(String name, List<String> lines, int max) {
        String title = DiscordText.fit(name, MessageEmbed.TITLE_MAX_LENGTH, DiscordText::prose);
        if (lines.isEmpty()) {
            return new MessageEmbed.Field(title, "(no suite names)", false);
        }
        int room = Math.max(16, max - 8);
        List<String> code = lines.stream()
                .map(l -> DiscordText.fit(l, room, DiscordText::code))
                .toList();
        String body = joinWithin(code, room);
        return new MessageEmbed.Field(title, "```\n" + body + "\n```", false);
    }

    /**
     * Lines split into parts of at most {@code max} characters each (line feeds counted), so a long
     * version takes several fields instead of being cut; a single longer line is a part of its own.
     */
    static List<List<String>> suiteParts(List<String> lines, int max) {
        List<List<String>> parts = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int used = 0;
        for (String line : lines) {
            int need = line.length() + (current.isEmpty() ? 0 : 1);
            if (!current.isEmpty() && used + need > max) {
                parts.add(current);
                current = new ArrayList<>();
                used = 0;
                need = line.length();
            }
            current.add(line);
            used += need;
        }
        parts.add(current);
        return parts;
    }

    private static MessageEmbed.Field hintField(Hint h, int max) {
        String name = DiscordText.fit(
                CardSymbols.severitySymbol(h.severity()) + " " + h.code().name(),
                MessageEmbed.TITLE_MAX_LENGTH,
                DiscordText::plain);
        String summary = DiscordText.fit(h.summary(), Math.min(max, 400), DiscordText::prose);
        if (h.severity() != Severity.ERROR && h.severity() != Severity.WARNING) {
            return new MessageEmbed.Field(name, summary, false); // CARD.md: good news and tips in one line
        }
        String fix = h.fix().isEmpty()
                ? ""
                : "\n**Fix:** "
                        + DiscordText.fit(
                                h.fix(), Math.max(16, Math.min(400, max - summary.length() - 12)), DiscordText::prose);
        int room = max - summary.length() - fix.length() - 1;
        String detail =
                h.detail().isEmpty() || room < 24 ? "" : "\n" + DiscordText.fit(h.detail(), room, DiscordText::prose);
        return new MessageEmbed.Field(name, DiscordText.clipHard(summary + detail + fix, max), false);
    }

    /** Lines joined by line feeds; the lines that do not fit become "… (N more lines)". */
    static String joinWithin(List<String> lines, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = (b.isEmpty() ? "" : "\n") + lines.get(i);
            int left = lines.size() - i - 1;
            String tail = left == 0 ? "" : "\n… (" + left + " more lines)";
            if (b.length() + line.length() + tail.length() > max) {
                String more = (b.isEmpty() ? "" : "\n") + "… (" + (lines.size() - i) + " more lines)";
                return DiscordText.clipHard(b + more, max);
            }
            b.append(line);
        }
        return DiscordText.clipHard(b.toString(), max);
    }

    static int colour(Status s) {
        return switch (s) {
            case OK -> GREEN;
            case WARNING -> AMBER;
            case FAILURE -> RED;
        };
    }

    /** What to keep first when the embed is full: errors, warnings, facts, certificate, then tips. */
    private static int priority(Severity s) {
        return switch (s) {
            case ERROR -> 0;
            case WARNING -> 1;
            case INFO -> EmbedLayout.CERTIFICATE + 1;
            case OK -> EmbedLayout.CERTIFICATE + 2;
        };
    }
}
