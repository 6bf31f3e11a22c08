package dev.mailtls.card;

import dev.mailtls.net.Printable;

/**
 * The one rule every front end (terminal text, Markdown, JSON, HTML, Slack, Discord) applies to
 * untrusted server text before its own syntax escaping: which characters are hidden and how each is
 * made visible. A hidden character is one {@link Printable#hidden} names (C0 controls but tab, DEL,
 * C1, every format character: bidi overrides and isolates, zero-width ones, joiners, BOM, soft
 * hyphen, tag characters; U+034F; the line and paragraph separators; the Hangul fillers) or a lone
 * surrogate; it becomes {@link Printable#escape}'s {@code \\xNN}, {@code \\uXXXX} or {@code
 * \\u{XXXXX}}. A character beyond the BMP is judged as a whole, never by half of its pair.
 *
 * <p>Text laid out line by line keeps its line feeds, and a CRLF is one line break; a lone CR is
 * escaped, so it cannot send a terminal back to overwrite a line. Platform escapers (Slack's
 * entities and mention breaking, Discord's Markdown and mention breaking, HTML) run on top of this
 * and add nothing to it.
 */
public final class ServerText {
    private ServerText() {}

    /** True for a character shown escaped: {@link Printable#hidden} or a lone surrogate. */
    public static boolean hidden(int cp) {
        return Printable.hidden(cp) || Printable.loneSurrogate(cp);
    }

    /** How a hidden character is shown: {@code \\x0D}, {@code \\u202E}, {@code \\u{E0041}}. */
    public static String escape(int cp) {
        return Printable.escape(cp);
    }

    /** On one line: every hidden character escaped, line feeds and CRs included; tabs kept. */
    public static String oneLine(String s) {
        return visible(s, false);
    }

    /** As {@link #oneLine}, but line feeds (and CRLFs, as line feeds) stay, for text laid out line by line. */
    public static String keepingLines(String s) {
        return visible(s, true);
    }

    private static String visible(String s, boolean keepLines) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            boolean lineBreak =
                    keepLines && (cp == '\n' || (cp == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n'));
            if (hidden(cp) || lineBreak) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                if (!lineBreak) {
                    b.append(escape(cp));
                } else if (cp == '\n') {
                    b.append('\n');
                } // the CR of a CRLF: the LF that follows is the line break
            } else if (b != null) {
                b.appendCodePoint(cp);
            }
            i += n;
        }
        return b == null ? s : b.toString();
    }
}
