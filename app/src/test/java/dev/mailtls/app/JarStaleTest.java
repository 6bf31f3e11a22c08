package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher rebuilds the jar when it is missing or older than a pom.xml or anything under a
 * module's src/main ({@code mailtls_jar_stale} in .ci/jvm-cache.sh, in bash alone since ./mailtls
 * runs it on every start); tests, target directories and other files leave it alone.
 */
class JarStaleTest {
    @TempDir
    Path root;

    private Path jar;
    private final Instant built = Instant.parse("2026-12-01T10:00:00Z");

    @BeforeEach
    void tree() throws Exception {
        for (String f : new String[] {
            "pom.xml",
            "app/pom.xml",
            "app/src/main/java/dev/mailtls/app/Main.java",
            "app/src/main/resources/mailtls.yaml",
            "app/src/test/java/dev/mailtls/app/MainTest.java",
            "bot-core/src/main/java/dev/mailtls/probe/Prober.java",
            "README.md",
            "app/target/classes/dev/mailtls/app/Main.class"
        }) {
            touch(root.resolve(f), built.minusSeconds(60));
        }
        jar = root.resolve("app/target/mailtls.jar");
        touch(jar, built);
        // Directories too: a file added to or removed from one makes it newer.
        try (var paths = Files.walk(root)) {
            for (Path p : paths.filter(Files::isDirectory).toList()) {
                Files.setLastModifiedTime(p, FileTime.from(built.minusSeconds(60)));
            }
        }
    }

    private static void touch(Path file, Instant when) throws Exception {
        Files.createDirectories(file.getParent());
        if (Files.notExists(file)) {
            Files.writeString(file, "x");
        }
        Files.setLastModifiedTime(file, FileTime.from(when));
    }

    private boolean stale() throws Exception {
        Path ci = DockerfileTest.repositoryRoot().resolve(".ci");
        Process p = new ProcessBuilder(
                        "bash",
                        "-c",
                        "set -euo pipefail; source \"$0/jvm-cache.sh\";"
                                + " if mailtls_jar_stale \"$1\" \"$2\"; then echo stale; else echo fresh; fi;"
                                + " shopt -q globstar && echo globstar-left-on || true",
                        ci.toString(),
                        root.toString(),
                        jar.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).isIn("stale", "fresh");
        return out.equals("stale");
    }

    @Test
    void aJarNewerThanEverySourceIsFresh() throws Exception {
        assertThat(stale()).isFalse();
    }

    @Test
    void aMissingJarIsStale() throws Exception {
        Files.delete(jar);
        assertThat(stale()).isTrue();
    }

    @Test
    void anEditedSourceOrResourceOrPomMakesItStale() throws Exception {
        for (String f : new String[] {
            "bot-core/src/main/java/dev/mailtls/probe/Prober.java",
            "app/src/main/resources/mailtls.yaml",
            "app/pom.xml",
            "pom.xml"
        }) {
            touch(root.resolve(f), built.plusSeconds(5));
            assertThat(stale()).as(f).isTrue();
            touch(root.resolve(f), built.minusSeconds(60));
            assertThat(stale()).as(f + " back").isFalse();
        }
    }

    @Test
    void aDeletedSourceMakesItStale() throws Exception {
        Files.delete(root.resolve("bot-core/src/main/java/dev/mailtls/probe/Prober.java"));
        assertThat(stale()).isTrue();
    }

    @Test
    void testsTargetAndDocsLeaveItAlone() throws Exception {
        touch(root.resolve("app/src/test/java/dev/mailtls/app/MainTest.java"), built.plusSeconds(5));
        touch(root.resolve("app/target/classes/dev/mailtls/app/Main.class"), built.plusSeconds(5));
        touch(root.resolve("README.md"), built.plusSeconds(5));
        assertThat(stale()).isFalse();
    }
}
