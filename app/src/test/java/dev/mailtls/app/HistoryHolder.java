package dev.mailtls.app;

import dev.mailtls.history.HistoryStores;
import dev.mailtls.summary.HistoryStore;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Holds the embedded history under {@code args[0]} in its own process, as a running {@code
 * mailtls serve} does: says {@code held} once it holds it, lets go when its stdin closes.
 */
final class HistoryHolder {
    static final String HELD = "held";

    private HistoryHolder() {}

    public static void main(String[] args) throws IOException {
        try (HistoryStore store = HistoryStores.fromConfig(null, null, null, Path.of(args[0]))) {
            System.out.println(HELD);
            System.out.flush();
            while (System.in.read() != -1) {
                // wait for the test to close stdin
            }
        }
    }
}
