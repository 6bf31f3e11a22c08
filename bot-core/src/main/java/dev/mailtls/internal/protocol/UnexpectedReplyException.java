package dev.mailtls.internal.protocol;

import java.io.IOException;

/** The server answered something that is not a reply of the protocol (garbage, another protocol). */
public final class UnexpectedReplyException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String line;
    private final java.util.List<String> before;

    public UnexpectedReplyException(String what, String line) {
        this(what, line, java.util.List.of());
    }

    /** For a reply that went wrong after {@code before}, the valid lines already read. */
    public UnexpectedReplyException(String what, String line, java.util.List<String> before) {
        // The line itself is evidence, shown quoted by renderers; it stays out of the message.
        super(what);
        this.line = line;
        this.before = java.util.List.copyOf(before);
    }

    /** The valid lines of the same reply read before the offending one. */
    public java.util.List<String> before() {
        return before;
    }

    /** The offending line as received. */
    public String line() {
        return line;
    }
}
