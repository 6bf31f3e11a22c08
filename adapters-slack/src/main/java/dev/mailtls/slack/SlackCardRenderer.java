package dev.mailtls.slack;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.ContextBlockElement;
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
import dev.mailtls.command.TryCommand;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.Severity;
import dev.mailtls.diagnosis.Status;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.tls.TlsOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The neutral card as Block Kit blocks, in CARD.md's order: a header with the status emoji and the
 * target, the resolved address with protocol, transport, TLS version and cipher as fields, the
 * facts (banner and STARTTLS answer in code blocks), the certificate, the hints (errors first, each
 * with its fix), a context line with the timings and the cache age, and a Transcript button.
 * Server text only ever appears escaped inside code ({@link SlackText}); every text, field list
 * and the block count stay within Block Kit's limits, cut with a visible "… (N more)".
 */
public final class SlackCardRenderer {
    /** The Transcript button's action id: stable, the block-action handler listens for it. */
    public static final String TRANSCRIPT_ACTION_ID = "mailtls_transcript";

    /** Facts shown as code blocks: multi-line server replies. */
    private static final Set<String> BLOCK_LABELS = Set.of("Greeting", "STARTTLS", "STLS", "Evidence", "Auth probe");

    /**
     * The card of {@code report} as blocks.
     *
     * @param cachedAge how old the result is when served from the cache; null for a fresh probe
     * @param transcriptKey the small key the Transcript button carries; null for no button
     */
    public List<LayoutBlock> render(Report report, @Nullable Duration cachedAge, @Nullable String transcriptKey) {
        Card card = Card.of(report, TryCommand.Form.SLACK).withCachedAge(cachedAge);
        ProbeResult r = report.result();

        List<LayoutBlock> head = new ArrayList<>();
        head.add(HeaderBlock.builder()
                .text(plain(
                        Limits.cut(SlackText.plain(emoji(card.status()) + " " + card.title()), Limits.MAX_HEADER_TEXT)))
                .build());
        head.add(overview(r));
        for (Section s : card.sections()) {
            if (s.heading() == null) {
                s.fields().forEach(f -> head.add(section(fact(f))));
            } else {
                head.add(certificate(s));
            }
        }

        List<HintBlock> hints = hints(card.hints());

        List<LayoutBlock> tail = new ArrayList<>();
        tail.add(context(card));
        if (transcriptKey != null && !card.transcript().isEmpty()) {
            tail.add(ActionsBlock.builder()
                    .elements(List.<BlockElement>of(ButtonElement.builder()
                            .text(plain("Transcript"))
                            .actionId(TRANSCRIPT_ACTION_ID)
                            .value(Limits.cut(transcriptKey, Limits.MAX_BUTTON_VALUE))
                            .build()))
                    .build());
        }
        return fit(head, hints, tail);
    }

    /** A one-line summary for notifications and clients that show no blocks. */
    public String fallbackText(Report report) {
        Card card = Card.of(report, TryCommand.Form.SLACK);
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
    private static LayoutBlock overview(ProbeResult r) {
        String a = r.address();
        String address = a == null
                ? "*Address* none connected"
                : "*Address* " + SlackText.code(a) + " ("
                        + (a.contains(":") ? "IPv6" : "IPv4")
                        + (r.addresses().size() > 1 ? ", 1 of " + r.addresses().size() + " addresses" : "")
                        + ")";
        List<TextObject> fields = new ArrayList<>();
        fields.add(mrkdwn("*Protocol*\n"
                + (r.target().protocol() == null
                        ? "not determined"
                        : r.target().protocol().displayName())));
        fields.add(mrkdwn("*Transport*\n"
                + (r.target().transport() == null
                        ? "not determined"
                        : r.target().transport().displayName())));
        TlsOutcome tls = r.tls();
        fields.add(mrkdwn("*TLS version*\n" + (tls == null ? "no TLS" : SlackText.code(tls.version()))));
        if (tls != null) {
            fields.add(mrkdwn("*Cipher*\n" + SlackText.code(tls.cipherSuite())));
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

    /** A section of hints and how many hints it holds. */
    private record HintBlock(LayoutBlock block, int hints) {}

    /** Hints, errors first, packed into as few sections as fit 3,000 characters each. */
    private static List<HintBlock> hints(List<Hint> hints) {
        if (hints.isEmpty()) {
            return List.of();
        }
        List<Hint> ordered = hints.stream()
                .sorted(Comparator.comparing(Hint::severity).reversed())
                .toList();
        List<HintBlock> blocks = new ArrayList<>();
        StringBuilder current = new StringBuilder("*Hints*");
        int count = 0;
        for (Hint h : ordered) {
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
        Duration age = card.cachedAge();
        if (age != null) {
            elements.add(mrkdwn("cached " + age(age) + " ago · `fresh` to re-run"));
        }
        elements.add(mrkdwn("Reproduce: " + inlineCode(card.reproduceCommand(), Limits.MAX_SECTION_TEXT - 11)));
        return ContextBlock.builder().elements(elements).build();
    }

    /** "42 s", "5 min", "3 h". */
    static String age(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 120) {
            return s + " s";
        }
        if (s < 2 * 3600) {
            return s / 60 + " min";
        }
        return s / 3600 + " h";
    }

    /** At most fifty blocks: the hints, then the facts, give way to a "… (N more)" marker. */
    private static List<LayoutBlock> fit(List<LayoutBlock> head, List<HintBlock> hints, List<LayoutBlock> tail) {
        List<LayoutBlock> out = new ArrayList<>();
        int room = Limits.MAX_BLOCKS - tail.size();
        if (head.size() + hints.size() <= room) {
            out.addAll(head);
            hints.forEach(h -> out.add(h.block()));
        } else if (head.size() + 1 < room) {
            // Keep every fact; cut hint sections, leaving one block for the marker.
            int keep = room - head.size() - 1;
            out.addAll(head);
            hints.subList(0, keep).forEach(h -> out.add(h.block()));
            int left = hints.subList(keep, hints.size()).stream()
                    .mapToInt(HintBlock::hints)
                    .sum();
            out.add(section("… (" + left + " more hints)"));
        } else {
            int keep = room - 1;
            out.addAll(head.subList(0, keep));
            out.add(section("… (" + (head.size() - keep) + " more facts, "
                    + hints.stream().mapToInt(HintBlock::hints).sum()
                    + " more hints)"));
        }
        out.addAll(tail);
        return List.copyOf(out);
    }

    private static SectionBlock section(String mrkdwn) {
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
