package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailtls.http.WebServer;
import dev.mailtls.testing.TestResolver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * No Docker engine runs here, so this keeps the Dockerfile in step with the build instead: the jar
 * it copies is the one the shade plugin writes, the port and health path are the server's, the
 * commands it runs exist in the CLI, the images are Java 21 or newer, and it runs as a non-root
 * user with its data on a volume.
 */
class DockerfileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One instruction, continuation lines joined. */
    record Instruction(String keyword, String args) {}

    /** One build stage: {@code FROM image [AS name]} and what follows it. */
    record Stage(String image, String name, List<Instruction> instructions) {
        List<Instruction> all(String keyword) {
            return instructions.stream()
                    .filter(i -> i.keyword().equals(keyword))
                    .toList();
        }

        Instruction only(String keyword) {
            List<Instruction> found = all(keyword);
            assertThat(found).as("%s in the stage FROM %s", keyword, image).hasSize(1);
            return found.get(0);
        }
    }

    static Path root;
    static List<Stage> stages;
    static Stage build;
    static Stage runtime;

    @BeforeAll
    static void parse() throws IOException {
        root = repositoryRoot();
        stages = stages(Files.readAllLines(root.resolve("Dockerfile"), StandardCharsets.UTF_8));
        assertThat(stages).as("a multi-stage Dockerfile").hasSizeGreaterThanOrEqualTo(2);
        runtime = stages.get(stages.size() - 1);
        String from = copyFrom(runtime);
        build = stages.stream()
                .filter(s -> s.name().equals(from))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no stage named " + from));
    }

    @Test
    void buildStageRunsMavenOnAJdk21OrNewer() {
        assertThat(javaVersion(build.image())).isGreaterThanOrEqualTo(21);
        assertThat(build.image()).containsAnyOf("maven", "jdk");
        assertThat(build.all("RUN"))
                .anySatisfy(run -> assertThat(run.args())
                        .contains("mvn")
                        .contains("-pl app -am package")
                        .contains("-DskipTests"));
    }

    @Test
    void runtimeStageIsAJre21OrNewer() {
        assertThat(javaVersion(runtime.image())).isGreaterThanOrEqualTo(21);
        assertThat(runtime.image()).containsAnyOf("jre", "jdk");
    }

    @Test
    void copiedJarIsTheShadePluginsOutputFile() throws Exception {
        String outputFile = shadeOutputFile().replace("${project.build.directory}", "target");
        String workdir = build.only("WORKDIR").args().strip();

        String[] copy = copyArgs(runtime);

        assertThat(copy[0]).isEqualTo(workdir + "/app/" + outputFile);
    }

    @Test
    void entrypointRunsTheCopiedJarAndCmdIsAnExistingSubcommand() throws Exception {
        String jar = copyArgs(runtime)[1];
        List<String> entrypoint = execForm(runtime.only("ENTRYPOINT").args());
        List<String> cmd = execForm(runtime.only("CMD").args());

        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint).containsSubsequence("-jar", jar);
        assertThat(entrypoint.get(entrypoint.size() - 1)).isEqualTo(jar);
        assertThat(cmd).containsExactly("serve");
        assertThat(subcommands()).contains(cmd.get(0));
    }

    @Test
    void healthcheckRunsTheHealthcheckSubcommandOfTheSameJar() throws Exception {
        String jar = copyArgs(runtime)[1];
        String args = runtime.only("HEALTHCHECK").args();
        Matcher m = Pattern.compile("\\bCMD\\s+(\\[.*])\\s*$").matcher(args);
        assertThat(m.find()).as("HEALTHCHECK ... CMD [exec form]: %s", args).isTrue();

        List<String> cmd = execForm(m.group(1));

        if (cmd.contains("-jar")) {
            assertThat(cmd).containsSubsequence("-jar", jar);
            String sub = cmd.get(cmd.size() - 1);
            assertThat(sub).isEqualTo("healthcheck");
            assertThat(subcommands()).contains(sub);
            assertThat(HealthcheckCommandLine.class.getAnnotation(picocli.CommandLine.Command.class)
                            .description()[0])
                    .contains(WebServer.HEALTH_PATH);
        } else {
            assertThat(String.join(" ", cmd)).contains(WebServer.HEALTH_PATH);
        }
    }

    @Test
    void exposedPortIsTheListenPortAndTheDefaultPort() {
        Map<String, String> env = env(runtime);
        HttpAddress addr = HttpAddress.parse(env.get("MAILTLS_HTTP_ADDR"));

        assertThat(addr.isWildcard())
                .as("listens on every interface inside the container")
                .isTrue();
        assertThat(runtime.only("EXPOSE").args().strip())
                .isEqualTo(Integer.toString(addr.port()))
                .isEqualTo(Integer.toString(HttpAddress.DEFAULT.port()));
    }

    @Test
    void dataDirIsTheVolume() {
        assertThat(runtime.only("VOLUME").args().strip()).isEqualTo(env(runtime).get("MAILTLS_DATA_DIR"));
    }

    @Test
    void configurationIsByEnvironmentOnly() {
        assertThat(env(runtime)).doesNotContainKey(ServeSetting.CONFIG_ENV).doesNotContainKey("MAILTLS_API_TOKENS");
        assertThat(runtime.all("COPY")).hasSize(1);
    }

    @Test
    void runsAsANonRootUser() {
        List<Instruction> users = runtime.all("USER");
        assertThat(users).isNotEmpty();
        String user = users.get(users.size() - 1).args().strip().split(":")[0];

        assertThat(user).isNotIn("root", "0", "");
        int userAt = runtime.instructions().indexOf(users.get(users.size() - 1));
        assertThat(runtime.instructions().indexOf(runtime.only("ENTRYPOINT"))).isGreaterThan(userAt);
    }

    @Test
    void dockerignoreKeepsEverythingTheBuildReads() throws Exception {
        List<String> patterns = Files.readAllLines(root.resolve(".dockerignore"), StandardCharsets.UTF_8).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        List<String> needed = new ArrayList<>(List.of("pom.xml"));
        for (String module : modules()) {
            needed.add(module);
            needed.add(module + "/pom.xml");
            needed.add(module + "/src");
            needed.add(module + "/src/main/java");
            needed.add(module + "/src/main/resources");
            needed.add(module + "/src/test/java");
        }

        for (String pattern : patterns) {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            assertThat(needed).as(".dockerignore pattern %s", pattern).noneMatch(p -> matcher.matches(Path.of(p)));
        }
        assertThat(patterns).contains(".git", "*/target");
    }

    // ---- parsing ----

    static List<Stage> stages(List<String> lines) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : lines) {
            String line = raw.strip();
            if (current.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (line.startsWith("#")) {
                continue; // a comment inside a continued instruction
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            String text = current.toString().strip();
            current.setLength(0);
            int space = text.indexOf(' ');
            instructions.add(new Instruction(
                    text.substring(0, space).toUpperCase(java.util.Locale.ROOT), text.substring(space + 1)));
        }
        List<Stage> stages = new ArrayList<>();
        for (Instruction i : instructions) {
            if (i.keyword().equals("FROM")) {
                String[] words = i.args().strip().split("\\s+");
                String name = words.length == 3 && words[1].equalsIgnoreCase("AS") ? words[2] : "";
                stages.add(new Stage(words[0], name, new ArrayList<>()));
            } else {
                assertThat(stages).as("%s before any FROM", i.keyword()).isNotEmpty();
                stages.get(stages.size() - 1).instructions().add(i);
            }
        }
        return stages;
    }

    /** The Java feature version in an image reference, e.g. 21 in eclipse-temurin:21-jre. */
    static int javaVersion(String image) {
        Matcher m = Pattern.compile("(?:temurin|jdk|jre|openjdk)[-:]?(\\d+)").matcher(image);
        assertThat(m.find()).as("a Java version in the image %s", image).isTrue();
        return Integer.parseInt(m.group(1));
    }

    static String copyFrom(Stage stage) {
        Matcher m = Pattern.compile("--from=(\\S+)").matcher(stage.only("COPY").args());
        assertThat(m.find()).as("the runtime stage copies from the build stage").isTrue();
        return m.group(1);
    }

    /** The source and destination of the runtime stage's COPY --from. */
    static String[] copyArgs(Stage stage) {
        String[] words = stage.only("COPY").args().strip().split("\\s+");
        List<String> paths =
                List.of(words).stream().filter(w -> !w.startsWith("--")).toList();
        assertThat(paths).hasSize(2);
        return paths.toArray(String[]::new);
    }

    static List<String> execForm(String args) throws IOException {
        String[] parsed = JSON.readValue(args.strip(), String[].class);
        return List.of(parsed);
    }

    static Map<String, String> env(Stage stage) {
        Map<String, String> env = new LinkedHashMap<>();
        Pattern pair = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)");
        for (Instruction i : stage.all("ENV")) {
            Matcher m = pair.matcher(i.args());
            while (m.find()) {
                env.put(m.group(1), m.group(2).replace("\"", ""));
            }
        }
        return env;
    }

    static String shadeOutputFile() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(root.resolve("app/pom.xml").toFile());
        NodeList outputs = pom.getElementsByTagName("outputFile");
        assertThat(outputs.getLength())
                .as("one shade outputFile in app/pom.xml")
                .isEqualTo(1);
        return outputs.item(0).getTextContent().strip();
    }

    static List<String> modules() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(root.resolve("pom.xml").toFile());
        NodeList modules = pom.getElementsByTagName("module");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < modules.getLength(); i++) {
            names.add(modules.item(i).getTextContent().strip());
        }
        assertThat(names).contains("app");
        return names;
    }

    static Set<String> subcommands() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new MailtlsCli(
                        new dev.mailtls.probe.Prober(TestResolver.loopback(), Clock.systemUTC()),
                        Map.of(),
                        InputStream.nullInputStream(),
                        sink,
                        sink,
                        false)
                .commandLine()
                .getSubcommands()
                .keySet();
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("Dockerfile"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("a Dockerfile above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }
}
