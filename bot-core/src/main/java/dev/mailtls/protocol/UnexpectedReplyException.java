package dev.mailtls.protocol;

import java.io.IOException;

/** The server answered something that is not a reply of the protocol (garbage, another protocol). */
public final class UnexpectedReplyException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String line;

    public UnexpectedReplyException(String what, String line) {
        // The line itself is evidence, shown quoted by renderers; it stays out of the message.
        super(what);
        this.line = line;
    }

    /** The offending line as received. */
    public String line() {
        return line;
    }
}
