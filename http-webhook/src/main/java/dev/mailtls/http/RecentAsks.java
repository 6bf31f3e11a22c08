package dev.mailtls.http;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The asks that recent request bodies were read as, by the body's exact text: a runbook or a
 * dashboard sends the same body again and again, and reading it (JSON, then the grammar) was a
 * fifth of a cached card's cost. Only bodies that were read without error are kept, and only short
 * ones; a body is read the same way every time (the options it starts from are the server's own),
 * so a kept ask is the one reading it again would give.
 */
final class RecentAsks {
    /** Longer bodies are read every time: a probe's body is about a hundred characters. */
    static final int MAX_BODY_CHARS = 1_024;

    /** Bodies kept at most; when full, the map starts afresh (at most about 1 MB). */
    static final int MAX_BODIES = 1_024;

    /** How a body is read: the same function of the text every time, or a problem. */
    @FunctionalInterface
    interface Reader {
        ProbeAsk read(String body) throws ProblemException;
    }

    private final ConcurrentHashMap<String, ProbeAsk> byBody = new ConcurrentHashMap<>();

    ProbeAsk read(String body, Reader reader) throws ProblemException {
        ProbeAsk known = byBody.get(body);
        if (known != null) {
            return known;
        }
        ProbeAsk ask = reader.read(body);
        if (body.length() <= MAX_BODY_CHARS) {
            if (byBody.size() >= MAX_BODIES) {
                byBody.clear();
            }
            byBody.put(body, ask);
        }
        return ask;
    }

    int size() {
        return byBody.size();
    }
}
