package dev.mailtls.slack;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.ContextBlockElement;
import com.slack.api.model.block.DividerBlock;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import dev.mailtls.card.Card;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.domain.DomainCard;
import dev.mailtls.domain.DomainReport;
import java.util.ArrayList;
import java.util.List;

/**
 * A domain check's card ({@link DomainCard}) as Block Kit blocks, verdict first: a header with the
 * status emoji and the domain, the worst problem with its fix, what the domain is in one line, the
 * other hints (errors first), the buttons (Re-run (fresh), Open in browser), then below a divider one section per MX host (its addresses one line
 * each, in a code block: host names and probe results come from DNS and servers), the policy section
 * (MTA-STS, TLS-RPT) and a context line with the timings and the command. Every text is escaped
 * with {@link SlackText} and stays within Block Kit's limits; when blocks run short, hints give way
 * before MX hosts, each to a visible "… (N more)".
 */
final class SlackDomainRenderer {
    /** The header, the worst hint, the subtitle, the divider, the policy and the context line. */
    private static final int FIXED_BLOCKS = 6;

    /** The blocks of {@code report}'s card, without buttons. */
    List<LayoutBlock> render(DomainReport report) {
        return render(report, SlackCardRenderer.CardActions.NONE);
    }

    /**
     * The blocks of {@code report}'s card with its buttons.
     *
     * @param actions the Re-run button's words ({@code domain example.com fresh}) and the web page's
     *     link to the domain form, each null for no button
     */
    List<LayoutBlock> render(DomainReport report, SlackCardRenderer.CardActions actions) {
        return render(card(report), actions);
    }

    /** The domain card with the command that repeats it written as this slash command. */
    static Card card(DomainReport report) {
        Card c = DomainCard.of(report);
        return new Card(
                c.title(),
                c.status(),
                c.subtitle(),
                c.overview(),
                c.sections(),
                c.hints(),
                c.timings(),
                c.transcript(),
                SlackCommandHandler.COMMAND + " domain " + report.domain(),
                c.cachedAge());
    }

    List<LayoutBlock> render(Card card) {
        return render(card, SlackCardRenderer.CardActions.NONE);
    }

    List<LayoutBlock> render(Card card, SlackCardRenderer.CardActions actions) {
        List<BlockElement> buttons = SlackCardRenderer.buttons(card, null, actions);
        List<LayoutBlock> lead = new ArrayList<>();
        lead.add(HeaderBlock.builder()
                .text(SlackCardRenderer.plain(Limits.cut(
                        SlackText.plain(SlackCardRenderer.emoji(card.status()) + " " + card.title()),
                        Limits.MAX_HEADER_TEXT)))
                .build());
        Hint worst = card.worstHint();
        if (worst != null) {
            lead.add(SlackCardRenderer.section(SlackCardRenderer.hint(worst)));
        }
        if (!card.subtitle().isEmpty()) {
            lead.add(ContextBlock.builder()
                    .elements(List.of(SlackCardRenderer.mrkdwn(
                            Limits.cut(SlackText.prose(card.subtitle()), Limits.MAX_SECTION_TEXT))))
                    .build());
        }

        List<Card.Field> mx = new ArrayList<>();
        List<Card.Field> policy = new ArrayList<>();
        List<Card.Field> clients = new ArrayList<>();
        for (Card.Section s : card.sections()) {
            for (Card.Field f : s.fields()) {
                if (f.label().startsWith("MX")) {
                    mx.add(f);
                } else if (f.label().equals("MTA-STS") || f.label().equals("TLS-RPT")) {
                    policy.add(f);
                } else {
                    clients.add(f);
                }
            }
        }
        List<SlackCardRenderer.HintBlock> hints = SlackCardRenderer.hints(card.otherHints());

        // MX hosts first, then hints, within fifty blocks; a marker block for each cut.
        int room = Limits.MAX_BLOCKS - FIXED_BLOCKS - (clients.isEmpty() ? 0 : 1) - (buttons.isEmpty() ? 0 : 1);
        int mxKept = Math.min(mx.size(), hints.isEmpty() ? room : room - 1);
        if (mxKept < mx.size()) {
            mxKept--; // room for the "… (N more MX hosts)" marker
        }
        int hintRoom = room - mxKept - (mxKept < mx.size() ? 1 : 0);
        List<LayoutBlock> out = new ArrayList<>(lead);
        if (hints.size() <= hintRoom) {
            hints.forEach(h -> out.add(h.block()));
        } else {
            int keep = Math.max(0, hintRoom - 1);
            hints.subList(0, keep).forEach(h -> out.add(h.block()));
            int left = hints.subList(keep, hints.size()).stream()
                    .mapToInt(SlackCardRenderer.HintBlock::hints)
                    .sum();
            out.add(SlackCardRenderer.section("… (" + left + " more hints)"));
        }
        if (!buttons.isEmpty()) {
            out.add(ActionsBlock.builder().elements(buttons).build());
        }
        out.add(DividerBlock.builder().build());
        mx.subList(0, mxKept).forEach(f -> out.add(SlackCardRenderer.section(SlackCardRenderer.fact(f))));
        if (mxKept < mx.size()) {
            out.add(SlackCardRenderer.section("… (" + (mx.size() - mxKept) + " more MX hosts)"));
        }
        if (!policy.isEmpty()) {
            out.add(fields("Policies", policy));
        }
        if (!clients.isEmpty()) {
            out.add(fields("Client services", clients));
        }
        out.add(context(card));
        return List.copyOf(out);
    }

    /**
     * A heading with fields ("*Policies*": MTA-STS and TLS-RPT; "*Client services*": the SRV
     * targets), published text as code; past Slack's ten fields the last says how many are left.
     */
    private static LayoutBlock fields(String heading, List<Card.Field> fields) {
        List<TextObject> shown = new ArrayList<>();
        boolean cut = fields.size() > Limits.MAX_FIELDS;
        for (Card.Field f : fields.subList(0, cut ? Limits.MAX_FIELDS - 1 : fields.size())) {
            String label = "*" + SlackText.prose(f.label()) + "*\n";
            String value = f.serverText()
                    ? SlackCardRenderer.inlineCode(f.value(), Limits.MAX_FIELD_TEXT - label.length())
                    : Limits.cut(SlackText.prose(f.value()), Limits.MAX_FIELD_TEXT - label.length());
            shown.add(SlackCardRenderer.mrkdwn(label + value));
        }
        if (cut) {
            shown.add(SlackCardRenderer.mrkdwn("… (" + (fields.size() - Limits.MAX_FIELDS + 1) + " more)"));
        }
        return SectionBlock.builder()
                .text(SlackCardRenderer.mrkdwn("*" + heading + "*"))
                .fields(shown)
                .build();
    }

    private static LayoutBlock context(Card card) {
        List<ContextBlockElement> elements = new ArrayList<>();
        elements.add(SlackCardRenderer.mrkdwn(Limits.cut(SlackText.prose(card.timings()), Limits.MAX_SECTION_TEXT)));
        elements.add(SlackCardRenderer.mrkdwn(
                "Repeat: " + SlackCardRenderer.inlineCode(card.reproduceCommand(), Limits.MAX_SECTION_TEXT - 8)));
        return ContextBlock.builder().elements(elements).build();
    }

    /** A one-line summary for notifications and clients that show no blocks. */
    String fallbackText(DomainReport report) {
        Card card = DomainCard.of(report);
        return Limits.cut(
                SlackText.prose(SlackCardRenderer.emoji(card.status()) + " " + card.title()), Limits.MAX_FALLBACK_TEXT);
    }
}
