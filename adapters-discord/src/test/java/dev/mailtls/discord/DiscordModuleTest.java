package dev.mailtls.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.frontend.SettingsSource;
import dev.mailtls.summary.Destination;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DiscordModuleTest {
    private final DiscordModule module = new DiscordModule();

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
    void aChannelIdIsADiscordDestinationAndAChannelNameIsNot() {
        assertThat(Destination.parse("discord:123456789012345678", module.destinationKinds()))
                .isEqualTo(new Destination("discord", "123456789012345678"));
        assertThatThrownBy(() -> Destination.parse("discord:mail-ops", module.destinationKinds()))
                .hasMessage("'discord:mail-ops': Discord destinations are channel ids such as"
                        + " discord:123456789012345678 (developer mode → Copy Channel ID), not channel names");
    }

    @Test
    void nothingSetIsOffAndHalfSetIsAnErrorNamingWhatIsMissing() {
        assertThat(module.settings(SettingsSource.empty())).isEqualTo(DiscordSettings.OFF);
        assertThatThrownBy(() -> module.settings(env(Map.of("DISCORD_PUBLIC_KEY", "ab".repeat(32)))))
                .hasMessageStartingWith("Discord: DISCORD_PUBLIC_KEY is set but DISCORD_APPLICATION_ID is not");
        assertThatThrownBy(() -> module.settings(env(Map.of("DISCORD_APPLICATION_ID", "1100"))))
                .hasMessage("Discord: DISCORD_APPLICATION_ID is set but neither DISCORD_TOKEN (gateway) nor"
                        + " DISCORD_PUBLIC_KEY (HTTP interactions at /discord/interactions) is");
        assertThatThrownBy(() -> module.settings(env(Map.of("DISCORD_GUILD_ID", "7"))))
                .hasMessage("Discord: DISCORD_GUILD_ID registers the command through the gateway, which needs"
                        + " DISCORD_TOKEN");
    }

    @Test
    void postingNeedsTheBotTokenAndThenHasANotifier() {
        assertThat(module.postingNeeds(DiscordSettings.OFF, "discord"))
                .contains("needs DISCORD_TOKEN (a bot allowed to post in that channel)");
        assertThat(module.notifiers(DiscordSettings.OFF, Clock.systemUTC())).isEmpty();
        DiscordSettings withToken =
                new DiscordSettings("bot-token", null, null, null, URI.create("http://127.0.0.1:9/api/v10"));
        assertThat(module.postingNeeds(withToken, "discord")).isEmpty();
        assertThat(module.notifiers(withToken, Clock.systemUTC()))
                .containsOnlyKeys("discord")
                .allSatisfy((kind, n) -> assertThat(n.kind()).isEqualTo(kind));
    }
}
