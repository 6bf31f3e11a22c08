package dev.mailtls.discord;

import dev.mailtls.frontend.FrontEnd;
import dev.mailtls.frontend.FrontEndContext;
import dev.mailtls.frontend.Webhook;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The Discord bot as {@code serve} runs it: the gateway (JDA) when {@code DISCORD_TOKEN} is set,
 * the HTTP interactions endpoint at {@code /discord/interactions} when {@code DISCORD_PUBLIC_KEY}
 * and {@code DISCORD_APPLICATION_ID} are, both when all are.
 */
final class DiscordFrontEnd implements FrontEnd {
    static final String PATH = "/discord/interactions";

    private final DiscordSettings settings;
    private final DiscordProbe probe;
    private @Nullable DiscordGateway gateway;
    private @Nullable Thread connecting;

    DiscordFrontEnd(DiscordSettings settings, FrontEndContext context) {
        this.settings = settings;
        this.probe = new DiscordProbe(
                context.service(),
                context.diagnoser(),
                context.options(),
                context.runner(),
                context.publicUrl(),
                context.domains());
    }

    /** The HTTP interactions endpoint for the web server, when configured. */
    @Override
    public List<Webhook> webhooks() {
        if (!settings.interactionsConfigured()) {
            return List.of();
        }
        DiscordInteractions interactions = new DiscordInteractions(settings, probe);
        return List.of(new Webhook() {
            @Override
            public String path() {
                return PATH;
            }

            @Override
            public Response handle(Request r) {
                Map<String, String> headers = new LinkedHashMap<>();
                r.headers().forEach((k, v) -> headers.put(k, v.isEmpty() ? "" : v.get(0)));
                DiscordInteractions.Response a =
                        interactions.handle(headers, r.body().getBytes(StandardCharsets.UTF_8));
                return new Response(a.status(), DiscordInteractions.Response.CONTENT_TYPE, Map.of(), a.body());
            }
        });
    }

    /**
     * Connects the gateway in the background when configured: Discord may be slow or unreachable,
     * and the API, the page and the other bots do not wait for it. A failure is logged.
     */
    @Override
    public void start(Consumer<String> info, Consumer<String> error) {
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
                error.accept("Discord: the gateway did not connect: "
                        + java.util.Objects.toString(
                                e.getMessage(), e.getClass().getSimpleName()));
            }
        });
    }

    /** For the start-up report: which modes run. */
    @Override
    public String describe() {
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
