package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The list of known {@code MAILTLS_*} variables, the warning about any other, and the checks that
 * keep the list equal to what the code, the scripts and the README use.
 */
class MailtlsVariablesTest {
    private static final Pattern NAME = Pattern.compile("MAILTLS_[A-Z0-9_]*[A-Z0-9]");

    @TempDir
    Path tmp;

    @Test
    void aTypoOfASettingIsWarnedAboutWithTheSettingItMeans() {
        List<String> lines = MailtlsVariables.warnings(
                Map.of("MAILTLS_HTP_ADDR", "127.0.0.1:9090", "MAILTLS_API_TOKEN", "s3cret-token-value-123"));

        assertThat(lines)
                .containsExactly(
                        "warning: MAILTLS_API_TOKEN is not a mailtls setting (ignored); did you mean"
                                + " MAILTLS_API_TOKENS?",
                        "warning: MAILTLS_HTP_ADDR is not a mailtls setting (ignored); did you mean MAILTLS_HTTP_ADDR?");
    }

    @Test
    void aNameFarFromEverySettingIsWarnedAboutWithoutAGuess() {
        assertThat(MailtlsVariables.warnings(Map.of("MAILTLS_FROBNICATE", "1")))
                .containsExactly("warning: MAILTLS_FROBNICATE is not a mailtls setting (ignored)");
    }

    @Test
    void aLowerCaseNameIsWarnedAboutBecauseOnlyTheUpperCaseOneIsRead() {
        assertThat(MailtlsVariables.warnings(Map.of("mailtls_http_addr", ":8080")))
                .containsExactly(
                        "warning: mailtls_http_addr is not a mailtls setting (ignored); did you mean MAILTLS_HTTP_ADDR?");
    }

    @Test
    void knownAndForeignVariablesAreNotWarnedAbout() {
        Map<String, String> env = new LinkedHashMap<>();
        MailtlsVariables.known().forEach(k -> env.put(k, "x"));
        env.put("PATH", "/usr/bin");
        env.put("SLACK_BOT_TOKEN", "xoxb-1");
        env.put("MAILTLSX", "1"); // not the prefix

        assertThat(MailtlsVariables.warnings(env)).isEmpty();
    }

    @Test
    void theWarningNeverShowsTheValue() {
        String secret = "hunter2-but-longer-0123456789";

        assertThat(MailtlsVariables.warnings(Map.of("MAILTLS_DB_PASWORD", secret, "MAILTLS_X", secret)))
                .hasSize(2)
                .noneMatch(l -> l.contains(secret))
                .anyMatch(l -> l.endsWith("did you mean MAILTLS_DB_PASSWORD?"));
    }

    @Test
    void aNameWithControlCharactersIsQuotedSafely() {
        assertThat(MailtlsVariables.warnings(Map.of("MAILTLS_A\u001b[2JB", "1")))
                .singleElement()
                .asString()
                .doesNotContain("\u001b")
                .contains("MAILTLS_A?[2JB");
    }

    @Test
    void theListHoldsEverySettingTheCommandsReadAndNothingElseOfTheirs() throws Exception {
        Set<String> asked = new TreeSet<>();
        Map<String, String> base = Map.of("XDG_DATA_HOME", tmp.toString(), "MAILTLS_HTTP_ADDR", "127.0.0.1:1");
        // The server's loader, as serve and summary use it.
        Recording env = new Recording(base);
        ServeConfigLoader.load(env, tmp);
        asked.addAll(env.asked());
        // Every command that reads the environment, as the command line runs it.
        for (String[] args :
                List.of(new String[] {"summary", "no-such-group"}, new String[] {"healthcheck"}, new String[] {
                    "probe", "mx.example.com", "25", "--user", "alice"
                })) {
            Recording e = new Recording(base);
            ServeCommandLineTest.run(e, "", args);
            asked.addAll(e.asked());
        }
        Set<String> read = new TreeSet<>(
                asked.stream().filter(k -> k.startsWith("MAILTLS_")).toList());

        assertThat(MailtlsVariables.known()).containsAll(read);
        Set<String> settings = new TreeSet<>(
                Arrays.stream(ServeSetting.values()).map(ServeSetting::env).toList());
        settings.add(ServeSetting.CONFIG_ENV);
        settings.add(ProbeCommandLine.PASSWORD_ENV);
        assertThat(read).isEqualTo(settings);
    }

