package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.http.WebServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * compose.yaml: Compose accepts it, and it stays in step with the Dockerfile (image, port, health
 * check), the server's configuration names, and its own proxy: two replicas built from this
 * repository on one PostgreSQL, each healthy before the proxy starts, the proxy on one loopback
 * port sending to both, and no secret written in the file.
 */
class ComposeFileTest {
    static final String FILE = "compose.yaml";
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{(\\w+)(?:(:-|:\\?)([^}]*))?}");
    private static final Pattern SECRET = Pattern.compile(".*(PASSWORD|TOKEN|SECRET|KEY).*");

    static Path root;
    static String text;
    static Map<String, Object> compose;
    static DockerfileTest.Stage runtime;

    @TempDir
    Path tmp;

    @BeforeAll
    static void parse() throws IOException {
        root = DockerfileTest.repositoryRoot();
        text = Files.readString(root.resolve(FILE), StandardCharsets.UTF_8);
        compose = map(new Yaml(new SafeConstructor(new LoaderOptions())).load(text), FILE);
        List<DockerfileTest.Stage> stages =
                DockerfileTest.stages(Files.readAllLines(root.resolve("Dockerfile"), StandardCharsets.UTF_8));
        runtime = stages.get(stages.size() - 1);
    }

    // ---- Compose itself ----

    @Test
    void composeAcceptsTheFile() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("MAILTLS_DB_PASSWORD", "not-a-real-password");

        DeployFiles.Result r = composeConfig(env);

        assertThat(r.stderr()).as("compose config's stderr").isEmpty();
        assertThat(r.exit()).isZero();
    }

    @Test
    void composeRefusesToRunWithoutADatabasePassword() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("MAILTLS_DB_PASSWORD", null);

        DeployFiles.Result r = composeConfig(env);

        assertThat(r.exit()).isNotZero();
        assertThat(r.stderr()).contains("MAILTLS_DB_PASSWORD");
    }

    @Test
    void usesOnlyFieldsDockerCompose129Accepts() {
        // 1.29 rejects a top-level name: and healthcheck.start_interval; v2 warns about version:.
        assertThat(compose.keySet())
                .allMatch(k -> k.startsWith("x-")
                        || Set.of("services", "volumes", "networks").contains(k));
        assertThat(text).doesNotContain("start_interval");
    }

    // ---- the replicas ----

    @Test
    void twoReplicasAreBuiltFromThisRepositorysDockerfile() {
        List<String> replicas = replicas();

        assertThat(replicas).hasSize(2);
        for (String name : replicas) {
            Map<String, Object> s = service(name);
            assertThat(String.valueOf(s.get("image"))).startsWith("mailtls");
        }
        assertThat(root.resolve("Dockerfile")).isRegularFile();
    }

    @Test
    void bothReplicasUseTheSamePostgresql() {
        List<String> replicas = replicas();
        Map<String, String> first = environment(replicas.get(0));
        Map<String, String> db = environment("db");

        for (String name : replicas) {
            Map<String, String> env = environment(name);
            assertThat(env.get("MAILTLS_DB_URL")).isEqualTo(first.get("MAILTLS_DB_URL"));
            assertThat(env.get("MAILTLS_DB_USER")).isEqualTo(first.get("MAILTLS_DB_USER"));
            assertThat(env.get("MAILTLS_DB_PASSWORD")).isEqualTo(first.get("MAILTLS_DB_PASSWORD"));
            assertThat(dependsOn(name)).containsEntry("db", "service_healthy");
        }
        assertThat(String.valueOf(service("db").get("image"))).startsWith("postgres:");
        assertThat(first.get("MAILTLS_DB_URL")).isEqualTo("jdbc:postgresql://db:5432/" + db.get("POSTGRES_DB"));
        assertThat(first.get("MAILTLS_DB_USER")).isEqualTo(db.get("POSTGRES_USER"));
        assertThat(variable(first.get("MAILTLS_DB_PASSWORD"))).isEqualTo(variable(db.get("POSTGRES_PASSWORD")));
    }

    @Test
    void theDatabaseKeepsItsDataOnANamedVolumeAndReportsItsHealth() {
        List<String> volumes = strings(service("db").get("volumes"));
        Map<String, Object> declared = map(compose.get("volumes"), "volumes");

        assertThat(volumes).anySatisfy(v -> {
            String[] parts = v.split(":");
            assertThat(parts[1]).isEqualTo("/var/lib/postgresql/data");
            assertThat(declared).containsKey(parts[0]);
        });
        assertThat(String.join(" ", healthcheck("db"))).contains("pg_isready");
    }

    @Test
    void eachReplicaHasTheDockerfilesHealthCheck() throws IOException {
        Matcher m = Pattern.compile("\\bCMD\\s+(\\[.*])\\s*$")
                .matcher(runtime.only("HEALTHCHECK").args());
        assertThat(m.find()).isTrue();
        List<String> expected = new ArrayList<>(List.of("CMD"));
        expected.addAll(DockerfileTest.execForm(m.group(1)));

        for (String name : replicas()) {
            assertThat(healthcheck(name)).as(name).isEqualTo(expected);
        }
    }

    @Test
    void eachReplicaGetsLongerToStopThanTheServerDrains() {
        for (String name : replicas()) {
            Duration grace = duration(String.valueOf(service(name).get("stop_grace_period")));
            assertThat(grace).as(name).isGreaterThan(WebServer.DRAIN_TIMEOUT);
        }
    }

    @Test
    void theReplicasEnvironmentIsAConfigurationTheServerAccepts() throws Exception {
        Map<String, String> given = Map.of("MAILTLS_DB_PASSWORD", "not-a-real-password");
        Map<String, String> env = new HashMap<>();
        environment(replicas().get(0)).forEach((k, v) -> env.put(k, interpolate(v, given)));
        env.put("MAILTLS_DATA_DIR", tmp.resolve("data").toString());

        ServeConfig config = ServeConfigLoader.load(env, tmp);

        assertThat(config.httpAddr().isWildcard())
                .as("listens on every interface of the container")
                .isTrue();
        assertThat(Integer.toString(config.httpAddr().port()))
                .isEqualTo(runtime.only("EXPOSE").args().strip());
        assertThat(config.history().dbUrl()).startsWith("jdbc:postgresql://");
        assertThat(MailtlsVariables.warnings(env)).isEmpty();
    }

    @Test
    void namesOnlyVariablesMailtlsReads() throws Exception {
        Set<String> named = new TreeSet<>(DeployFiles.namesIn(text));
        for (String name : replicas()) {
            named.addAll(environment(name).keySet());
        }

        assertThat(DeployFiles.configurationNames(tmp)).containsAll(named);
        assertThat(named).contains("MAILTLS_DB_URL", "MAILTLS_DB_USER", "MAILTLS_DB_PASSWORD");
    }

    @Test
    void noSecretIsWrittenInTheFile() {
        for (String name : services().keySet()) {
            environment(name).forEach((key, value) -> {
                if (SECRET.matcher(key).matches()) {
                    Matcher m = SUBSTITUTION.matcher(value);
                    assertThat(m.matches())
                            .as("%s of %s is ${VAR...}: %s", key, name, value)
                            .isTrue();
                    assertThat(":-".equals(m.group(2)) ? m.group(3) : "")
                            .as("the default of %s", key)
                            .isEmpty();
                }
            });
        }
    }

    @Test
    void theEnvFileWithTheSecretsIsIgnoredByGitAndTheDockerBuild() throws IOException {
        List<String> git = lines(".gitignore");
        List<String> docker = lines(".dockerignore");

        assertThat(git).containsAnyOf(".env", "/.env");
        assertThat(docker).contains(".env");
    }

    // ---- the proxy ----

    @Test
    void theProxyPublishesOneLoopbackPortAndStartsAfterEveryReplicaIsHealthy() {
        List<String> ports = strings(service("proxy").get("ports"));

        assertThat(ports).singleElement().asString().startsWith("127.0.0.1:").endsWith(":" + proxyPort());
        assertThat(publishing()).containsExactly("proxy");
        for (String replica : replicas()) {
            assertThat(dependsOn("proxy")).containsEntry(replica, "service_healthy");
        }
    }

    @Test
    void theProxySendsToEveryReplicaInTurnWhileItIsReady() throws IOException {
        String caddyfile = Files.readString(caddyfile(), StandardCharsets.UTF_8);
        Matcher upstreams =
                Pattern.compile("(?m)^\\s*reverse_proxy\\s+([^{\\n]+)\\{").matcher(caddyfile);
        assertThat(upstreams.find()).as("a reverse_proxy with its upstreams").isTrue();
        String port = runtime.only("EXPOSE").args().strip();

        assertThat(List.of(upstreams.group(1).strip().split("\\s+")))
                .containsExactlyInAnyOrderElementsOf(
                        replicas().stream().map(r -> r + ":" + port).toList());
        assertThat(caddyfile)
                .containsPattern("(?m)^:" + proxyPort() + " \\{")
                .containsPattern("(?m)^\\s*lb_policy round_robin$")
                .containsPattern("(?m)^\\s*health_uri " + Pattern.quote(WebServer.READY_PATH) + "$");
    }

    @Test
    void theProxyDoesNotServeMetricsSoPrometheusScrapesEachReplica() throws IOException {
        String caddyfile = Files.readString(caddyfile(), StandardCharsets.UTF_8);

        assertThat(caddyfile)
                .containsPattern("handle " + Pattern.quote(WebServer.METRICS_PATH) + " \\{\\s*respond \"[^\"]*\" 404");
    }

    // ---- reading the file ----

    private static DeployFiles.Result composeConfig(Map<String, String> env) throws Exception {
        Path scratch = Files.createTempDirectory("compose");
        try {
            Optional<Path> docker = DeployFiles.onPath("docker");
            if (docker.isPresent()
                    && DeployFiles.run(root, scratch, env, docker.get().toString(), "compose", "version")
                                    .exit()
                            == 0) {
                return DeployFiles.run(
                        root, scratch, env, docker.get().toString(), "compose", "-f", FILE, "config", "-q");
            }
            Optional<Path> v1 = DeployFiles.onPath("docker-compose");
            DeployFiles.assumeTool(v1.isPresent(), "docker compose or docker-compose (Debian's docker-compose)");
            return DeployFiles.run(root, scratch, env, v1.orElseThrow().toString(), "-f", FILE, "config", "-q");
        } finally {
            try (var files = Files.list(scratch)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(scratch);
        }
    }

    private static List<String> lines(String file) throws IOException {
        return Files.readAllLines(root.resolve(file), StandardCharsets.UTF_8).stream()
                .map(String::strip)
                .toList();
    }

    private static Map<String, Object> services() {
        return map(compose.get("services"), "services");
    }

    private static Map<String, Object> service(String name) {
        return map(services().get(name), "service " + name);
    }

    /** The services built from this repository's Dockerfile. */
    private static List<String> replicas() {
        List<String> out = new ArrayList<>();
        services().forEach((name, s) -> {
            Object build = map(s, name).get("build");
            Object context = build instanceof Map<?, ?> b ? b.get("context") : build;
            if (".".equals(context) || "./".equals(context)) {
                out.add(name);
            }
        });
        return out;
    }

    private static List<String> publishing() {
        return services().keySet().stream()
                .filter(name -> service(name).containsKey("ports"))
                .toList();
    }

    private static String proxyPort() {
        String published = strings(service("proxy").get("ports")).get(0);
        return published.substring(published.lastIndexOf(':') + 1);
    }

    private static Path caddyfile() {
        for (String volume : strings(service("proxy").get("volumes"))) {
            String[] parts = volume.split(":");
            if (parts[1].equals("/etc/caddy/Caddyfile")) {
                Path file = root.resolve(parts[0]).normalize();
                assertThat(file).isRegularFile();
                return file;
            }
        }
        throw new AssertionError("the proxy mounts no /etc/caddy/Caddyfile");
    }

    private static Map<String, String> environment(String service) {
        Object env = service(service).get("environment");
        Map<String, String> out = new LinkedHashMap<>();
        if (env != null) {
            map(env, service + " environment").forEach((k, v) -> out.put(k, v == null ? "" : String.valueOf(v)));
        }
        return out;
    }

    private static Map<String, String> dependsOn(String service) {
        Map<String, String> out = new LinkedHashMap<>();
        map(service(service).get("depends_on"), service + " depends_on")
                .forEach((k, v) -> out.put(k, String.valueOf(map(v, k).get("condition"))));
        return out;
    }

    private static List<String> healthcheck(String service) {
        return strings(map(service(service).get("healthcheck"), service + " healthcheck")
                .get("test"));
    }

    /** The variable a {@code ${VAR...}} value substitutes. */
    private static String variable(String value) {
        Matcher m = SUBSTITUTION.matcher(value);
        assertThat(m.matches()).as("a ${VAR} substitution: %s", value).isTrue();
        return m.group(1);
    }

    /** Compose's substitution: {@code given} values, else the {@code :-} default; {@code :?} needs one. */
    static String interpolate(String value, Map<String, String> given) {
        Matcher m = SUBSTITUTION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = given.get(m.group(1));
            if (v == null) {
                assertThat(m.group(2))
                        .as("%s has no value and no default", m.group(1))
                        .isEqualTo(":-");
                v = m.group(3);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        return m.appendTail(out).toString();
    }

    private static Duration duration(String compose) {
        Matcher m = Pattern.compile("(\\d+)(s|m)").matcher(compose);
        assertThat(m.matches()).as("a duration in s or m: %s", compose).isTrue();
        long n = Long.parseLong(m.group(1));
        return m.group(2).equals("s") ? Duration.ofSeconds(n) : Duration.ofMinutes(n);
    }

    private static List<String> strings(Object list) {
        assertThat(list).isInstanceOf(List.class);
        return ((List<?>) list).stream().map(String::valueOf).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String what) {
        assertThat(o).as(what).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }
}
