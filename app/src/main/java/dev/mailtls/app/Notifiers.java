package dev.mailtls.app;

import dev.mailtls.discord.DiscordNotifier;
import dev.mailtls.discord.DiscordSummaryNotifier;
import dev.mailtls.slack.SlackNotifier;
import dev.mailtls.slack.SlackSummaryNotifier;
import dev.mailtls.summary.Destination;
import dev.mailtls.summary.Notifier;
import dev.mailtls.summary.WebhookNotifier;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** The notifiers the configuration allows, by destination kind: webhooks always, chat with a bot token. */
final class Notifiers {
    private Notifiers() {}

    static Map<String, Notifier> from(ServeConfig config, Clock clock) {
        Map<String, Notifier> out = new HashMap<>();
        out.put(Destination.WEBHOOK, WebhookNotifier.standard(clock));
        if (config.slack().botToken() != null) {
            out.put(Destination.SLACK, new SlackSummaryNotifier(SlackNotifier.of(config.slack()), clock));
        }
        if (config.discord().token() != null) {
            out.put(Destination.DISCORD, new DiscordSummaryNotifier(new DiscordNotifier(config.discord()), clock));
        }
        return Map.copyOf(out);
    }
}
