package dev.mailtls.app;

import dev.mailtls.frontend.ConfiguredFrontEnd;
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
        for (ConfiguredFrontEnd<?> f : config.frontEnds()) {
            out.putAll(f.notifiers(clock));
        }
        return Map.copyOf(out);
    }
}
