package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the tests of the shipped deployment files (the systemd unit, compose.yaml) share: the
 * configuration names mailtls really reads, and running the external tools that check the files.
 */
final class DeployFiles {
    /** The variables of mailtls and of its chat front ends, as they appear in any text. */
    static final Pattern NAME = Pattern.compile("\\b(?:MAILTLS|SLACK|DISCORD)_[A-Z0-9_]*[A-Z0-9]");

    /** CI sets it: a missing tool fails the test there instead of skipping it. */
    static final String REQUIRE_PROPERTY = "mailtls.requireInterop";

    private DeployFiles() {}

    /**
     * Every name the server's configuration loader asks the environment for (the {@code MAILTLS_*}
     * settings and the variables the Slack and Discord front ends read), and the other known {@code
     * MAILTLS_*} names of {@link MailtlsVariables}.
     */
    static Set<String> configurationNames(Path tmp) throws Exception {
        MailtlsVariablesTest.Recording env = new MailtlsVariablesTest.Recording(
                Map.of("XDG_DATA_HOME", tmp.toString(), "MAILTLS_HTTP_ADDR", "127.0.0.1:1"));
        ServeConfigLoader.load(env, tmp);
        Set<String> names = new TreeSet<>(MailtlsVariables.known());
        env.asked().stream().filter(n -> NAME.matcher(n).matches()).forEach(names::add);
        // The recording saw the front ends: the check below could not fail if it saw nothing.
        assertThat(names).contains("MAILTLS_DB_URL", "SLACK_BOT_TOKEN", "DISCORD_PUBLIC_KEY");
        return names;
    }

    /** The configuration-like names a file mentions anywhere, comments included. */
    static Set<String> namesIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    /** The executable {@code name} on PATH. */
    static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Skips the calling test without {@code tool}, or fails it where CI requires the tools. */
    static void assumeTool(boolean present, String tool) {
        assumeTrue(
                present || Boolean.getBoolean(REQUIRE_PROPERTY),
                tool + " is not installed; CI installs it (.ci/run), where it is required");
        assertThat(present)
                .as("%s on PATH (required by -D%s=true)", tool, REQUIRE_PROPERTY)
                .isTrue();
    }

    record Result(int exit, String stdout, String stderr) {}

    /**
     * Runs a command in {@code dir} with the environment changed by {@code env} (a null value
     * removes the variable), stdout and stderr through files in {@code scratch}.
     */
    static Result run(Path dir, Path scratch, Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile());
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Path out = Files.createTempFile(scratch, "stdout", ".txt");
        Path err = Files.createTempFile(scratch, "stderr", ".txt");
        Process p = pb.redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within 120 s");
        }
        return new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
