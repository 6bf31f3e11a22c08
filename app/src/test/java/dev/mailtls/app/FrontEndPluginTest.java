package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.frontend.FrontEnd;
import dev.mailtls.frontend.FrontEndContext;
import dev.mailtls.frontend.FrontEndModule;
import dev.mailtls.frontend.SettingsSource;
import dev.mailtls.frontend.Webhook;
import dev.mailtls.summary.DestinationKind;
import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.GroupScheduler;
import dev.mailtls.summary.GroupSummary;
import dev.mailtls.summary.Notifier;
import dev.mailtls.summary.ScheduledGroup;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third chat front end, written here as a plug-in and registered beside Slack and Discord with no
 * other change: its settings are read and checked from the environment and the YAML file, its
 * destination kind is accepted in a group's {@code post_to} and posted to through its notifier, and
 * {@code serve} hosts its webhook, logs its line, starts and closes it.
 */
@Timeout(60)
class FrontEndPluginTest {
    private static final String APP_ID = "0f8fad5b-d9cb-469f-a165-70867728950e";

    @TempDir
    Path tmp;

    /** What the fake front end saw: posts, start, close. */
    private final List<String> events = new CopyOnWriteArrayList<>();

    /** {@code TEAMS_TOKEN} (environment only) and {@code teams_app_id} (variable or file). */
    record TeamsSettings(@Nullable String appId, @Nullable String token) {
        @Override
        public String toString() {
            return "TeamsSettings[appId=" + appId + ", token=" + (token == null ? "none" : "set") + "]";
        }
    }

    final class TeamsModule implements FrontEndModule<TeamsSettings> {
        @Override
        public String name() {
            return "teams";
        }

        @Override
        public java.util.Set<String> fileKeys() {
            return java.util.Set.of("teams_app_id");
        }

        @Override
        public TeamsSettings settings(SettingsSource source) {
            Optional<SettingsSource.Setting> appId = source.value("TEAMS_APP_ID", "teams_app_id");
            if (appId.isPresent() && !appId.get().text().matches("[0-9a-f-]{36}")) {
                throw new IllegalArgumentException(appId.get().where() + ": Teams app ids are UUIDs, was '"
                        + appId.get().text() + "'");
            }
            String token = source.environment().get("TEAMS_TOKEN");
            if (token != null && appId.isEmpty()) {
                throw new IllegalArgumentException("Teams: TEAMS_TOKEN is set but TEAMS_APP_ID is not");
            }
            return new TeamsSettings(appId.map(SettingsSource.Setting::text).orElse(null), token);
        }

        @Override
        public List<DestinationKind> destinationKinds() {
            return List.of(DestinationKind.matching(
                    "teams", "<channel id>", Pattern.compile("[a-z0-9]{8,}"), "Teams destinations are channel ids"));
        }

        @Override
        public Optional<String> postingNeeds(TeamsSettings settings, String kind) {
            return settings.token() == null ? Optional.of("needs TEAMS_TOKEN") : Optional.empty();
        }

        @Override
        public Map<String, Notifier> notifiers(TeamsSettings settings, Clock clock) {
            if (settings.token() == null) {
                return Map.of();
            }
            return Map.of("teams", new Notifier() {
                @Override
                public String kind() {
                    return "teams";
                }

                @Override
                public void post(String destination, GroupSummary summary) {
                    events.add("posted " + summary.run().group() + " to " + destination);
                }
            });
        }

        @Override
        public FrontEnd create(TeamsSettings settings, FrontEndContext context) {
            return new FrontEnd() {
                @Override
                public List<Webhook> webhooks() {
                    return List.of(new Webhook() {
                        @Override
                        public String path() {
                            return "/teams/messages";
                        }

                        @Override
                        public Response handle(Request r) {
                            return new Response(
                                    200, "text/plain", Map.of(), "teams " + settings.appId() + " got " + r.body());
                        }
                    });
                }

                @Override
                public void start(Consumer<String> info, Consumer<String> error) {
                    events.add("started");
                    info.accept("Teams: ready for app " + settings.appId());
                    // A library's message with line breaks, as a platform's client may throw.
                    error.accept("Teams: the token was refused:\nHTTP 401\r\nunauthorized");
                }

                @Override
                public String describe() {
                    return "Teams on: messages at /teams/messages";
                }

                @Override
                public void close() {
                    events.add("closed");
                }
            };
        }
    }

    private final List<FrontEndModule<?>> withTeams = plus(FrontEnds.ALL, new TeamsModule());

    private static List<FrontEndModule<?>> plus(List<FrontEndModule<?>> all, FrontEndModule<?> one) {
        List<FrontEndModule<?>> out = new ArrayList<>(all);
        out.add(one);
        return List.copyOf(out);
    }

    private ServeConfig load(String yaml, Map<String, String> vars, List<FrontEndModule<?>> modules) throws Exception {
        Map<String, String> env = new HashMap<>(vars);
        env.put(
                "MAILTLS_CONFIG",
                Files.writeString(tmp.resolve("mailtls.yaml"), yaml).toString());
        env.put("MAILTLS_DATA_DIR", tmp.resolve("data").toString());
        return ServeConfigLoader.load(env, tmp, true, modules);
    }