    @Test
    void everyNameTheScriptsReadIsKnown() throws IOException {
        Path root = DockerfileTest.repositoryRoot();
        Set<String> read = new TreeSet<>();
        List<Path> scripts;
        try (Stream<Path> s = Stream.of(
                        Stream.of(root.resolve("mailtls"), root.resolve("run-tests")),
                        Files.list(root.resolve(".ci")),
                        Files.list(root.resolve("bench")),
                        Files.list(root.resolve("examples")))
                .flatMap(p -> p)) {
            scripts = s.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().endsWith(".md") && !p.toString().endsWith(".xml"))
                    .toList();
        }
        Pattern expansion = Pattern.compile("\\$\\{(MAILTLS_[A-Z0-9_]+)");
        for (Path p : scripts) {
            Matcher m = expansion.matcher(Files.readString(p, StandardCharsets.UTF_8));
            while (m.find()) {
                read.add(m.group(1));
            }
        }

        assertThat(read)
                .contains("MAILTLS_JAVA_OPTS", "MAILTLS_REQUIRE_INTEROP", "MAILTLS_SKIP_BUILD", "MAILTLS_TOKEN");
        assertThat(MailtlsVariables.known()).containsAll(read);
    }

    @Test
    void everyNameTheSourcesMentionIsKnown() throws IOException {
        Path root = DockerfileTest.repositoryRoot();
        Set<String> mentioned = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> f.toString().contains("/src/main/java/"))
                    .toList()) {
                mentioned.addAll(names(Files.readString(p, StandardCharsets.UTF_8)));
            }
        }

        assertThat(mentioned).isNotEmpty();
        assertThat(MailtlsVariables.known()).containsAll(mentioned);
    }

    @Test
    void theReadmeDocumentsExactlyTheKnownNames() throws IOException {
        String readme = ProjectDocs.all();

        // The README's example of the warning names a typo on purpose.
        String documented = readme.lines()
                .filter(l -> !l.contains("is not a mailtls setting"))
                .collect(java.util.stream.Collectors.joining("\n"));
        assertThat(names(documented)).isEqualTo(new TreeSet<>(MailtlsVariables.known()));
        // The configuration table: one row per server setting, and MAILTLS_CONFIG.
        Set<String> rows = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `(MAILTLS_[A-Z0-9_]+)` \\| (`[a-z_]+`|—) \\|")
                .matcher(readme);
        while (m.find()) {
            rows.add(m.group(1));
        }
        Set<String> settings = new TreeSet<>(
                Arrays.stream(ServeSetting.values()).map(ServeSetting::env).toList());
        settings.add(ServeSetting.CONFIG_ENV);
        assertThat(rows).isEqualTo(settings);
    }

    private static Set<String> names(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    /** The environment, remembering every name asked for. */
    static final class Recording extends AbstractMap<String, String> {
        private final Map<String, String> base;
        private final Set<String> asked = ConcurrentHashMap.newKeySet();

        Recording(Map<String, String> base) {
            this.base = base;
        }

        @Override
        public String get(Object key) {
            asked.add(String.valueOf(key));
            return base.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            asked.add(String.valueOf(key));
            return base.containsKey(key);
        }

        @Override
        public String getOrDefault(Object key, String fallback) {
            asked.add(String.valueOf(key));
            return base.getOrDefault(key, fallback);
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return base.entrySet();
        }

        Set<String> asked() {
            return Set.copyOf(asked);
        }
    }
}
