package dev.mailtls.card;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import org.jspecify.annotations.Nullable;

/**
 * JSON escapes beyond the standard ones: DEL, the C1 controls (U+0080–U+009F, which include the
 * 8-bit CSI a terminal obeys), the line and paragraph separators and the bidi overrides and isolates
 * are written as {@code \\uXXXX}. The parsed value is unchanged; only raw output to a terminal
 * ({@code mailtls probe --json}) is made harmless. Other non-ASCII text (é, ✔) stays readable.
 */
public final class TerminalSafeEscapes extends CharacterEscapes {
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
        if ((ch >= 0x80 && ch <= 0x9f)
                || ch == 0x2028
                || ch == 0x2029
                || (ch >= 0x202a && ch <= 0x202e)
                || (ch >= 0x2066 && ch <= 0x2069)) {
            return new SerializedString(String.format("\\u%04X", ch));
        }
        return null;
    }
}