    private static final String GROUP =
            "groups:\n  edge:\n    targets: [ \"mx.example.com 25\" ]\n    post_to: [ \"teams:ops12345\" ]\n";

    @Test
    void itsSettingsComeFromTheFileOrTheEnvironmentAndItChecksThemItself() throws Exception {
        ServeConfig fromFile = load("teams_app_id: " + APP_ID + "\n", Map.of(), withTeams);
        assertThat(fromFile.settings(new TeamsModule())).isEqualTo(new TeamsSettings(APP_ID, null));
        assertThat(fromFile.toString()).contains("teams=TeamsSettings[appId=" + APP_ID + ", token=none]");

        ServeConfig fromEnv =
                load("teams_app_id: not-used\n", Map.of("TEAMS_APP_ID", APP_ID, "TEAMS_TOKEN", "s3cret"), withTeams);
        assertThat(fromEnv.settings(new TeamsModule())).isEqualTo(new TeamsSettings(APP_ID, "s3cret"));
        assertThat(fromEnv.toString()).doesNotContain("s3cret");

        assertThatThrownBy(() -> load("\nteams_app_id: general\n", Map.of(), withTeams))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("mailtls.yaml line 2, teams_app_id: Teams app ids are UUIDs, was 'general'");
        assertThatThrownBy(() -> load("{}\n", Map.of("TEAMS_TOKEN", "s3cret"), withTeams))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Teams: TEAMS_TOKEN is set but TEAMS_APP_ID is not");
        assertThatThrownBy(() -> load("teams_app_id: " + APP_ID + "\n", Map.of(), FrontEnds.ALL))
                .as("the key is the module's: without it the file refuses it")
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("teams_app_id");
    }

    @Test
    void itsDestinationKindIsAcceptedAndPostedToThroughItsNotifier() throws Exception {
        assertThatThrownBy(() -> load(GROUP, Map.of(), FrontEnds.ALL))
                .hasMessageContaining("unknown destination kind 'teams'; use slack:, discord: or webhook:");
        assertThatThrownBy(() -> load(GROUP.replace("teams:ops12345", "chat:x"), Map.of(), withTeams))
                .hasMessageContaining("unknown destination kind 'chat'; use slack:, discord:, teams: or webhook:");
        assertThatThrownBy(() -> load(GROUP.replace("ops12345", "#ops"), Map.of(), withTeams))
                .hasMessageContaining("groups.edge.post_to: 'teams:#ops': Teams destinations are channel ids");
        assertThatThrownBy(() -> load(GROUP, Map.of("TEAMS_APP_ID", APP_ID), withTeams))
                .hasMessageEndingWith("groups.edge.post_to: teams:ops12345 needs TEAMS_TOKEN");

        ServeConfig config = load(GROUP, Map.of("TEAMS_APP_ID", APP_ID, "TEAMS_TOKEN", "s3cret"), withTeams);
        ScheduledGroup edge = config.groups().group("edge").orElseThrow();
        // What summary --post and the scheduler do with a run of the group.
        GroupSummary summary =
                GroupSummary.of(new GroupRun(1, "edge", Instant.now(), "cli", List.of(), Map.of()), null);
        List<String> log = new ArrayList<>();
        int failed = GroupScheduler.post(edge, summary, Notifiers.from(config, Clock.systemUTC()), log::add);

        assertThat(failed).isZero();
        assertThat(events).containsExactly("posted edge to ops12345");
        assertThat(log).containsExactly("group edge: ok, 0 changes; posted to teams:ops12345");
    }

    @Test
    void serveHostsItsWebhookLogsItsLineStartsAndClosesIt() throws Exception {
        ServeConfig config = load("teams_app_id: " + APP_ID + "\n", Map.of(), withTeams)
                .withHttpAddr(new HttpAddress("127.0.0.1", 0));
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        MailtlsServer server;
        // slf4j-simple writes the start log to the current System.err.
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try {
            server = new MailtlsServer(config, dev.mailtls.testing.TestResolver.loopback("mail.test")).start();
        } finally {
            System.setErr(stderr);
        }
        try (server;
                HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(server.url() + "/teams/messages"))
                            .POST(HttpRequest.BodyPublishers.ofString("hello"))
                            .timeout(Duration.ofSeconds(20))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("teams " + APP_ID + " got hello");
            assertThat(events).containsExactly("started");
        }
        assertThat(events).containsExactly("started", "closed");
        String log = logged.toString(StandardCharsets.UTF_8);
        assertThat(log)
                .contains("Slack off (")
                .contains("Discord off (")
                .contains("Teams on: messages at /teams/messages")
                .contains("Teams: ready for app " + APP_ID)
                .contains("Teams: the token was refused: HTTP 401 unauthorized");
        assertThat(log.indexOf("Discord off (")).isLessThan(log.indexOf("Teams on:"));
    }
}
