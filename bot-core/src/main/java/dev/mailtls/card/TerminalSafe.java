package dev.mailtls.card;

import dev.mailtls.net.Printable;

/**
 * Makes text safe to print: every character {@link Printable#hidden} names (controls, DEL, format
 * characters such as bidi overrides and zero-width ones, separators) becomes a visible escape, so a
 * banner can neither emit terminal escape sequences, reorder nor hide what is shown around it.
 */
public final class TerminalSafe {
    private TerminalSafe() {}

    public static String of(String s) {
        return Printable.visible(s, false);
    }

    /** As {@link #of(String)}, but line feeds stay, for text that is laid out line by line. */
    public static String keepingLines(String s) {
        return Printable.visible(s, true);
    }
}
