package dev.mailtls.discord;

import java.util.EnumSet;
import java.util.Objects;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.requests.GatewayIntent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot over Discord's gateway (JDA): connects with {@code DISCORD_TOKEN}, listens for {@code
 * /mailtls} and registers the command, globally or in {@code DISCORD_GUILD_ID}'s guild (which
 * updates at once; global commands can take a while to appear). No privileged intent is asked for:
 * no message content, no members, no presences.
 */
public final class DiscordGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordGateway.class);

    private final DiscordSettings settings;
    private final DiscordCommandHandler handler;
    private @Nullable JDA jda;

    public DiscordGateway(DiscordSettings settings, DiscordCommandHandler handler) {
        if (settings.token() == null) {
            throw new IllegalArgumentException("the Discord gateway needs DISCORD_TOKEN");
        }
        this.settings = settings;
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** Connects, waits until ready, and registers {@code /mailtls}. */
    public synchronized void start() throws InterruptedException {
        if (jda != null) {
            return;
        }
        // Slash commands need no intent; JDA adds the non-privileged GUILDS itself, which finds the guild.
        JDA started = JDABuilder.createLight(
                        Objects.requireNonNull(settings.token()), EnumSet.noneOf(GatewayIntent.class))
                .addEventListeners(handler)
                .build();
        jda = started;
        started.awaitReady();
        String guildId = settings.guildId();
        if (guildId == null) {
            started.updateCommands()
                    .addCommands(DiscordCommand.definition())
                    .queue(
                            ok -> LOG.info("Registered /{} globally", DiscordCommand.NAME),
                            e -> LOG.error("Registering /{} globally failed", DiscordCommand.NAME, e));
            return;
        }
        Guild guild = started.getGuildById(guildId);
        if (guild == null) {
            LOG.error("The bot is not in guild {} (DISCORD_GUILD_ID): invite it, then restart", guildId);
            return;
        }
        guild.updateCommands()
                .addCommands(DiscordCommand.definition())
                .queue(
                        ok -> LOG.info("Registered /{} in guild {}", DiscordCommand.NAME, guildId),
                        e -> LOG.error("Registering /{} in guild {} failed", DiscordCommand.NAME, guildId, e));
    }

    @Override
    public synchronized void close() {
        if (jda != null) {
            jda.shutdown();
            jda = null;
        }
    }
}
