package dev.mailtls.app;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.discord.DiscordCommandHandler;
import dev.mailtls.discord.DiscordGateway;
import dev.mailtls.discord.DiscordInteractions;
import dev.mailtls.discord.DiscordProbe;
import dev.mailtls.discord.DiscordSettings;
import dev.mailtls.http.Webhook;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.service.ProbeService;
import dev.mailtls.summary.GroupRunner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The Discord bot as {@code serve} runs it: the gateway (JDA) when {@code DISCORD_TOKEN} is set,
 * the HTTP interactions endpoint at {@code /discord/interactions} when {@code DISCORD_PUBLIC_KEY}
 * and {@code DISCORD_APPLICATION_ID} are, both when all are.
 */
final class DiscordFrontEnd implements AutoCloseable {
    static final String PATH = "/discord/interactions";

    private final DiscordSettings settings;
    private final DiscordProbe probe;
    private @Nullable DiscordGateway gateway;
    private @Nullable Thread connecting;

    /**
     * @param runner runs {@code host:provider:<name>} and {@code host:scan:<host>}
     * @param publicUrl the web page's public base URL; null for no Open in browser button
     */
    DiscordFrontEnd(
            DiscordSettings settings,
            ProbeService service,
            Diagnoser diagnoser,
            ProbeOptions options,
            GroupRunner runner,
            @Nullable String publicUrl) {
        this.settings = settings;
        this.probe = new DiscordProbe(service, diagnoser, options, runner, publicUrl);
    }

    /** The HTTP interactions endpoint for the web server, when configured. */
    Optional<Webhook> webhook() {
        if (!settings.interactionsConfigured()) {
            return Optional.empty();
        }
        DiscordInteractions interactions = new DiscordInteractions(settings, probe);
        return Optional.of(new Webhook() {
            @Override
            public String path() {
                return PATH;
            }

            @Override
            public Response handle(Request r) {
                Map<String, String> headers = new LinkedHashMap<>();
                r.headers().forEach((k, v) -> headers.put(k, v.isEmpty() ? "" : v.get(0)));
                DiscordInteractions.Response a =
                        interactions.handle(headers, r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return new Response(a.status(), DiscordInteractions.Response.CONTENT_TYPE, Map.of(), a.body());
            }
        });
    }

    /**
     * Connects the gateway in the background when configured: Discord may be slow or unreachable,
     * and the API, the page and the other bots do not wait for it. A failure is logged.
     */
    void start(Consumer<String> error) {
        if (!settings.gatewayConfigured()) {
            return;
        }
        DiscordGateway g = new DiscordGateway(settings, new DiscordCommandHandler(probe));
        gateway = g;
        connecting = Thread.ofVirtual().name("discord-gateway").start(() -> {
            try {
                g.start();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // The gateway's message names the reason (unreachable, bad token) in words.
                error.accept("Discord: the gateway did not connect: " + MailtlsCli.oneLine(e.getMessage()));
            }
        });
    }

    /** For the start-up report: which modes run. */
    String describe() {
        List<String> modes = new ArrayList<>();
        if (settings.gatewayConfigured()) {
            modes.add("gateway"
                    + (settings.guildId() == null
                            ? " (command registered globally)"
                            : " (command registered in guild " + settings.guildId() + ")"));
        }
        if (settings.interactionsConfigured()) {
            modes.add("HTTP interactions at " + PATH);
        }
        return modes.isEmpty()
                ? "Discord off (set DISCORD_TOKEN for the gateway, or DISCORD_PUBLIC_KEY and"
                        + " DISCORD_APPLICATION_ID for HTTP interactions at " + PATH + ")"
                : "Discord on: " + String.join(" and ", modes);
    }

    @Override
    public void close() {
        if (connecting != null) {
            connecting.interrupt();
        }
        if (gateway != null) {
            gateway.close();
        }
    }
}
