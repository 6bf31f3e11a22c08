package dev.mailtls.discord;

import dev.mailtls.summary.GroupSummary;
import dev.mailtls.summary.Notifier;
import java.io.IOException;
import java.time.Clock;
import java.util.Objects;

/**
 * Posts group summaries to a Discord channel ({@code discord:123456789012345678}) through {@link
 * DiscordNotifier}: rate limits honoured, no mentions. Days until certificate expiry are counted from
 * the clock's now.
 */
public final class DiscordSummaryNotifier implements Notifier {
    private final DiscordNotifier discord;
    private final DiscordSummaryRenderer renderer = new DiscordSummaryRenderer();
    private final Clock clock;

    public DiscordSummaryNotifier(DiscordNotifier discord, Clock clock) {
        this.discord = Objects.requireNonNull(discord, "discord");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String kind() {
        return "discord";
    }

    /**
     * @param destination a numeric channel id
     * @throws IllegalArgumentException when it is not one
     */
    @Override
    public void post(String destination, GroupSummary summary) throws IOException {
        try {
            discord.post(destination, renderer.render(summary, clock.instant()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(
                    "interrupted while posting the summary of " + summary.run().group() + " to Discord channel "
                            + destination,
                    e);
        }
    }
}
