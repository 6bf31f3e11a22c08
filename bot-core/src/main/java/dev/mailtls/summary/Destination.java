package dev.mailtls.summary;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a group's summary is posted: {@code slack:C0123456}, {@code discord:123456789012345678}
 * or {@code webhook:https://hooks.example.com/x}.
 *
 * @param kind {@code slack}, {@code discord} or {@code webhook}
 * @param target the channel id or the URL
 */
public record Destination(String kind, String target) {
    public static final String SLACK = "slack";
    public static final String DISCORD = "discord";
    public static final String WEBHOOK = "webhook";

    public Destination {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
    }

    /**
     * @throws IllegalArgumentException saying what a valid destination looks like
     */
    public static Destination parse(String text) {
        String t = text.strip();
        int colon = t.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + t + "' is not a destination: write slack:<channel id>,"
                    + " discord:<channel id> or webhook:<https URL>");
        }
        String kind = t.substring(0, colon).toLowerCase(Locale.ROOT);
        String target = t.substring(colon + 1).strip();
        switch (kind) {
            case SLACK -> {
                if (target.startsWith("#") || !target.matches("[CGD][A-Z0-9]{6,20}")) {
                    throw new IllegalArgumentException("'" + t + "': Slack destinations are channel ids such as"
                            + " slack:C0123456 (channel details → the id at the bottom), not channel names");
                }
            }
            case DISCORD -> {
                if (!target.matches("\\d{17,20}")) {
                    throw new IllegalArgumentException("'" + t + "': Discord destinations are channel ids such as"
                            + " discord:123456789012345678 (developer mode → Copy Channel ID), not channel names");
                }
            }
            case WEBHOOK -> {
                URI u;
                try {
                    u = URI.create(target);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("'" + t + "': not a URL");
                }
                if (u.getScheme() == null
                        || !(u.getScheme().equals("https") || u.getScheme().equals("http"))
                        || u.getHost() == null) {
                    throw new IllegalArgumentException("'" + t + "': webhook destinations are http(s) URLs");
                }
            }
            default ->
                throw new IllegalArgumentException(
                        "'" + t + "': unknown destination kind '" + kind + "'; use slack:, discord: or webhook:");
        }
        return new Destination(kind, target);
    }

    @Override
    public String toString() {
        // A webhook URL may carry a secret in its path: show only its host.
        return kind.equals(WEBHOOK) ? kind + ":" + URI.create(target).getHost() + "/…" : kind + ":" + target;
    }
}
