package dev.mailtls.slack;

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
 * Slack as a front end of {@code serve}: {@code SLACK_*} from the environment only (they are
 * secrets, and Slack's own names), the {@code slack:<channel id>} destination, the Socket Mode and
 * HTTP-mode bot.
 */
public final class SlackModule implements FrontEndModule<SlackSettings> {
    /** The destination kind, as in {@code slack:C0123456}. */
    public static final String KIND = "slack";

    private static final DestinationKind CHANNEL = DestinationKind.matching(
            KIND,
            "<channel id>",
            Pattern.compile("[CGD][A-Z0-9]{6,20}"),
            "Slack destinations are channel ids such as slack:C0123456 (channel details → the id at the bottom),"
                    + " not channel names");

    @Override
    public String name() {
        return "slack";
    }

    /** Set but incomplete is an error, so a typo never leaves the bot silently off. */
    @Override
    public SlackSettings settings(SettingsSource source) {
        SlackSettings s = SlackSettings.fromEnvironment(source.environment());
        if (s.anySet() && !s.configured()) {
            throw new IllegalArgumentException(
                    s.botToken() == null
                            ? "Slack: SLACK_BOT_TOKEN (xoxb-...) is missing; with SLACK_APP_TOKEN it runs Socket Mode, with"
                                    + " SLACK_SIGNING_SECRET HTTP mode at " + SlackHttpEndpoint.PATH
                            : "Slack: SLACK_BOT_TOKEN is set, but neither SLACK_APP_TOKEN (Socket Mode) nor"
                                    + " SLACK_SIGNING_SECRET (HTTP mode at " + SlackHttpEndpoint.PATH + ") is");
        }
        return s;
    }

    @Override
    public List<DestinationKind> destinationKinds() {
        return List.of(CHANNEL);
    }

    @Override
    public Optional<String> postingNeeds(SlackSettings settings, String kind) {
        return settings.botToken() == null
                ? Optional.of("needs SLACK_BOT_TOKEN (a bot invited to that channel)")
                : Optional.empty();
    }

    @Override
    public Map<String, Notifier> notifiers(SlackSettings settings, Clock clock) {
        return settings.botToken() == null
                ? Map.of()
                : Map.of(KIND, new SlackSummaryNotifier(SlackNotifier.of(settings), clock));
    }

    @Override
    public FrontEnd create(SlackSettings settings, FrontEndContext context) {
        return new SlackFrontEnd(settings, context);
    }
}
