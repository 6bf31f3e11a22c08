package dev.mailtls.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackSettingsTest {

    @Test
    void toStringSaysWhichSecretsAreSetButNeverShowsThem() {
        SlackSettings s = new SlackSettings("xoxb-secret-bot", "signing-secret-value", "xapp-secret-app", null, true);

        assertThat(s.toString())
                .doesNotContain("xoxb-secret-bot", "signing-secret-value", "xapp-secret-app")
                .contains("botToken=(set)", "signingSecret=(set)", "appToken=(set)");
    }

    @Test
    void toStringHidesCredentialsInTheApiUrl() {
        SlackSettings s = new SlackSettings("xoxb-1", null, null, "https://user:pa55@proxy.example/api", true);

        assertThat(s.toString()).doesNotContain("pa55").contains("https://proxy.example/api/");
    }

    @Test
    void environmentSelectsTheModes() {
        SlackSettings socket =
                SlackSettings.fromEnvironment(Map.of("SLACK_APP_TOKEN", "xapp-1", "SLACK_BOT_TOKEN", "xoxb-1"));
        SlackSettings http =
                SlackSettings.fromEnvironment(Map.of("SLACK_SIGNING_SECRET", "s", "SLACK_BOT_TOKEN", "xoxb-1"));
        SlackSettings none = SlackSettings.fromEnvironment(Map.of("SLACK_BOT_TOKEN", " "));

        assertThat(socket.socketModeConfigured()).isTrue();
        assertThat(socket.httpModeConfigured()).isFalse();
        assertThat(http.httpModeConfigured()).isTrue();
        assertThat(http.socketModeConfigured()).isFalse();
        assertThat(none.configured()).isFalse();
        assertThat(none.botToken()).isNull();
    }

    @Test
    void cardsGoToTheChannelUnlessSwitchedOff() {
        assertThat(SlackSettings.fromEnvironment(Map.of()).respondInChannel()).isTrue();
        assertThat(SlackSettings.fromEnvironment(Map.of("SLACK_RESPOND_IN_CHANNEL", "false"))
                        .respondInChannel())
                .isFalse();
    }

    @Test
    void apiUrlGetsTheTrailingSlashTheClientNeeds() {
        assertThat(new SlackSettings(null, null, null, "http://127.0.0.1:9/api", true).apiUrl())
                .isEqualTo("http://127.0.0.1:9/api/");
        assertThatThrownBy(() -> new SlackSettings(null, null, null, "slack.com/api", true))
                .hasMessageContaining("SLACK_API_URL");
    }

    @Test
    void appTokenMustBeAnAppLevelToken() {
        assertThatThrownBy(() -> new SlackSettings(null, null, "xoxb-wrong-kind", null, true))
                .hasMessageContaining("xapp-")
                .hasMessageNotContaining("xoxb-wrong-kind");
    }
}
