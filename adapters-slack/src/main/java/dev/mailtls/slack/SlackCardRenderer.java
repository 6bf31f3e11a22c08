package dev.mailtls.slack;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.ContextBlockElement;
import com.slack.api.model.block.DividerBlock;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import dev.mailtls.card.Card;
import dev.mailtls.card.Card.Field;
import dev.mailtls.card.Card.Section;
import dev.mailtls.card.Report;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.Severity;
import dev.mailtls.diagnosis.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The neutral card as Block Kit blocks, verdict first: a header with the status emoji and the
 * target, the worst hint with its fix, the other hints (errors first), the buttons (Re-run (fresh),
 * Open in browser, Transcript), then below a divider the details: the resolved address with
 * protocol, transport, TLS version and cipher as fields, the facts (banner and STARTTLS answer in
 * code blocks), the certificate, and a context line with the timings and the cache age. Server
 * text only ever appears escaped inside code ({@link SlackText}); every text, field list and the
 * block count stay within Block Kit's limits, cut with a visible "… (N more)".
 */
public final class SlackCardRenderer {
    /** The Transcript button's action id: stable, the block-action handler listens for it. */
    public static final String TRANSCRIPT_ACTION_ID = "mailtls_transcript";
    /** The Re-run (fresh) button's action id; its value is the command in the grammar's words. */
    public static final String RERUN_ACTION_ID = "mailtls_rerun";
    /** The Open in browser button's action id: a link, but Slack still posts the click to the app. */
    public static final String BROWSER_ACTION_ID = "mailtls_open_in_browser";

    /** Facts shown as code blocks: multi-line server replies. */
    private static final Set<String> BLOCK_LABELS = Set.of("Greeting", "STARTTLS", "STLS", "Evidence", "Auth probe");

    /**
     * The buttons a card offers besides the transcript.
     *
     * @param rerun the command the Re-run button runs again, in the grammar's words (with {@code
     *     fresh}); null for no Re-run button
     * @param browserUrl the web page's link to this result; null for no Open in browser button
     */
    public record CardActions(
            @Nullable String rerun, @Nullable String browserUrl) {
        public static final CardActions NONE = new CardActions(null, null);
    }

    /** {@link #render(Report, Duration, String, CardActions)} without Re-run and browser buttons. */
    public List<LayoutBlock> render(Report report, @Nullable Duration cachedAge, @Nullable String transcriptKey) {
        return render(report, cachedAge, transcriptKey, CardActions.NONE);
    }

    /**
     * The card of {@code report} as blocks.
     *
     * @param cachedAge how old the result is when served from the cache; null for a fresh probe
     * @param transcriptKey the small key the Transcript button carries; null for no button
     */
    public List<LayoutBlock> render(
            Report report, @Nullable Duration cachedAge, @Nullable String transcriptKey, CardActions actions) {
        Card card = Card.of(report, SlackCommandHandler.SUGGESTION_FORM).withCachedAge(cachedAge);

        List<LayoutBlock> lead = new ArrayList<>();
        lead.add(HeaderBlock.builder()
                .text(plain(
                        Limits.cut(SlackText.plain(emoji(card.status()) + " " + card.title()), Limits.MAX_HEADER_TEXT)))
                .build());
        Hint worst = card.worstHint();
        if (worst != null) {
            lead.add(section(hint(worst)));
        }
        List<HintBlock> hints = hints(card.otherHints());

        List<LayoutBlock> buttons = new ArrayList<>();
        List<BlockElement> elements = buttons(card, transcriptKey, actions);
        if (!elements.isEmpty()) {
            buttons.add(ActionsBlock.builder().elements(elements).build());
        }
        buttons.add(DividerBlock.builder().build());

        List<LayoutBlock> details = new ArrayList<>();
        details.add(overview(card.overview()));
        for (Section s : card.sections()) {
            if (s.heading() == null) {
                s.fields().forEach(f -> details.add(section(fact(f))));
            } else {
                details.add(certificate(s));
            }
        }
        Card.SuiteTable suites = card.suites();
        if (suites != null) {
            details.addAll(suites(suites));
        }
        return fit(lead, hints, buttons, details, context(card));
    }

    /** The card's buttons: Re-run (fresh), Open in browser, Transcript, each when it has something to carry. */
    static List<BlockElement> buttons(Card card, @Nullable String transcriptKey, CardActions actions) {
        List<BlockElement> elements = new ArrayList<>();
        if (actions.rerun() != null) {
            elements.add(ButtonElement.builder()
                    .text(plain("Re-run (fresh)"))
                    .actionId(RERUN_ACTION_ID)
                    .value(Limits.cut(actions.rerun(), Limits.MAX_BUTTON_VALUE))
                    .build());
        }
        if (actions.browserUrl() != null && actions.browserUrl().length() <= Limits.MAX_BUTTON_URL) {
            elements.add(ButtonElement.builder()
                    .text(plain("Open in browser"))
                    .actionId(BROWSER_ACTION_ID)
                    .url(actions.browserUrl())
                    .build());
        }
        if (transcriptKey != null && !card.transcript().isEmpty()) {
            elements.add(ButtonElement.builder()
                    .text(plain("Transcript"))
                    .actionId(TRANSCRIPT_ACTION_ID)
                    .value(Limits.cut(transcriptKey, Limits.MAX_BUTTON_VALUE))
                    .build());
        }
        return elements;
    }

