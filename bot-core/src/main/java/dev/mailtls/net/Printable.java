package dev.mailtls.net;

/**
 * Makes untrusted server text safe to store and print, and holds the one rule every renderer
 * (terminal text, Markdown, JSON, Slack, Discord) uses for characters that must be shown escaped:
 * {@link #hidden(int)}. Such a character becomes a visible {@code \\xNN}, {@code \\uXXXX} or
 * {@code \\u{XXXXX}}, so server text can neither drive a terminal, reorder what is shown around it,
 * nor hide characters inside a name that looks familiar.
 */
public final class Printable {
    private Printable() {}

    /**
     * True for characters nobody should see raw in server text: C0 controls (tab excepted: callers
     * decide about line feeds), DEL and the C1 controls; every format character (Unicode category
     * Cf: bidi overrides and isolates, zero-width space, joiners, word joiner, BOM, soft hyphen,
     * interlinear annotations, tag characters); U+034F COMBINING GRAPHEME JOINER (Mn, but invisible
     * and joining); the line and paragraph separators; and the Hangul fillers, which render blank.
     */
    public static boolean hidden(int cp) {
        if (cp == '\t') {
            return false;
        }
        if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
            return true;
        }
        if (cp < 0xa0) {
            return false;
        }
        return switch (cp) {
            case 0x034F, 0x2028, 0x2029, 0x115F, 0x1160, 0x3164, 0xFFA0 -> true;
            default -> Character.getType(cp) == Character.FORMAT;
        };
    }

    /** {@code \\xNN} up to U+00FF, {@code \\uXXXX} in the BMP, {@code \\u{XXXXX}} beyond. */
    public static String escape(int cp) {
        if (cp <= 0xff) {
            return String.format("\\x%02X", cp);
        }
        if (cp <= 0xffff) {
            return String.format("\\u%04X", cp);
        }
        return String.format("\\u{%X}", cp);
    }

    /** {@link #hidden} characters (line feeds included) escaped, and the length capped. */
    public static String of(String s, int maxChars) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), maxChars) + 16);
        for (int i = 0; i < s.length(); ) {
            if (b.length() >= maxChars) {
                b.append("… (").append(s.length() - i).append(" more chars)");
                break;
            }
            int cp = s.codePointAt(i);
            if (hidden(cp) || loneSurrogate(cp)) {
                b.append(escape(cp));
            } else {
                b.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return b.toString();
    }

    /**
     * A surrogate that is not half of a pair. Only a BMP code point can be one: a character beyond
     * the BMP whose low 16 bits fall in the surrogate range (U+1D800, U+2D800) is a character.
     */
    public static boolean loneSurrogate(int cp) {
        return Character.isBmpCodePoint(cp) && Character.isSurrogate((char) cp);
    }

    /** Bytes as text: printable ASCII kept, everything else escaped. */
    public static String ofBytes(byte[] bytes, int maxChars) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < bytes.length && b.length() < maxChars; i++) {
            int c = bytes[i] & 0xff;
            if (c == '\r') {
                b.append("\\r");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c >= 0x20 && c < 0x7f) {
                b.append((char) c);
            } else {
                b.append(String.format("\\x%02X", c));
            }
        }
        return b.toString();
    }
}
