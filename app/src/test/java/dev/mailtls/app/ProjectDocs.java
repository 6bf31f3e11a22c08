package dev.mailtls.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The project's documentation for users: the README (the front door) and every page of docs/. */
final class ProjectDocs {
    private ProjectDocs() {}

    /** The README and docs/*.md, joined, for tests that check a fact is documented somewhere. */
    static String all() {
        Path root = DockerfileTest.repositoryRoot();
        try (Stream<Path> pages = Files.list(root.resolve("docs"))) {
            StringBuilder out = new StringBuilder(read(root.resolve("README.md")));
            for (Path page :
                    pages.filter(p -> p.toString().endsWith(".md")).sorted().collect(Collectors.toList())) {
                out.append('\n').append(read(page));
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
