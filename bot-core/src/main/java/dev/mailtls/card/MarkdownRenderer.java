package dev.mailtls.card;

import dev.mailtls.card.Card.Field;
import dev.mailtls.card.Card.Section;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A card as Markdown (CommonMark, as GitHub, Discord and most chat tools read it). Server text goes
 * into code spans or fenced blocks whose fence is longer than any backtick run inside, with
 * mentions ({@code @everyone}, {@code @here}) and angle brackets ({@code <!channel>}, {@code
 * <http://…>}) neutralised; mailtls's own text is backslash-escaped, with URLs and {@code www.}
 * names broken by a zero-width space. So a banner can never mention, link or format.
 */
public final class MarkdownRenderer {
    private static final Pattern MENTION = Pattern.compile("@(everyone|here|channel)", Pattern.CASE_INSENSITIVE);
    private static final Pattern BACKTICKS = Pattern.compile("`+");
    /** What chat platforms autolink in plain text: a scheme's {@code ://} and a bare {@code www.} name. */
    private static final Pattern AUTOLINK = Pattern.compile("(://)|\\b(www)\\.", Pattern.CASE_INSENSITIVE);

    private static final String SPECIALS = "\\`*_[]<>|~#";

    private final boolean transcript;

    /** @param transcript append the transcript in a fenced block */
    public MarkdownRenderer(boolean transcript) {
        this.transcript = transcript;
    }

    public MarkdownRenderer() {
        this(false);
    }

    public String render(Card card) {
        List<String> out = new ArrayList<>();
        out.add(CardSymbols.statusIcon(card.status()) + " **" + ours(card.title()) + "**");
        if (!card.subtitle().isEmpty()) {
            out.add(ours(card.subtitle()));
        }
        for (Section s : card.sections()) {
            out.add("");
            Field heading = s.heading();
            if (heading != null) {
                field(out, "", heading);
            }
            String indent = heading != null ? "  " : "";
            s.fields().forEach(f -> field(out, indent, f));
        }
        Card.SuiteTable suites = card.suites();
        if (suites != null) {
            out.add("");
            suites(out, suites);
        }
        if (!card.hints().isEmpty()) {
            out.add("");
            out.add("**Hints**");
            card.hints().forEach(h -> hint(out, h));
        }
        out.add("");
        out.add(ours(card.timings()));
        if (card.cachedNote() != null) {
            out.add(card.cachedNote() + " · `fresh` to re-run");
        }
        if (transcript && !card.transcript().isEmpty()) {
            out.add("");
            out.add("**Transcript**");
            out.addAll(fenced(String.join("\n", card.transcript())));
            out.add("");
        }
        // Every card ends with the manual command that reproduces it.
        out.add("Reproduce: " + codeSpan(card.reproduceCommand()));
        return String.join("\n", out) + "\n";
    }

    private static void field(List<String> out, String indent, Field f) {
        String label = indent + "- **" + ours(f.label()) + "**";
        if (!f.serverText()) {
            out.add(label + " " + ours(f.value()).replace("\n", " · "));
        } else if (f.value().contains("\n")) {
            out.add(label);
            fenced(f.value()).forEach(l -> out.add(indent + "  " + l));
        } else {
            out.add(label + " " + codeSpan(f.value()));
        }
    }

    /** The deep probe's table: a bullet per version, its suites in a fenced block (one key exchange a line). */
    private static void suites(List<String> out, Card.SuiteTable t) {
        out.add("**TLS suites** " + ours(t.heading()));
        for (Card.VersionRow row : t.versions()) {
            out.add("- **" + ours(row.version()) + "** " + ours(row.summary()));
            if (!row.groups().isEmpty()) {
                fenced(String.join("\n", row.lines())).forEach(l -> out.add("  " + l));
            }
        }
        if (!t.refused().isEmpty()) {
            out.add("- **refused** " + ours(String.join(", ", t.refused())));
        }
        if (!t.unknown().isEmpty()) {
            out.add("- **unknown** " + ours(String.join("; ", t.unknown())));
        }
    }

    private static void hint(List<String> out, Hint h) {
        out.add("- " + CardSymbols.severitySymbol(h.severity()) + " `"
                + h.code().name() + "` " + ours(h.summary()));
        if (h.severity() != Severity.WARNING && h.severity() != Severity.ERROR) {
            return; // CARD.md: good news and tips in one line
        }
        if (!h.detail().isEmpty()) {
            out.add("  " + ours(h.detail()));
        }
        if (!h.fix().isEmpty()) {
            out.add("  **Fix:** " + ours(h.fix()));
        }
    }

    /** Untrusted single-line text as a code span: a fence longer than any backtick run inside. */
    public static String codeSpan(String text) {
        String v = neutralise(text).replace("\n", " ");
        if (v.isBlank()) {
            return "(empty)";
        }
        String fence = "`".repeat(longestBacktickRun(v) + 1);
        // CommonMark strips one space from each side of a code span; pad when the text touches a fence.
        boolean pad = v.startsWith("`") || v.endsWith("`") || (v.startsWith(" ") && v.endsWith(" "));
        return pad ? fence + " " + v + " " + fence : fence + v + fence;
    }

    /** Untrusted multi-line text as a fenced block, fenced by more backticks than any run inside. */
    static List<String> fenced(String text) {
        String v = neutralise(text);
        String fence = "`".repeat(Math.max(3, longestBacktickRun(v) + 1));
        List<String> lines = new ArrayList<>();
        lines.add(fence);
        lines.addAll(List.of(v.split("\n", -1)));
        lines.add(fence);
        return lines;
    }

    /** Control characters escaped, mentions broken with a zero-width space, angle brackets replaced. */
    static String neutralise(String s) {
        String v = ServerText.keepingLines(s).replace('<', '‹').replace('>', '›');
        return MENTION.matcher(v).replaceAll(m -> "@\u200B" + Matcher.quoteReplacement(m.group(1)));
    }

    /** mailtls's own text: Markdown specials backslash-escaped; mentions, links and controls neutralised. */
    public static String ours(String s) {
        String v = ServerText.keepingLines(s);
        StringBuilder b = new StringBuilder(v.length() + 8);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (SPECIALS.indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        String unmentioned = MENTION.matcher(b).replaceAll(m -> "@\u200B" + Matcher.quoteReplacement(m.group(1)));
        return unlinked(unmentioned);
    }

    /**
     * Our prose (hint summaries, details, fixes; titles) quotes names and replies the server chose
     * outside code spans, so a zero-width space goes before each {@code ://} and after each bare
     * {@code www}: GitHub (GFM extended autolinks), Discord and Slack then find no URL to link, while
     * people read the text unchanged. Unlike backslash escapes, whose handling differs from parser to
     * parser, an invisible character breaks the match on every platform. Server text in code spans
     * and fenced blocks needs none of this: nothing is linked inside code.
     */
    static String unlinked(String s) {
        return AUTOLINK.matcher(s)
                .replaceAll(m -> m.group(1) != null ? "\u200B://" : Matcher.quoteReplacement(m.group(2)) + "\u200B.");
    }

    private static int longestBacktickRun(String s) {
        int max = 0;
        Matcher m = BACKTICKS.matcher(s);
        while (m.find()) {
            max = Math.max(max, m.group().length());
        }
        return max;
    }
}
