package dev.mailtls.internal.protocol;

import dev.mailtls.net.Printable;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code C:}/{@code S:} lines of a probe, with notes. Bounded in lines and line length; server
 * text is made printable. Credentials never enter it: callers pass the redacted form of what they
 * send, and the {@link SecretRedactor} takes every form of them out of what the server says, before
 * a line is made printable or cut to length (so neither can hide a secret from it).
 */
public final class Transcript {
    static final int MAX_LINES = 1000;
    static final int MAX_LINE_CHARS = 1000;

    private final List<String> lines = new ArrayList<>();
    private final SecretRedactor redactor;
    private int dropped;

    /** A transcript of a probe without real credentials. */
    public Transcript() {
        this(SecretRedactor.none());
    }

    /** A transcript that keeps every form of the probe's real credentials out of every line. */
    public Transcript(SecretRedactor redactor) {
        this.redactor = redactor;
    }

    public synchronized void client(String line) {
        add("C: " + line);
    }

    public synchronized void server(String line) {
        add("S: " + line);
    }

    /** A line of mailtls's own, e.g. {@code -- TLS handshake: TLSv1.3}. */
    public synchronized void note(String text) {
        add("-- " + text);
    }

    public synchronized List<String> lines() {
        if (dropped == 0) {
            return List.copyOf(lines);
        }
        List<String> all = new ArrayList<>(lines);
        all.add("-- … (" + dropped + " more lines not kept)");
        return List.copyOf(all);
    }

    private void add(String line) {
        if (lines.size() >= MAX_LINES) {
            dropped++;
            return;
        }
        lines.add(Printable.of(redactor.redact(line), MAX_LINE_CHARS));
    }
}
