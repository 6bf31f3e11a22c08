package dev.mailtls.card;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import org.jspecify.annotations.Nullable;

/**
 * JSON escapes beyond the standard ones: DEL, the C1 controls (U+0080–U+009F, which include the
 * 8-bit CSI a terminal obeys) and every other character {@link ServerText#hidden} names (separators,
 * bidi overrides and isolates, zero-width and other format characters) are written as {@code
 * \\uXXXX}. The parsed value is unchanged; only raw output to a terminal
 * ({@code mailtls probe --json}) is made harmless. Other non-ASCII text (é, ✔) stays readable.
 */
final class TerminalSafeEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;

    private final int[] ascii;

    public TerminalSafeEscapes() {
        ascii = standardAsciiEscapesForJSON();
        ascii[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ascii;
    }

    @Override
    public @Nullable SerializableString getEscapeSequence(int ch) {
        // Jackson asks per UTF-16 unit: the BMP is decided here, pairs by escapeSurrogates on the output.
        if (ServerText.hidden(ch) && !Character.isSurrogate((char) ch)) {
            return new SerializedString(String.format("\\u%04X", ch));
        }
        return null;
    }

    /**
     * JSON text written with these escapes, with every hidden character beyond the BMP (tag
     * characters, the Egyptian and shorthand format controls, the musical ones: {@link
     * ServerText#hidden}) written as its escaped surrogate pair, {@code \\uDB40\\uDC41}. Jackson
     * sees a pair one unit at a time, so this pass finishes what {@link #getEscapeSequence} starts;
     * such a character can only stand inside a string, where the escape parses to the same value.
     * A lone surrogate is written escaped as well.
     */
    static String escapeSurrogates(String json) {
        StringBuilder b = null;
        for (int i = 0; i < json.length(); ) {
            int cp = json.codePointAt(i);
            int n = Character.charCount(cp);
            // Only a surrogate can reach here hidden: Jackson escaped every other hidden character.
            if (ServerText.hidden(cp) && (n == 2 || Character.isSurrogate(json.charAt(i)))) {
                if (b == null) {
                    b = new StringBuilder(json.length() + 16).append(json, 0, i);
                }
                for (int k = i; k < i + n; k++) {
                    b.append(String.format("\\u%04X", (int) json.charAt(k)));
                }
            } else if (b != null) {
                b.appendCodePoint(cp);
            }
            i += n;
        }
        return b == null ? json : b.toString();
    }
}
