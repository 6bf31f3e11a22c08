package dev.mailtls.protocol;

import dev.mailtls.net.Printable;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code C:}/{@code S:} lines of a probe, with notes. Bounded in lines and line length; server
 * text is made printable. Credentials never enter it: callers pass the redacted form.
 */
public final class Transcript {
    static final int MAX_LINES = 1000;
    static final int MAX_LINE_CHARS = 1000;

    private final List<String> lines = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>();
    private int dropped;

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

    /**
     * Keeps a secret (and its base64 forms) out of every line added from now on, in case a server
     * echoes what it was sent.
     */
    public synchronized void redact(String secret) {
        if (secret.length() >= 3) {
            secrets.add(secret);
            secrets.add(java.util.Base64.getEncoder()
                    .encodeToString(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    /** The text with every registered secret replaced by {@code <redacted>}. */
    public synchronized String scrub(String text) {
        String t = text;
        for (String s : secrets) {
            t = t.replace(s, "<redacted>");
        }
        return t;
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
        lines.add(Printable.of(scrub(line), MAX_LINE_CHARS));
    }
}
