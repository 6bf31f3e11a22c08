package dev.mailtls.discord;

import dev.mailtls.card.ServerText;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.dv8tion.jda.api.utils.MarkdownSanitizer;

/**
 * Makes text safe to show on Discord. Server text (banners, replies, certificate names) is quoted
 * as code ({@link #code}); mailtls's own prose, which may quote server text, is escaped with JDA's
 * {@link MarkdownSanitizer} ({@link #prose}). Both break every active form with a zero-width space,
 * invisible to people but fatal to Discord's parser: mentions ({@code @everyone}, {@code @here},
 * {@code <@id>}, {@code <@&role>}, {@code <#channel>}, {@code </cmd:id>}, {@code <t:…>}), masked
 * links ({@code [text](url)}) and bare URLs ({@code https://…}). Allowed mentions are off on every
 * message as well: escaping is the second lock, so a mention cannot even look like one.
 */
final class DiscordText {
    static final String ZWSP = "\u200B";
    /** MODIFIER LETTER GRAVE ACCENT (U+02CB): looks like a backtick, never opens or closes code. */
    static final char LOOKALIKE_BACKTICK = '\u02CB';

    private static final Pattern EVERYONE = Pattern.compile("@(everyone|here)", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADING = Pattern.compile("(?m)^(\\s*)(-#|#)");

    private DiscordText() {}

    /**
     * Our text, perhaps quoting the server: Markdown escaped, active forms broken. Backticks become
     * the look-alike as in code: the sanitizer leaves a lone one raw, and a field name or title that
     * quotes a certificate subject could otherwise open code.
     */
    static String prose(String s) {
        String escaped = MarkdownSanitizer.escape(controls(s).replace('`', LOOKALIKE_BACKTICK));
        // Headings and subtext (#, ##, -#) are block syntax the sanitizer leaves alone.
        escaped = HEADING.matcher(escaped).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "\\" + m.group(2)));
        return inert(escaped);
    }

    /**
     * Server text for a code span or block: backticks become a look-alike (U+02CB) so no fence can
     * close early, and the active forms are broken as in prose (Discord shows code verbatim, but the
     * JSON should carry nothing a client might one day link or ping).
     */
    static String code(String s) {
        return inert(controls(s).replace('`', LOOKALIKE_BACKTICK));
    }

    /**
     * Text shown without Markdown (footers, file names): controls escaped, backticks replaced as
     * everywhere (one rule, wherever a client might one day render Markdown), active forms broken.
     */
    static String plain(String s) {
        return inert(controls(s).replace('`', LOOKALIKE_BACKTICK));
    }

    /** Server text as a code span (one line) or a code block (several lines). */
    static String quoted(String s) {
        String c = code(s);
        if (c.isBlank()) {
            return "(empty)";
        }
        return c.contains("\n") ? "```\n" + c + "\n```" : "`" + c + "`";
    }

    /**
     * The longest prefix of {@code raw} whose rendering, plus a visible "… (N more characters)",
     * fits in {@code max}; the whole rendering when it fits as it is. Cut before rendering so an
     * escape or a fence is never split.
     */
    static String fit(String raw, int max, UnaryOperator<String> render) {
        String whole = render.apply(raw);
        if (whole.length() <= max) {
            return whole;
        }
        int lo = 0;
        int hi = raw.length();
        String best = render.apply("") + more(raw.length());
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int cut = mid > 0 && Character.isHighSurrogate(raw.charAt(mid - 1)) ? mid - 1 : mid;
            String candidate = render.apply(raw.substring(0, cut).stripTrailing() + more(raw.length() - cut));
            if (candidate.length() <= max) {
                best = candidate;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best.length() <= max ? best : clipHard(best, max);
    }

    static String more(int n) {
        return " … (" + n + " more characters)";
    }

    /** Last resort for tiny budgets: a plain cut with an ellipsis. */
    static String clipHard(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        if (max <= 1) {
            return "…".substring(0, Math.max(0, max));
        }
        int cut = max - 1;
        if (Character.isHighSurrogate(s.charAt(cut - 1))) {
            cut--;
        }
        return s.substring(0, cut) + "…";
    }

    private static String inert(String s) {
        String v = s.replace("<", "<" + ZWSP).replace("://", ZWSP + "://").replace("](", "]" + ZWSP + "(");
        return EVERYONE.matcher(v).replaceAll(m -> "@" + ZWSP + Matcher.quoteReplacement(m.group(1)));
    }

    /**
     * bot-core's {@link ServerText} rule, as on every front end: hidden characters (controls, DEL,
     * bidi overrides, zero-width and other format characters, separators) become visible escapes;
     * tab, line feed and CRLF stay. A banner can neither reorder nor hide text.
     */
    static String controls(String s) {
        return ServerText.keepingLines(s);
    }
}
