package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the README and docs/ points at a file of the repository, and every
 * {@code #anchor} at a heading of its page (GitHub's anchor rules), so the front door's index and
 * the pages' cross-references never lead nowhere.
 */
class DocLinksTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    private static List<Path> pages(Path root) throws IOException {
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** GitHub's anchors: lower case, punctuation dropped but '-' and '_', spaces as '-'. */
    static Set<String> anchors(String markdown) {
        Set<String> out = new HashSet<>();
        boolean fence = false;
        for (String line : markdown.lines().toList()) {
            if (line.startsWith("```")) {
                fence = !fence;
            } else if (!fence && line.matches("#{1,6} .*")) {
                String text = line.replaceFirst("#{1,6} ", "").replace("`", "").toLowerCase(Locale.ROOT);
                out.add(text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return out;
    }

    @Test
    void everyRelativeLinkAndAnchorResolves() throws IOException {
        Path root = DockerfileTest.repositoryRoot();
        List<String> broken = new ArrayList<>();
        for (Path page : pages(root)) {
            String text = ProjectDocs.read(page);
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String link = m.group(1);
                if (link.matches("[a-z]+:.*")) {
                    continue; // http(s), mailto: not checked offline
                }
                String file = link.contains("#") ? link.substring(0, link.indexOf('#')) : link;
                String anchor = link.contains("#") ? link.substring(link.indexOf('#') + 1) : null;
                Path target =
                        file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(target)) {
                    broken.add(root.relativize(page) + ": " + link + " (no such file)");
                } else if (anchor != null && !anchors(ProjectDocs.read(target)).contains(anchor)) {
                    broken.add(root.relativize(page) + ": " + link + " (no such heading)");
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void theReadmeIndexLinksEveryPageOfDocs() throws IOException {
        Path root = DockerfileTest.repositoryRoot();
        String readme = ProjectDocs.read(root.resolve("README.md"));
        for (Path page : pages(root).subList(1, pages(root).size())) {
            assertThat(readme).contains("](docs/" + page.getFileName() + ")");
        }
    }
}
