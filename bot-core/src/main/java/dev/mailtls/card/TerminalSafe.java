package dev.mailtls.card;

/**
 * Makes text safe to print: C0 and C1 control characters (tab excepted), DEL, the Unicode line
 * separators and the bidirectional overrides become visible escapes, so a banner can neither emit
 * terminal escape sequences nor reorder what is shown around it.
 */
public final class TerminalSafe {
    private TerminalSafe() {}

    public static String of(String s) {
        return of(s, false);
    }

    /** As {@link #of(String)}, but line feeds stay, for text that is laid out line by line. */
    public static String keepingLines(String s) {
        return of(s, true);
    }

    private static String of(String s, boolean keepLineFeeds) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (unsafe(c) && !(keepLineFeeds && c == '\n')) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                b.append(c <= 0xff ? String.format("\\x%02X", (int) c) : String.format("\\u%04X", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    private static boolean unsafe(char c) {
        return (c < 0x20 && c != '\t')
                || (c >= 0x7f && c <= 0x9f)
                || c == '\u2028'
                || c == '\u2029'
                || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200E'
                || c == '\u200F'
                || c == '\u061C';
    }
}
