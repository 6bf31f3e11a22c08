package dev.mailtls.card;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.mailtls.net.Printable;
import org.jspecify.annotations.Nullable;

/**
 * JSON escapes beyond the standard ones: DEL, the C1 controls (U+0080–U+009F, which include the
 * 8-bit CSI a terminal obeys) and every other character {@link Printable#hidden} names (separators,
 * bidi overrides and isolates, zero-width and other format characters) are written as {@code
 * \\uXXXX}. The parsed value is unchanged; only raw output to a terminal
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
        // Jackson asks per UTF-16 unit: the rule applies to the BMP; a pair is written as it is.
        if (Printable.hidden(ch) && !Character.isSurrogate((char) ch)) {
            return new SerializedString(String.format("\\u%04X", ch));
        }
        return null;
    }
}
