package dev.mailtls.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A command run to completion with a deadline, its output kept for error messages. */
record ExternalCommand(List<String> command, int exitCode, String output) {

    ExternalCommand {
        command = List.copyOf(command);
    }

    /** Runs {@code command} (stderr merged into stdout); kills it and fails if it outlasts {@code timeout}. */
    static ExternalCommand run(Duration timeout, String... command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("MAIL_CONFIG"); // a caller's Postfix instance must not leak in
        try {
            Path output = Files.createTempFile("mailtls-command-", ".out");
            try {
                Process process = builder.redirectOutput(output.toFile()).start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + ": still running after " + timeout
                            + "; output so far: " + Files.readString(output, StandardCharsets.UTF_8));
                }
                return new ExternalCommand(
                        List.of(command), process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
        }
    }

    /** This result, or an exception naming the command, its exit code and output. */
    ExternalCommand requireSuccess() {
        if (exitCode != 0) {
            throw new IllegalStateException(
                    String.join(" ", command) + " exited with " + exitCode + ": " + output.strip());
        }
        return this;
    }
}
