package dev.mailtls.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailtls.testing.RealMailServers;
import dev.mailtls.testing.TestPki;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cold command line against the reference the issue names, on the same port: a real Postfix from
 * Debian on loopback, its submission port with STARTTLS. Prints one table of wall times (median of
 * N runs, each a new process): {@code ./mailtls --version}, {@code ./mailtls probe ... --json} with
 * and without the legacy check, {@code java -jar mailtls.jar --version} (the JVM and picocli alone,
 * without the launcher or its cache) and {@code swaks --quit-after TLS}, with the ratios to swaks.
 * Exit 1 only when something broke (a tool failed, stdout of {@code --json} was not one JSON
 * document, the probe did not reach TLS), never because the machine was slow; 2 on bad arguments.
 */
public final class ColdStartBench {
    private static final String NAME = "mail.cold.bench";

    private ColdStartBench() {}

    public static void main(String[] args) throws Exception {
        int runs = 10;
        String launcher = null;
        String jar = null;
        String java = null;
        String swaks = "/usr/bin/swaks";
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--runs" -> runs = Integer.parseInt(args[++i]);
                    case "--launcher" -> launcher = args[++i];
                    case "--jar" -> jar = args[++i];
                    case "--java" -> java = args[++i];
                    case "--swaks" -> swaks = args[++i];
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (runs < 1) {
                throw new IllegalArgumentException("--runs must be at least 1");
            }
            if (launcher == null || jar == null || java == null) {
                throw new IllegalArgumentException("--launcher, --jar and --java are needed");
            }
        } catch (RuntimeException e) {
            System.err.println("cold-start: " + e.getMessage() + "\nusage: bench/cold-start [--runs N] [--swaks PATH]");
            System.exit(2);
        }
        System.exit(run(runs, launcher, jar, java, swaks));
    }

    private static int run(int runs, String launcher, String jar, String java, String swaks) throws Exception {
        Path dir = Files.createTempDirectory("mailtls-cold-bench-");
        TestPki pki = TestPki.create();
        pki.writePem(pki.rsa(NAME), dir.resolve("chain.pem"), dir.resolve("key.pem"));
        try (RealMailServers servers = RealMailServers.start(dir.resolve("chain.pem"), dir.resolve("key.pem"))) {
            String host = servers.host();
            String port = Integer.toString(servers.ports().submission());
            List<String> probe = List.of(launcher, "probe", host, port, "starttls", "smtp", "--json");
            List<String> probeNoLegacy = new ArrayList<>(probe);
            probeNoLegacy.add("--no-legacy-check");
            List<String> version = List.of(launcher, "--version");
            List<String> jvmVersion = List.of(java, "-jar", jar, "--version");
            List<String> reference =
                    List.of(swaks, "--quit-after", "TLS", "--server", host + ":" + port, "--tls", "--timeout", "15");
            System.out.printf(
                    "cold-start: Postfix %s port %s (STARTTLS, RSA 2048, Debian defaults), %d runs each, wall ms;"
                            + " JDK %s; load average %s%n%n",
                    host, port, runs, Runtime.version(), loadAverage());

            // Untimed: the launcher builds its JVM cache on the first probe when there is none; the
            // rows below are the runs after it, as every run but the first on a machine.
            Run first = process(dir, probe);
            checkProbe(first, probe);

            long[] versionRuns = timed(dir, version, runs, r -> {
                if (!r.stdout.startsWith("mailtls ")) {
                    throw new IllegalStateException("--version printed " + r.stdout);
                }
            });
            long[] probeRuns = timed(dir, probe, runs, r -> checkProbe(r, probe));
            long[] noLegacyRuns = timed(dir, probeNoLegacy, runs, r -> checkProbe(r, probeNoLegacy));
            long[] jvmRuns = timed(dir, jvmVersion, runs, r -> {});
            long[] swaksRuns = timed(dir, reference, runs, r -> {
                if (r.exit != 0) {
                    throw new IllegalStateException(
                            String.join(" ", reference) + " exited " + r.exit + ": " + r.stdout);
                }
            });

            long base = median(swaksRuns);
            System.out.printf(
                    "%-58s %7s %7s %7s %9s%n", "command (a new process each run)", "median", "min", "max", "vs swaks");
            row("./mailtls --version", versionRuns, base);
            row("./mailtls probe HOST PORT starttls smtp --json", probeRuns, base);
            row("./mailtls probe ... --json --no-legacy-check", noLegacyRuns, base);
            row("java -jar mailtls.jar --version (no launcher, no cache)", jvmRuns, base);
            row("swaks --quit-after TLS --server HOST:PORT --tls", swaksRuns, base);
            System.out.printf(
                    "%nfirst probe after a build (it also builds the launcher's JVM cache): %d ms%n", first.ms);
            System.out.printf(
                    "target (issue 15): ./mailtls probe ... --json at most 4x swaks: %.2fx%n",
                    (double) median(probeRuns) / base);
            // Wall times on a shared machine follow its load; the ratios hold better.
            System.out.printf("load average at the end: %s%n", loadAverage());
            return 0;
        } catch (IllegalStateException e) {
            System.err.println("cold-start: " + e.getMessage());
            return 1;
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2] + " ("
                    + Runtime.getRuntime().availableProcessors() + " cores)";
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The probe reached TLS and stdout is exactly one JSON document (scripts parse it). */
    private static void checkProbe(Run r, List<String> command) {
        // Exit 0-2 are probe verdicts (ok, warnings, failure); anything else is a tool that broke.
        if (r.exit > 2) {
            throw new IllegalStateException(
                    String.join(" ", command) + " exited " + r.exit + ": " + r.stdout + r.stderr);
        }
        JsonNode json;
        try {
            ObjectMapper mapper = new ObjectMapper();
            var parser = mapper.createParser(r.stdout);
            json = mapper.readTree(parser);
            if (json == null || parser.nextToken() != null) {
                throw new IOException("not exactly one JSON document");
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": stdout is not one JSON document ("
                    + e.getMessage() + "):\n" + r.stdout);
        }
        if (json.path("tls").path("version").asText("").isEmpty()) {
            throw new IllegalStateException(String.join(" ", command) + " did not reach TLS:\n" + r.stdout);
        }
    }

    private interface Check {
        void accept(Run r);
    }

    private static long[] timed(Path dir, List<String> command, int runs, Check check) throws Exception {
        long[] ms = new long[runs];
        for (int i = 0; i < runs; i++) {
            Run r = process(dir, command);
            check.accept(r);
            ms[i] = r.ms;
        }
        Arrays.sort(ms);
        return ms;
    }

    private record Run(long ms, int exit, String stdout, String stderr) {}

    private static Run process(Path dir, List<String> command) throws Exception {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(new ArrayList<>(command))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " still going after 120 s");
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return new Run(
                ms,
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static void row(String name, long[] sorted, long base) {
        System.out.printf(
                "%-58s %7d %7d %7d %8.2fx%n",
                name, median(sorted), sorted[0], sorted[sorted.length - 1], (double) median(sorted) / base);
    }

    private static long median(long[] sorted) {
        return sorted[sorted.length / 2];
    }
}
