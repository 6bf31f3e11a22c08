package dev.mailtls.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.frontend.SettingsSource;
import dev.mailtls.summary.Destination;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlackModuleTest {
    private final SlackModule module = new SlackModule();

    private static SettingsSource env(Map<String, String> vars) {
        return new SettingsSource() {
            @Override
            public Map<String, String> environment() {
                return vars;
            }

            @Override
            public Optional<Setting> value(String variable, String fileKey) {
                return Optional.ofNullable(vars.get(variable)).map(v -> new Setting(variable, v));
            }
        };
    }

    @Test
    void aChannelIdIsASlackDestinationAndAChannelNameIsNot() {
        assertThat(Destination.parse("slack:C0123456", module.destinationKinds()))
                .isEqualTo(new Destination("slack", "C0123456"));
        assertThatThrownBy(() -> Destination.parse("slack:#mail-ops", module.destinationKinds()))
                .hasMessage("'slack:#mail-ops': Slack destinations are channel ids such as slack:C0123456 (channel"
                        + " details → the id at the bottom), not channel names");
        assertThatThrownBy(() -> Destination.parse("C0123456", module.destinationKinds()))
                .hasMessage("'C0123456' is not a destination: write slack:<channel id> or webhook:<https URL>");
    }

    @Test
    void nothingSetIsOffAndHalfSetIsAnErrorNamingWhatIsMissing() {
        assertThat(module.settings(SettingsSource.empty())).isEqualTo(SlackSettings.OFF);
        assertThatThrownBy(() -> module.settings(env(Map.of("SLACK_BOT_TOKEN", "xoxb-secret-1"))))
                .hasMessage("Slack: SLACK_BOT_TOKEN is set, but neither SLACK_APP_TOKEN (Socket Mode) nor"
                        + " SLACK_SIGNING_SECRET (HTTP mode at /slack/events) is");
        assertThatThrownBy(() -> module.settings(env(Map.of("SLACK_SIGNING_SECRET", "s3cret"))))
                .hasMessage("Slack: SLACK_BOT_TOKEN (xoxb-...) is missing; with SLACK_APP_TOKEN it runs Socket"
                        + " Mode, with SLACK_SIGNING_SECRET HTTP mode at /slack/events");
    }

    @Test
    void postingNeedsTheBotTokenAndThenHasANotifier() {
        assertThat(module.postingNeeds(SlackSettings.OFF, "slack"))
                .contains("needs SLACK_BOT_TOKEN (a bot invited to that channel)");
        assertThat(module.notifiers(SlackSettings.OFF, Clock.systemUTC())).isEmpty();
        SlackSettings withToken = new SlackSettings("xoxb-1", "s3cret", null, null, true);
        assertThat(module.postingNeeds(withToken, "slack")).isEmpty();
        assertThat(module.notifiers(withToken, Clock.systemUTC()))
                .containsOnlyKeys("slack")
                .allSatisfy((kind, n) -> assertThat(n.kind()).isEqualTo(kind));
    }
}
