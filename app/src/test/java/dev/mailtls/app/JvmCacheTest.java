package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The launcher's JVM cache ({@code .ci/jvm-cache.sh}) on a small jar: the first probe builds it
 * beside the jar, later runs map it, and a cache that is corrupt, stale or switched off never fails
 * a run nor puts a word on stdout, which {@code --json} keeps for the JSON. Each case runs in both
 * modes: the AOT cache (JDK 25+, skipped on an older JDK) and AppCDS (a JDK home whose release file
 * says 21, whose java is this JVM's).
 */
class JvmCacheTest {
    private static final String PRINTED = "{\"args\":2}\n";

    @TempDir
    Path dir;

    private Path javaHome;
    private Path jar;
    private String extension;

    private void setUp(String mode) throws IOException {
        Path real = Path.of(System.getProperty("java.home"));
        if (mode.equals("aot")) {
            Assumptions.assumeTrue(Runtime.version().feature() >= 25, "the AOT cache needs JDK 25");
            javaHome = real;
            extension = ".aot";
        } else {
            javaHome = dir.resolve("jdk21");
            Files.createDirectories(javaHome.resolve("bin"));
            Files.createSymbolicLink(javaHome.resolve("bin/java"), real.resolve("bin/java"));
            Files.writeString(javaHome.resolve("release"), "JAVA_VERSION=\"21.0.5\"\n");
            extension = ".jsa";
        }
        Path target = Files.createDirectories(dir.resolve("target"));
        jar = target.resolve("mailtls.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, JvmCacheFixture.class.getName());
        String entry = JvmCacheFixture.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                InputStream in = JvmCacheFixture.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"aot", "jsa"})
    void firstProbeBuildsTheCacheAndLaterRunsMapIt(String mode) throws Exception {
        setUp(mode);
        Result first = launch(Map.of(), "probe", "x");
        assertThat(first.stdout()).isEqualTo(PRINTED);
        assertThat(first.stderr()).isEmpty();
        assertThat(first.exit()).isZero();
        assertThat(caches()).hasSize(1);
        assertThat(Files.getLastModifiedTime(caches().get(0)).compareTo(Files.getLastModifiedTime(jar)))
                .isPositive();

        // The fixture's class comes out of the cache ("source: shared objects file").
        Result second = launch(Map.of("MAILTLS_JAVA_OPTS", "-Xlog:class+load=info:stderr"), "--version", "x");
        assertThat(second.stdout()).isEqualTo(PRINTED);
        assertThat(second.exit()).isZero();
        assertThat(second.stderr().lines().filter(l -> l.contains(JvmCacheFixture.class.getName() + " ")))
                .singleElement()
                .asString()
                .contains("shared objects file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aot", "jsa"})
    void onlyTheRunThatRecordsTheCacheIsToldSo(String mode) throws Exception {
        setUp(mode);
        Path mark = dir.resolve("recording");
        Map<String, String> env = Map.of("JVM_CACHE_FIXTURE_MARK", mark.toString());
        Result first = launch(env, "probe", "x");
        assertThat(first.stdout()).isEqualTo(PRINTED);
        assertThat(mark).hasContent("recording");
        assertThat(Rendered.JVM_CACHE_TRAINING).isEqualTo("mailtls.jvmCacheTraining");

        Files.delete(mark);
        Result second = launch(env, "probe", "x");
        assertThat(second.stdout()).isEqualTo(PRINTED);
        assertThat(mark).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"aot", "jsa"})
    void aCorruptCacheIsIgnoredWithoutAWord(String mode) throws Exception {
        setUp(mode);
        launch(Map.of(), "probe", "x");
        Path cache = caches().get(0);
        byte[] bytes = Files.readAllBytes(cache);
        // Truncated (a disk that filled up), then garbage.
        for (byte[] damaged : List.of(java.util.Arrays.copyOf(bytes, bytes.length / 3), "garbage\n".getBytes())) {
            Files.write(cache, damaged);
            Result r = launch(Map.of(), "--version", "x");
            assertThat(r.stdout()).isEqualTo(PRINTED);
            assertThat(r.stderr()).isEmpty();
            assertThat(r.exit()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"aot", "jsa"})
    void aCacheOlderThanTheJarIsDeletedAndTheNextProbeBuildsANewOne(String mode) throws Exception {
        setUp(mode);
        launch(Map.of(), "probe", "x");
        Path cache = caches().get(0);
        // The jar was rebuilt after the cache.
        Files.setLastModifiedTime(cache, FileTime.from(Instant.now().minusSeconds(120)));

        Result version = launch(Map.of(), "--version", "x");
        assertThat(version.stdout()).isEqualTo(PRINTED);
        assertThat(version.stderr()).isEmpty();
        assertThat(cache).doesNotExist();

        launch(Map.of(), "probe", "x");
        assertThat(cache).exists();
        assertThat(Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(jar)))
                .isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"aot", "jsa"})
    void noCacheFromBadUsageNorWhenSwitchedOff(String mode) throws Exception {
        setUp(mode);
        Result usage = launch(Map.of(), "probe", "fail");
        assertThat(usage.exit()).isEqualTo(64);
        assertThat(usage.stdout()).isEqualTo(PRINTED);
        assertThat(usage.stderr()).isEmpty();
        assertThat(caches()).isEmpty();

        Result off = launch(Map.of("MAILTLS_JVM_CACHE", "off"), "probe", "x");
        assertThat(off.exit()).isZero();
        assertThat(off.stdout()).isEqualTo(PRINTED);
        assertThat(caches()).isEmpty();
        try (Stream<Path> files = Files.list(dir.resolve("target"))) {
            assertThat(files).containsExactly(jar);
        }
    }

    private List<Path> caches() throws IOException {
        try (Stream<Path> files = Files.list(jar.getParent())) {
            return files.filter(p -> p.getFileName().toString().endsWith(extension))
                    .toList();
        }
    }

    record Result(int exit, String stdout, String stderr) {}

    /** {@code mailtls_run_jar} as ./mailtls runs it, with this JVM's JDK and the fixture jar. */
    private Result launch(Map<String, String> env, String... args) throws Exception {
        Path ci = DockerfileTest.repositoryRoot().resolve(".ci");
        List<String> command = new ArrayList<>(List.of(
                "bash",
                "-c",
                "set -euo pipefail; source \"$0/java-home.sh\"; source \"$0/jvm-cache.sh\";"
                        + " mailtls_run_jar \"$1\" \"$2\" \"$3\" \"${@:4}\"",
                ci.toString(),
                javaHome.toString(),
                jar.toString(),
                JvmCacheFixture.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("MAILTLS_JAVA_OPTS");
        pb.environment().remove("MAILTLS_JVM_CACHE");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().putAll(env);
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process p = pb.redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the launcher ended").isTrue();
        return new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
