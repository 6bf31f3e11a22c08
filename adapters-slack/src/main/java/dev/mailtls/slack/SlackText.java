package dev.mailtls.slack;

import dev.mailtls.card.ServerText;
import java.util.regex.Pattern;

/**
 * Escapes text for Slack's mrkdwn. Slack reads {@code <!channel>}, {@code <@U123>}, {@code
 * <#C123>} and {@code <url|text>} anywhere in a message, code blocks included, so {@code &},
 * {@code <} and {@code >} always become entities (Slack's documented escapes). Which characters
 * are hidden and how they are shown is bot-core's {@link ServerText}, as on every front end, so
 * server text can neither reorder nor hide what is shown around it. Server text goes into code,
 * where backticks are replaced by a look-alike so it cannot close the code span or block; mailtls's
 * own prose has its formatting markers neutralised the same way.
 */
public final class SlackText {
    /** MODIFIER LETTER GRAVE ACCENT: looks like a backtick, never closes code. */
    static final char BACKTICK_LOOKALIKE = '\u02CB';

    private static final Pattern FORMAT_MARKERS = Pattern.compile("[*~`]");
    /** An underscore that could open or close italics: not between two word characters. */
    private static final Pattern LOOSE_UNDERSCORE = Pattern.compile("(?<![\\p{L}\\p{N}])_|_(?![\\p{L}\\p{N}])");

    private SlackText() {}

    /**
     * bot-core's {@link ServerText} rule (hidden characters made visible, line feeds and CRLFs kept
     * as line breaks), then entities for {@code & < >}.
     */
    public static String escape(String s) {
        return ServerText.keepingLines(s)
                .replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;");
    }

    /** Server text on one line as inline code: escaped, backticks replaced, lines joined. */
    public static String code(String serverText) {
        String v = escape(serverText).replace('`', BACKTICK_LOOKALIKE).replace("\n", " ");
        return v.isBlank() ? "(empty)" : "`" + v + "`";
    }

    /**
     * Server text as a code block of at most {@code maxChars} characters in all, fences included:
     * lines past the budget are cut with a visible "… (N more lines)".
     */
    public static String codeBlock(String serverText, int maxChars) {
        String v = escape(serverText).replace('`', BACKTICK_LOOKALIKE);
        if (v.isBlank()) {
            v = "(empty)";
        }
        String open = "```\n";
        String close = "\n```";
        int budget = maxChars - open.length() - close.length();
        return open + Limits.cutLines(v, budget) + close;
    }

    /** mailtls's own prose as mrkdwn: escaped, and no server word inside it can bold, strike or open code. */
    public static String prose(String ours) {
        String v = escape(ours);
        v = FORMAT_MARKERS.matcher(v).replaceAll(m -> switch (m.group()) {
            case "*" -> "\u2217";
            case "~" -> "\u223C";
            default -> String.valueOf(BACKTICK_LOOKALIKE);
        });
        return LOOSE_UNDERSCORE.matcher(v).replaceAll("\u02CD");
    }

    /**
     * Text for a {@code plain_text} object (headers, buttons): Slack shows it as typed, so angle
     * brackets become look-alikes rather than entities, and unsafe characters visible escapes.
     */
    public static String plain(String s) {
        return escape(s.replace('<', '\u2039').replace('>', '\u203A').replace("&", "\uFF06"))
                .replace("\n", " ");
    }
}
