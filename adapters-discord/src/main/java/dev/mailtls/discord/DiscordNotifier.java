package dev.mailtls.discord;

import dev.mailtls.card.Card;
import dev.mailtls.retry.Sleeper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Objects;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;

/**
 * Posts an embed to a channel over the REST API ({@code POST /channels/{id}/messages} as the bot),
 * for scheduled summaries. Rate limits and Discord's 5xx are retried (see {@link DiscordRest}); no message
 * mentions anyone.
 */
public final class DiscordNotifier {
    private final DiscordRest rest;
    private final DiscordEmbedRenderer renderer = new DiscordEmbedRenderer();

    /** @throws IllegalArgumentException when the settings hold no bot token */
    public DiscordNotifier(DiscordSettings settings) {
        this(settings, DiscordRest.defaultClient(), Sleeper.system());
    }

    public DiscordNotifier(DiscordSettings settings, HttpClient http, Sleeper sleeper) {
        if (settings.token() == null) {
            throw new IllegalArgumentException("the Discord notifier needs DISCORD_TOKEN");
        }
        this.rest = new DiscordRest(http, settings.apiUrl(), settings.token(), sleeper, Clock.systemUTC());
    }

    /** Posts a card; returns the new message's id. */
    public String post(String channelId, Card card) throws IOException, InterruptedException {
        return post(channelId, renderer.render(card));
    }

    /** Posts an embed; returns the new message's id. */
    public String post(String channelId, MessageEmbed embed) throws IOException, InterruptedException {
        Objects.requireNonNull(embed, "embed");
        if (!channelId.matches("\\d{1,20}")) {
            throw new IllegalArgumentException("a Discord channel id is numeric, was '" + channelId + "'");
        }
        String path = "/channels/" + channelId + "/messages";
        DataObject body = DataObject.empty()
                .put("embeds", DataArray.empty().add(embed.toData()))
                .put("allowed_mentions", noMentions());
        DiscordRest.Response r = rest.json("POST", path, body);
        if (!r.ok()) {
            throw new IOException(DiscordRest.describe("POST", path, r));
        }
        return DataObject.fromJson(r.body()).getString("id", "");
    }

    /** {@code {"parse": []}}: nobody is pinged, whatever the text says. */
    static DataObject noMentions() {
        return DataObject.empty().put("parse", DataArray.empty());
    }
}
