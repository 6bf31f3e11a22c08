package dev.mailtls.http;

import java.util.List;

/** What keeps the server from taking work: an empty list means ready. */
@FunctionalInterface
public interface Readiness {
    Readiness ALWAYS = List::of;

    /** Reasons the server is not ready, e.g. "data directory /data is not writable". */
    List<String> problems();
}
