package dev.mailtls.internal.protocol;

import java.io.IOException;
import java.util.List;

/**
 * A reply that went on past {@link Session#MAX_REPLY_LINES} lines without its last line: an SMTP
 * greeting of endless {@code 220-} continuations, a CAPA list that never ends. The reply is well
 * formed so far, so this is not another protocol: it is one that never finishes.
 */
public final class TooManyLinesException extends IOException {
    private static final long serialVersionUID = 1L;

    private final List<String> lines;

    public TooManyLinesException(String what, List<String> lines) {
        super(what);
        this.lines = List.copyOf(lines);
    }

    /** The lines read before giving up, first first. */
    public List<String> lines() {
        return lines;
    }

    /** The last line read, or "" when none was. */
    public String lastLine() {
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
