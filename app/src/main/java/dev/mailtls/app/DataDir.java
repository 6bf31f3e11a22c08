package dev.mailtls.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The server's data directory: where it is by default, and whether it can be written. */
final class DataDir {
    private DataDir() {}

    /** {@code $XDG_DATA_HOME/mailtls}, else {@code ~/.local/share/mailtls} (XDG Base Directory spec). */
    static Path defaultFor(Map<String, String> env, Path home) {
        String xdg = env.get("XDG_DATA_HOME");
        // The spec says a relative XDG_DATA_HOME is invalid and must be ignored.
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg).resolve("mailtls");
        }
        String h = env.get("HOME");
        Path base = h != null && !h.isBlank() ? Path.of(h) : home;
        return base.resolve(".local").resolve("share").resolve("mailtls");
    }

    /** Creates the directory if missing; a reason when it cannot be created or written, else empty. */
    static List<String> prepare(Path dir) {
        if (!Files.exists(dir)) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                return List.of("data directory " + dir + " cannot be created ("
                        + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            }
        }
        return problems(dir);
    }

    /**
     * Why the directory cannot be written, or empty: tries to create and delete a file, since
     * permission bits alone do not say what root or an ACL allows.
     */
    static List<String> problems(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of("data directory " + dir + (Files.exists(dir) ? " is not a directory" : " does not exist"));
        }
        try {
            Path probe = Files.createTempFile(dir, ".mailtls-write-check", ".tmp");
            Files.delete(probe);
            return List.of();
        } catch (IOException e) {
            return List.of("data directory " + dir + " is not writable");
        }
    }
}
