package dev.mailtls.internal.io;

import java.io.IOException;

/** A server sent a line longer than the reader's bound. */
public final class LineTooLongException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String prefix;

    public LineTooLongException(int limit, String prefix) {
        super("line longer than " + limit + " bytes");
        this.prefix = prefix;
    }

    /** The start of the offending line, for the transcript. */
    public String prefix() {
        return prefix;
    }
}