    /** A one-line summary for notifications and clients that show no blocks. */
    public String fallbackText(Report report) {
        Card card = Card.of(report, SlackCommandHandler.SUGGESTION_FORM);
        return Limits.cut(SlackText.prose(emoji(card.status()) + " " + card.title()), Limits.MAX_FALLBACK_TEXT);
    }

    static String emoji(Status s) {
        return switch (s) {
            case OK -> ":white_check_mark:";
            case WARNING -> ":warning:";
            case FAILURE -> ":x:";
        };
    }

    static String symbol(Severity s) {
        return switch (s) {
            case OK -> ":heavy_check_mark:";
            case INFO -> ":information_source:";
            case WARNING -> ":warning:";
            case ERROR -> ":x:";
        };
    }

    /** "*Address* 142.250.102.108 (IPv4)" with protocol, transport, TLS version and cipher as fields. */
    private static LayoutBlock overview(Card.Overview o) {
        String a = o.address();
        String address = a == null
                ? "*Address* none connected"
                : "*Address* " + SlackText.code(a) + " (" + SlackText.prose(o.addressNote()) + ")";
        List<TextObject> fields = new ArrayList<>();
        fields.add(mrkdwn("*Protocol*\n" + SlackText.prose(o.protocol())));
        fields.add(mrkdwn("*Transport*\n" + SlackText.prose(o.transport())));
        String version = o.tlsVersion();
        fields.add(mrkdwn("*TLS version*\n" + (version == null ? "no TLS" : SlackText.code(version))));
        String cipher = o.cipherSuite();
        if (cipher != null) {
            fields.add(mrkdwn("*Cipher*\n" + SlackText.code(cipher)));
        }
        return SectionBlock.builder().text(mrkdwn(address)).fields(fields).build();
    }

    /** One fact as mrkdwn: server text in code (a block for replies), ours as prose. */
    static String fact(Field f) {
        String label = "*" + SlackText.prose(f.label()) + "*";
        if (!f.serverText()) {
            return Limits.cut(label + " " + SlackText.prose(f.value()).replace("\n", " · "), Limits.MAX_SECTION_TEXT);
        }
        if (f.value().contains("\n") || BLOCK_LABELS.contains(f.label())) {
            return label + "\n" + SlackText.codeBlock(f.value(), Limits.MAX_SECTION_TEXT - label.length() - 1);
        }
        return label + " " + inlineCode(f.value(), Limits.MAX_SECTION_TEXT - label.length() - 1);
    }

    /** Inline code of at most {@code max} characters, backticks included: cut inside the span. */
    static String inlineCode(String serverText, int max) {
        String code = SlackText.code(serverText);
        if (code.length() <= max) {
            return code;
        }
        String inner = code.substring(1, code.length() - 1);
        return "`" + Limits.cut(inner, max - 2) + "`";
    }

    /** The certificate: subject in the text, the rest as at most ten fields. */
    private static LayoutBlock certificate(Section s) {
        Field heading = s.heading();
        String text = "*" + SlackText.prose(heading == null ? "Certificate" : heading.label()) + "* "
                + (heading == null ? "" : inlineCode(heading.value(), Limits.MAX_SECTION_TEXT - 20));
        List<TextObject> fields = new ArrayList<>();
        List<Field> all = s.fields();
        int room = all.size() > Limits.MAX_FIELDS ? Limits.MAX_FIELDS - 1 : all.size();
        for (Field f : all.subList(0, room)) {
            String label = "*" + SlackText.prose(f.label()) + "*\n";
            String value = f.serverText()
                    ? inlineCode(f.value(), Limits.MAX_FIELD_TEXT - label.length())
                    : Limits.cut(SlackText.prose(f.value()), Limits.MAX_FIELD_TEXT - label.length());
            fields.add(mrkdwn(label + value));
        }
        if (room < all.size()) {
            fields.add(mrkdwn("… (" + (all.size() - room) + " more)"));
        }
        return SectionBlock.builder()
                .text(mrkdwn(Limits.cut(text, Limits.MAX_SECTION_TEXT)))
                .fields(fields)
                .build();
    }

    /**
     * The deep probe's table: a section with the heading and the versions refused or unknown, then
     * a section per accepted version with its suites in a code block (one key exchange a line), each
     * within a section's 3,000 characters, cut by lines with "… (N more lines)".
     */
    static List<LayoutBlock> suites(Card.SuiteTable t) {
        List<LayoutBlock> blocks = new ArrayList<>();
        StringBuilder head = new StringBuilder("*TLS suites* ").append(SlackText.prose(t.heading()));
        if (t.refusedLine() != null) {
            head.append('\n').append(SlackText.prose(t.refusedLine()));
        }
        t.unknown().forEach(u -> head.append('\n').append(SlackText.prose("unknown: " + u)));
        blocks.add(section(head.toString()));
        for (Card.VersionRow row : t.versions()) {
            String label =
                    Limits.cut("*" + SlackText.prose(row.version()) + "* " + SlackText.prose(row.summary()), 300);
            String text = row.groups().isEmpty()
                    ? label
                    : label + "\n"
                            + SlackText.codeBlock(
                                    String.join("\n", row.lines()), Limits.MAX_SECTION_TEXT - label.length() - 1);
            blocks.add(section(text));
        }
        return blocks;
    }

