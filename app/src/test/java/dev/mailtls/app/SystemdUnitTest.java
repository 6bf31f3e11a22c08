package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/systemd/mailtls.service: {@code systemd-analyze verify} finds nothing to say about it,
 * its exposure score does not grow, it runs the jar as the Docker image does, as a non-root user,
 * hardened, and names only variables mailtls reads.
 */
class SystemdUnitTest {
    static final String UNIT = "deploy/systemd/mailtls.service";

    /**
     * {@code systemd-analyze security}'s exposure score of the shipped unit, in tenths (1.7 "OK").
     * A change that weakens the hardening raises it and fails the test; lower it when a change
     * strengthens it.
     */
    static final int EXPOSURE_THRESHOLD = 17;

    record Entry(String section, String key, String value) {}

    static Path root;
    static String text;
    static List<Entry> entries;
    static DockerfileTest.Stage runtime;

    @TempDir
    Path tmp;

    @BeforeAll
    static void parse() throws IOException {
        root = DockerfileTest.repositoryRoot();
        text = Files.readString(root.resolve(UNIT), StandardCharsets.UTF_8);
        entries = entries(text);
        List<DockerfileTest.Stage> stages =
                DockerfileTest.stages(Files.readAllLines(root.resolve("Dockerfile"), StandardCharsets.UTF_8));
        runtime = stages.get(stages.size() - 1);
    }

    @Test
    void systemdAnalyzeVerifiesTheUnitWithoutAWarning() throws Exception {
        Path analyze = systemdAnalyze();
        Path unit = checkable(text);

        DeployFiles.Result r =
                DeployFiles.run(tmp, tmp, Map.of(), analyze.toString(), "verify", "--man=no", unit.toString());

        // Unknown keys and bad values are warnings with exit code 0: only empty stderr is clean.
        assertThat(r.stderr()).as("systemd-analyze verify's stderr").isEmpty();
        assertThat(r.exit()).isZero();
    }

    @Test
    void systemdAnalyzeWarnsAboutAMistypedKeySoTheCheckAboveCanFail() throws Exception {
        Path analyze = systemdAnalyze();
        Path unit = checkable(text.replace("\nRestart=on-failure", "\nRestrat=on-failure"));

        DeployFiles.Result r =
                DeployFiles.run(tmp, tmp, Map.of(), analyze.toString(), "verify", "--man=no", unit.toString());

        assertThat(r.stderr()).contains("Restrat");
    }

    @Test
    void exposureScoreStaysAtMostTheShippedOne() throws Exception {
        Path analyze = systemdAnalyze();
        DeployFiles.Result help = DeployFiles.run(tmp, tmp, Map.of(), analyze.toString(), "security", "--help");
        assumeTrue(help.stdout().contains("--offline"), "systemd-analyze security has no --offline (systemd < 250)");

        DeployFiles.Result shipped = security(analyze, checkable(text));
        DeployFiles.Result weaker = security(analyze, checkable(text.replace("\nProtectSystem=strict", "\n")));

        assertThat(shipped.exit())
                .as("exposure above %d tenths:%n%s%s", EXPOSURE_THRESHOLD, shipped.stdout(), shipped.stderr())
                .isZero();
        assertThat(shipped.stdout()).contains("Overall exposure level");
        assertThat(weaker.exit())
                .as("the same unit without ProtectSystem=strict")
                .isNotZero();
    }

    @Test
    void runsTheJarAsTheDockerImageDoesWithTheServeCommand() {
        List<String> exec = List.of(only("Service", "ExecStart").split("\\s+"));
        List<String> image = new ArrayList<>(execForm(runtime.only("ENTRYPOINT").args()));
        image.addAll(execForm(runtime.only("CMD").args()));

        assertThat(exec.get(0)).isEqualTo("/usr/bin/java");
        assertThat(exec.subList(1, exec.size())).isEqualTo(image.subList(1, image.size()));
        assertThat(exec).endsWith("-jar", DockerfileTest.copyArgs(runtime)[1], "serve");
    }

    @Test
    void runsAsANonRootUserWithItsOwnStateDirectory() {
        String user = only("Service", "User");
        String state = only("Service", "StateDirectory");

        assertThat(user).isNotIn("", "root", "0");
        assertThat(only("Service", "Group")).isNotIn("", "root", "0");
        assertThat(values("Service", "DynamicUser")).isEmpty();
        assertThat(environment())
                .containsEntry("MAILTLS_DATA_DIR", "/var/lib/" + state)
                .containsEntry("MAILTLS_HTTP_ADDR", HttpAddress.DEFAULT.host() + ":" + HttpAddress.DEFAULT.port());
        assertThat(only("Service", "WorkingDirectory")).isEqualTo("/var/lib/" + state);
    }

    @Test
    void readsItsSecretsFromAnOptionalEnvironmentFile() {
        assertThat(only("Service", "EnvironmentFile")).isEqualTo("-/etc/mailtls/mailtls.env");
        assertThat(environment()).doesNotContainKeys("MAILTLS_API_TOKENS", "MAILTLS_DB_PASSWORD");
        assertThat(environment().keySet()).noneMatch(k -> k.startsWith("SLACK_") || k.startsWith("DISCORD_"));
    }

