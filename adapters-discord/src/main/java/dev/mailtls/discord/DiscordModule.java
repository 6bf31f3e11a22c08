package dev.mailtls.discord;

import dev.mailtls.frontend.FrontEnd;
import dev.mailtls.frontend.FrontEndContext;
import dev.mailtls.frontend.FrontEndModule;
import dev.mailtls.frontend.SettingsSource;
import dev.mailtls.summary.DestinationKind;
import dev.mailtls.summary.Notifier;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Discord as a front end of {@code serve}: {@code DISCORD_*} from the environment only, the {@code
 * discord:<channel id>} destination, the gateway and the HTTP interactions endpoint.
 */
public final class DiscordModule implements FrontEndModule<DiscordSettings> {
    /** The destination kind, as in {@code discord:123456789012345678}. */
    public static final String KIND = "discord";

    private static final DestinationKind CHANNEL = DestinationKind.matching(
            KIND,
            "<channel id>",
            Pattern.compile("\\d{17,20}"),
            "Discord destinations are channel ids such as discord:123456789012345678 (developer mode → Copy"
                    + " Channel ID), not channel names");

    @Override
    public String name() {
        return "discord";
    }

    /** Set but incomplete is an error naming what is missing. */
    @Override
    public DiscordSettings settings(SettingsSource source) {
        DiscordSettings d = DiscordSettings.fromEnvironment(source.environment());
        if (d.publicKey() != null && d.applicationId() == null) {
            throw new IllegalArgumentException("Discord: DISCORD_PUBLIC_KEY is set but DISCORD_APPLICATION_ID is not;"
                    + " HTTP interactions need both (the follow-up messages are sent to the application's webhook)");
        }
        if (d.applicationId() != null && d.publicKey() == null && d.token() == null) {
            throw new IllegalArgumentException("Discord: DISCORD_APPLICATION_ID is set but neither DISCORD_TOKEN"
                    + " (gateway) nor DISCORD_PUBLIC_KEY (HTTP interactions at " + DiscordFrontEnd.PATH + ") is");
        }
        if (d.guildId() != null && d.token() == null) {
            throw new IllegalArgumentException("Discord: DISCORD_GUILD_ID registers the command through the gateway,"
                    + " which needs DISCORD_TOKEN");
        }
        return d;
    }

    @Override
    public List<DestinationKind> destinationKinds() {
        return List.of(CHANNEL);
    }

    @Override
    public Optional<String> postingNeeds(DiscordSettings settings, String kind) {
        return settings.token() == null
                ? Optional.of("needs DISCORD_TOKEN (a bot allowed to post in that channel)")
                : Optional.empty();
    }

    @Override
    public Map<String, Notifier> notifiers(DiscordSettings settings, Clock clock) {
        return settings.token() == null
                ? Map.of()
                : Map.of(KIND, new DiscordSummaryNotifier(new DiscordNotifier(settings), clock));
    }

    @Override
    public FrontEnd create(DiscordSettings settings, FrontEndContext context) {
        return new DiscordFrontEnd(settings, context);
    }
}
