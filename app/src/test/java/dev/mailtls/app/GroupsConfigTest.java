package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.summary.Destination;
import dev.mailtls.summary.ScheduledGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration file's groups and thresholds: the issue's shape, and errors that name the line. */
class GroupsConfigTest {
    private static final Map<String, String> TOKENS =
            Map.of("SLACK_BOT_TOKEN", "xoxb-1", "SLACK_APP_TOKEN", "xapp-1", "DISCORD_TOKEN", "discord-bot-token");

    @TempDir
    Path tmp;

    private ServeConfig load(String yaml, Map<String, String> extra) throws Exception {
        Path file = Files.writeString(tmp.resolve("mailtls.yaml"), yaml);
        Map<String, String> env = new HashMap<>(extra);
        env.put("MAILTLS_CONFIG", file.toString());
        env.put("XDG_DATA_HOME", tmp.resolve("xdg").toString());
        return ServeConfigLoader.load(env, tmp.resolve("home"));
    }

    private String failure(String yaml, Map<String, String> extra) {
        try {
            load(yaml, extra);
            throw new AssertionError("expected a configuration error");
        } catch (ConfigException e) {
            return e.getMessage();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static final String EXAMPLE = """
            groups:
              mail-edge:
                targets:
                  - mx1.example.com 25 starttls
                  - imap.example.com 993 tls imap
                schedule: "0 8 * * MON-FRI"
                zone: Europe/Berlin
                post_to: [ "slack:C0123456", "discord:123456789012345678", "webhook:https://hooks.example.com/x" ]
                only_changes: false
            thresholds: { cert_warn_days: 21, cert_error_days: 5 }
            """;

    @Test
    void theIssuesExampleLoads() throws Exception {
        ServeConfig c = load(EXAMPLE, TOKENS);

        ScheduledGroup g = c.groups().group("mail-edge").orElseThrow();
        assertThat(g.group().targets()).containsExactly("mx1.example.com 25 starttls", "imap.example.com 993 tls imap");
        assertThat(g.schedule().expression()).isEqualTo("0 8 * * MON-FRI");
        assertThat(g.schedule().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(g.postTo()).extracting(Destination::kind).containsExactly("slack", "discord", "webhook");
        assertThat(g.onlyChanges()).isFalse();
        assertThat(c.groups().thresholds().certWarnDays()).isEqualTo(21);
        assertThat(c.groups().thresholds().certErrorDays()).isEqualTo(5);
    }

    @Test
    void aGroupWithoutScheduleOrDestinationsRunsOnDemand() throws Exception {
        ServeConfig c = load("groups:\n  adhoc:\n    targets: [ \"smtp.example.com 587\" ]\n", Map.of());
        ScheduledGroup g = c.groups().group("adhoc").orElseThrow();
        assertThat(g.schedule()).isNull();
        assertThat(g.postTo()).isEmpty();
        assertThat(c.groups().thresholds().certWarnDays()).isEqualTo(30);
    }

    @Test
    void aGroupMayListDomainsBesideEndpoints() throws Exception {
        ServeConfig c = load(
                "groups:\n  acme:\n    targets:\n      - domain:acme.example\n      - imap.acme.example 993\n",
                Map.of());
        assertThat(c.groups().group("acme").orElseThrow().group().entries())
                .extracting(dev.mailtls.summary.GroupTarget::text)
                .containsExactly("domain:acme.example", "imap.acme.example 993");
        assertThat(failure("groups:\n  g:\n    targets:\n      - a.example 25\n      - domain:acme\n", Map.of()))
                .contains("mailtls.yaml line 5")
                .contains("groups.g.targets: 'domain:acme': 'acme' is not a mail domain");
    }

    @Test
    void mistakesNameTheFileLineAndWhatToWrite() {
        assertThat(failure(
                        "groups:\n  g:\n    targets:\n      - mx.example.com 25\n      - mx.example.com 99999\n",
                        Map.of()))
                .contains("mailtls.yaml line 5")
                .contains("groups.g.targets: 'mx.example.com 99999'");
        assertThat(failure(
                        "groups:\n  g:\n    targets: [ \"a.example.com 25\" ]\n    shedule: \"0 8 * * *\"\n", Map.of()))
                .contains("line 4")
                .contains("unknown key 'shedule'");
        assertThat(failure(
                        "groups:\n  g:\n    targets: [ \"a.example.com 25\" ]\n    schedule: \"0 25 * * *\"\n",
                        Map.of()))
                .contains("line 4")
                .contains("hour must be 0-23");
        assertThat(failure("groups:\n  g:\n    targets: [ \"a.example.com 25\" ]\n    zone: Mars/Olympus\n", Map.of()))
                .contains("line 4")
                .contains("not a time zone");
        assertThat(failure(
                        "groups:\n  g:\n    targets: [ \"a.example.com 25\" ]\n    post_to: [ \"slack:#mail-ops\" ]\n",
                        TOKENS))
                .contains("line 4")
                .contains("channel ids");
        assertThat(failure(
                        "groups:\n  g:\n    targets: [ \"a.example.com 25\" ]\n    post_to: [ \"teams:x\" ]\n", TOKENS))
                .contains("unknown destination kind 'teams'");
        assertThat(failure("groups:\n  g:\n    targets: []\n", Map.of()))
                .contains("line 3")
                .contains("targets");
        assertThat(failure("thresholds: { cert_warn_days: 3, cert_error_days: 7 }\n", Map.of()))
                .contains("certWarnDays (3) must be >= certErrorDays (7)");
        assertThat(failure("thresholds: { cert_warn: 3 }\n", Map.of())).contains("unknown key 'cert_warn'");
        assertThat(failure(
                        "groups:\n  g:\n    targets: [ \"a.example.com 25\" ]\n  g:\n    targets: [ \"b.example.com 25\" ]\n",
                        Map.of()))
                .contains("'g' appears twice");
    }

    @Test
    void aDestinationNeedsItsPlatformsToken() {
        assertThat(failure(EXAMPLE, Map.of("DISCORD_TOKEN", "t"))).contains("slack:C0123456 needs SLACK_BOT_TOKEN");
        assertThat(failure(EXAMPLE, Map.of("SLACK_BOT_TOKEN", "xoxb-1", "SLACK_APP_TOKEN", "xapp-1")))
                .contains("needs DISCORD_TOKEN");
    }
}
