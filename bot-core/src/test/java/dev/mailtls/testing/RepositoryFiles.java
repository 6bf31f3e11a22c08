package dev.mailtls.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository (docs, scripts) for tests that keep them in step with the code. */
public final class RepositoryFiles {
    private RepositoryFiles() {}

    /** The text of {@code relative} (e.g. "docs/json-schema.md"), found from the module upwards. */
    public static String read(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(relative))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    relative + " not found above " + Path.of("").toAbsolutePath());
        }
        try {
            return Files.readString(dir.resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