    @Test
    void isHardened() {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("NoNewPrivileges", "yes"),
                Map.entry("ProtectSystem", "strict"),
                Map.entry("ProtectHome", "yes"),
                Map.entry("PrivateTmp", "yes"),
                Map.entry("PrivateDevices", "yes"),
                Map.entry("ProtectKernelTunables", "yes"),
                Map.entry("ProtectKernelModules", "yes"),
                Map.entry("ProtectControlGroups", "yes"),
                Map.entry("RestrictNamespaces", "yes"),
                Map.entry("RestrictSUIDSGID", "yes"),
                Map.entry("LockPersonality", "yes"),
                Map.entry("CapabilityBoundingSet", ""),
                Map.entry("AmbientCapabilities", ""),
                Map.entry("SystemCallArchitectures", "native"));
        expected.forEach(
                (key, value) -> assertThat(only("Service", key)).as(key).isEqualTo(value));
        assertThat(List.of(only("Service", "RestrictAddressFamilies").split("\\s+")))
                .containsExactlyInAnyOrder("AF_INET", "AF_INET6", "AF_UNIX");
    }

    @Test
    void leavesOutTheOptionsTheJvmAndTheAddressPolicyCannotRunUnder() {
        // The JIT and the interpreter need writable and executable memory: the JVM does not start.
        assertThat(values("Service", "MemoryDenyWriteExecute")).allMatch(v -> v.equals("no"));
        // subset=pid hides /proc/net/if_inet6, so the JDK would not see this host's IPv6 addresses
        // and the address policy could not deny probes of them.
        assertThat(values("Service", "ProcSubset")).noneMatch(v -> v.equals("pid"));
    }

    @Test
    void namesOnlyVariablesMailtlsReads() throws Exception {
        assertThat(DeployFiles.configurationNames(tmp)).containsAll(DeployFiles.namesIn(text));
        assertThat(DeployFiles.namesIn(text))
                .contains("MAILTLS_DB_PASSWORD", "MAILTLS_API_TOKENS", "SLACK_BOT_TOKEN", "DISCORD_TOKEN");
        assertThat(HttpAddress.parse(environment().get("MAILTLS_HTTP_ADDR")).port())
                .isEqualTo(HttpAddress.DEFAULT.port());
    }

    // ---- helpers ----

    private static Path systemdAnalyze() {
        Optional<Path> tool = DeployFiles.onPath("systemd-analyze");
        DeployFiles.assumeTool(tool.isPresent(), "systemd-analyze (package systemd)");
        return tool.orElseThrow();
    }

    private DeployFiles.Result security(Path analyze, Path unit) throws Exception {
        return DeployFiles.run(
                tmp,
                tmp,
                Map.of("SYSTEMD_COLORS", "0"),
                analyze.toString(),
                "security",
                "--no-pager",
                "--offline=true",
                "--threshold=" + EXPOSURE_THRESHOLD,
                unit.toString());
    }

    /**
     * The unit as a file named mailtls.service in a fresh directory. verify checks that
     * ExecStart's program exists and is executable (not its arguments): where there is no
     * /usr/bin/java, the copy runs /bin/sh instead, so the check is of the unit, not the machine.
     */
    private Path checkable(String unitText) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "unit");
        String program = only("Service", "ExecStart").split("\\s+")[0];
        String checked = Files.isExecutable(Path.of(program))
                ? unitText
                : unitText.replace("\nExecStart=" + program + " ", "\nExecStart=/bin/sh ");
        return Files.writeString(dir.resolve("mailtls.service"), checked, StandardCharsets.UTF_8);
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (String assignment : values("Service", "Environment")) {
            for (String pair : assignment.split("\\s+")) {
                int eq = pair.indexOf('=');
                env.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return env;
    }

    private static String only(String section, String key) {
        List<String> found = values(section, key);
        assertThat(found).as("%s= in [%s]", key, section).hasSize(1);
        return found.get(0);
    }

    private static List<String> values(String section, String key) {
        return entries.stream()
                .filter(e -> e.section().equals(section) && e.key().equals(key))
                .map(Entry::value)
                .toList();
    }

    private static List<String> execForm(String args) {
        try {
            return DockerfileTest.execForm(args);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** systemd's unit syntax: [Section], Key=value, '#' and ';' comments, no continuations here. */
    static List<Entry> entries(String unit) {
        List<Entry> out = new ArrayList<>();
        String section = "";
        for (String raw : unit.lines().toList()) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            assertThat(line).as("a continued line in %s", UNIT).doesNotEndWith("\\");
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1);
                continue;
            }
            int eq = line.indexOf('=');
            assertThat(eq).as("Key=value: %s", line).isPositive();
            out.add(new Entry(
                    section,
                    line.substring(0, eq).strip(),
                    line.substring(eq + 1).strip()));
        }
        return out;
    }
}