    /** A section of hints and how many hints it holds. */
    record HintBlock(LayoutBlock block, int hints) {}

    /** The hints after the worst, in order, packed into as few sections as fit 3,000 characters each. */
    static List<HintBlock> hints(List<Hint> hints) {
        if (hints.isEmpty()) {
            return List.of();
        }
        List<HintBlock> blocks = new ArrayList<>();
        StringBuilder current = new StringBuilder("*Other hints*");
        int count = 0;
        for (Hint h : hints) {
            String one = Limits.cut(hint(h), Limits.MAX_SECTION_TEXT - 1);
            if (current.length() + 1 + one.length() > Limits.MAX_SECTION_TEXT) {
                blocks.add(new HintBlock(section(current.toString()), count));
                current = new StringBuilder(one);
                count = 0;
            } else {
                current.append('\n').append(one);
            }
            count++;
        }
        blocks.add(new HintBlock(section(current.toString()), count));
        return blocks;
    }

    /** ":x: `NO_GREETING` summary", then, for warnings and errors, the detail and "*Fix:* …". */
    static String hint(Hint h) {
        StringBuilder b = new StringBuilder()
                .append(symbol(h.severity()))
                .append(" `")
                .append(h.code().name())
                .append("` ")
                .append(SlackText.prose(h.summary()));
        if (h.severity() == Severity.WARNING || h.severity() == Severity.ERROR) {
            if (!h.detail().isEmpty()) {
                b.append("\n").append(SlackText.prose(h.detail()));
            }
            if (!h.fix().isEmpty()) {
                b.append("\n*Fix:* ").append(SlackText.prose(h.fix()));
            }
        }
        return b.toString();
    }

    /** Timings, the cache age with how to re-run, and the command that reproduces the probe. */
    private static LayoutBlock context(Card card) {
        List<ContextBlockElement> elements = new ArrayList<>();
        elements.add(mrkdwn(Limits.cut(SlackText.prose(card.timings()), Limits.MAX_SECTION_TEXT)));
        String cached = card.cachedNote();
        if (cached != null) {
            elements.add(mrkdwn(SlackText.prose(cached) + " · `fresh` to re-run"));
        }
        elements.add(mrkdwn("Reproduce: " + inlineCode(card.reproduceCommand(), Limits.MAX_SECTION_TEXT - 11)));
        return ContextBlock.builder().elements(elements).build();
    }

    /**
     * At most fifty blocks. The verdict, the worst hint, the buttons and the context line always
     * stay; the details give way first, then the other hints, each to a "… (N more)" marker (the
     * whole card is on the web page and in the transcript).
     */
    private static List<LayoutBlock> fit(
            List<LayoutBlock> lead,
            List<HintBlock> hints,
            List<LayoutBlock> buttons,
            List<LayoutBlock> details,
            LayoutBlock context) {
        int room = Limits.MAX_BLOCKS - lead.size() - buttons.size() - 1;
        List<LayoutBlock> keptHints = new ArrayList<>();
        List<LayoutBlock> keptDetails = new ArrayList<>();
        if (hints.size() + details.size() <= room) {
            hints.forEach(h -> keptHints.add(h.block()));
            keptDetails.addAll(details);
        } else if (hints.size() + 1 < room) {
            // Every hint; as many details as fit, leaving one block for the marker.
            hints.forEach(h -> keptHints.add(h.block()));
            int keep = room - hints.size() - 1;
            keptDetails.addAll(details.subList(0, keep));
            keptDetails.add(section("… (" + (details.size() - keep) + " more details)"));
        } else {
            int keep = room - 2;
            hints.subList(0, keep).forEach(h -> keptHints.add(h.block()));
            int left = hints.subList(keep, hints.size()).stream()
                    .mapToInt(HintBlock::hints)
                    .sum();
            keptHints.add(section("… (" + left + " more hints)"));
            keptDetails.add(section("… (" + details.size() + " more details)"));
        }
        List<LayoutBlock> out = new ArrayList<>(lead);
        out.addAll(keptHints);
        out.addAll(buttons);
        out.addAll(keptDetails);
        out.add(context);
        return List.copyOf(out);
    }

    static SectionBlock section(String mrkdwn) {
        return SectionBlock.builder()
                .text(mrkdwn(Limits.cut(mrkdwn, Limits.MAX_SECTION_TEXT)))
                .build();
    }

    /** Verbatim: Slack then links no bare URL or channel name and parses no bare mention. */
    static MarkdownTextObject mrkdwn(String text) {
        return MarkdownTextObject.builder().text(text).verbatim(true).build();
    }

    static PlainTextObject plain(String text) {
        return PlainTextObject.builder().text(text).emoji(true).build();
    }
}
