package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .ci/java-home.sh}, which ./mailtls, ./run-tests, .ci/run and the bench scripts source:
 * it tells a JDK's version by its release file (running java costs ./mailtls a few hundred
 * milliseconds per candidate), runs java only for a home without one, and fails on one clear line
 * when no JDK is 21 or newer. The JDKs here are directories with a release file and bin/java and
 * bin/javac scripts that leave a mark when run.
 */
class JavaHomeScriptTest {
    private static final String NO_JDK =
            "mailtls needs a JDK 21 or newer: apt-get install openjdk-21-jdk (or set JAVA_HOME)\n";

    @TempDir
    Path dir;

    @Test
    void javaHomeIsTakenByItsReleaseFileWithoutRunningJava() throws Exception {
        Path jdk = jdk("jdk-25", "25.0.1", null);
        Result r = pick(Map.of(
                "JAVA_HOME",
                jdk.toString(),
                "MAILTLS_JDK_DIRS",
                dir.resolve("none").toString()));
        assertThat(r.stdout()).isEqualTo(jdk + "\n");
        assertThat(r.exit()).isZero();
        assertThat(dir.resolve("ran")).doesNotExist();
    }

    @Test
    void theNewestJdkOfTheJdkDirectoriesIsPickedByReleaseFiles() throws Exception {
        Path jdks = Files.createDirectories(dir.resolve("jvm"));
        jdk("jvm/jdk-17", "17.0.15", null);
        jdk("jvm/jdk-21", "21.0.5", null);
        Path newest = jdk("jvm/jdk-25", "25.0.1", null);
        jdk("jvm/jdk-8", "1.8.0_292", null);
        Result r = pick(Map.of("MAILTLS_JDK_DIRS", jdks.toString()));
        assertThat(r.stdout()).isEqualTo(newest + "\n");
        assertThat(dir.resolve("ran")).doesNotExist();
    }

    @Test
    void aHomeWithoutReleaseFileIsAskedByRunningItsJava() throws Exception {
        Path jdk = jdk("jdk-21", null, "21");
        Result r = pick(Map.of(
                "JAVA_HOME",
                jdk.toString(),
                "MAILTLS_JDK_DIRS",
                dir.resolve("none").toString()));
        assertThat(r.stdout()).isEqualTo(jdk + "\n");
        assertThat(dir.resolve("ran")).exists();
    }

    @Test
    void noJdk21OrNewerFailsOnOneClearLine() throws Exception {
        Path jdks = Files.createDirectories(dir.resolve("jvm"));
        Path old = jdk("jvm/jdk-17", "17.0.15", null);
        jdk("jvm/jdk-11", null, "11");
        Result r = pick(Map.of("JAVA_HOME", old.toString(), "MAILTLS_JDK_DIRS", jdks.toString()));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).isEqualTo(NO_JDK);
    }

    @Test
    void theLauncherSaysSoToo() throws Exception {
        Path jdks = Files.createDirectories(dir.resolve("jvm"));
        jdk("jvm/jdk-17", "17.0.15", null);
        Result r = run(
                Map.of("MAILTLS_JDK_DIRS", jdks.toString()),
                DockerfileTest.repositoryRoot().resolve("mailtls").toString(),
                "--version");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).isEqualTo(NO_JDK);
    }

    @Test
    void theLauncherRunsThroughASymlinkFromAnotherDirectory() throws Exception {
        // Through a symlink in another directory (~/bin), and a relative one: the launcher finds its
        // source tree (its scripts), then says what is missing here.
        Path jdks = Files.createDirectories(dir.resolve("jvm"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(
                bin.resolve("mailtls"), DockerfileTest.repositoryRoot().resolve("mailtls"));
        Files.createSymbolicLink(bin.resolve("mt"), Path.of("mailtls"));
        for (String link : List.of("mailtls", "mt")) {
            Result r = run(
                    Map.of("MAILTLS_JDK_DIRS", jdks.toString()),
                    bin.resolve(link).toString(),
                    "--version");
            assertThat(r.stderr()).as(link).isEqualTo(NO_JDK);
            assertThat(r.exit()).isEqualTo(1);
        }
    }

    /**
     * A JDK home: a release file stating {@code release} (none when null), and bin/java and
     * bin/javac that mark "ran" and print {@code java.specification.version = runs} (nothing, and
     * fail, when null).
     */
    private Path jdk(String name, String release, String runs) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name).resolve("bin")).getParent();
        if (release != null) {
            Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + release + "\"\n");
        }
        String body = "#!/bin/sh\ntouch '" + dir.resolve("ran") + "'\n"
                + (runs == null ? "exit 1\n" : "echo '    java.specification.version = " + runs + "' >&2\n");
        for (String tool : List.of("java", "javac")) {
            Path script = home.resolve("bin").resolve(tool);
            Files.writeString(script, body);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return home;
    }

    record Result(int exit, String stdout, String stderr) {}

    private Result pick(Map<String, String> env) throws Exception {
        return run(
                env,
                "/bin/bash",
                "-c",
                "source \"$0\"; mailtls_pick_jdk",
                DockerfileTest.repositoryRoot().resolve(".ci/java-home.sh").toString());
    }

    /** Runs with a PATH that has the shell's tools and no java. */
    private Result run(Map<String, String> env, String... command) throws Exception {
        Path tools = Files.createDirectories(dir.resolve("tools"));
        for (String tool : List.of("bash", "sh", "sed", "head", "dirname", "readlink", "cut", "cksum", "touch")) {
            Path link = tools.resolve(tool);
            if (Files.notExists(link)) {
                Files.createSymbolicLink(link, Path.of("/bin").resolve(tool).toRealPath());
            }
        }
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command)));
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("MAILTLS_JDK_DIRS");
        pb.environment().put("PATH", tools.toString());
        pb.environment().putAll(env);
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the script ended").isTrue();
        return new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
