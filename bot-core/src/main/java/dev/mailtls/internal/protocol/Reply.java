package dev.mailtls.internal.protocol;

import java.util.List;

/**
 * One complete server reply: its lines as received and what kind of answer it is.
 *
 * @param code the SMTP reply code, or -1 for IMAP and POP3
 * @param complete false when the connection ended in the middle of a multi-line reply
 */
public record Reply(Kind kind, int code, List<String> lines, boolean complete) {

    /** Positive, a request for more (SMTP 334, IMAP/POP3 "+ "), or negative. */
    public enum Kind {
        POSITIVE,
        CONTINUE,
        NEGATIVE
    }

    public Reply {
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
    }

    public boolean positive() {
        return kind == Kind.POSITIVE;
    }

    /** The lines joined with newlines. */
    public String text() {
        return String.join("\n", lines);
    }

    /** The last line: for multi-line SMTP replies the one that ends it, for IMAP the tagged status. */
    public String lastLine() {
        return lines.get(lines.size() - 1);
    }
}
