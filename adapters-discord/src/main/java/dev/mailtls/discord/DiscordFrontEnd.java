package dev.mailtls.discord;

import dev.mailtls.frontend.FrontEnd;
import dev.mailtls.frontend.FrontEndContext;
import dev.mailtls.frontend.Webhook;
import dev.mailtls.lease.Lease;
import dev.mailtls.lease.LeaseTiming;
import dev.mailtls.lease.Leases;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The Discord bot as {@code serve} runs it: the gateway (JDA) when {@code DISCORD_TOKEN} is set,
 * the HTTP interactions endpoint at {@code /discord/interactions} when {@code DISCORD_PUBLIC_KEY}
 * and {@code DISCORD_APPLICATION_ID} are, both when all are.
 *
 * <p>Only the server that holds the lease {@value #GATEWAY_LEASE} opens the gateway: Discord
 * sends every interaction to every session of the bot, and two servers answering one command
 * would both probe and one would fail with 40060 "already acknowledged". Losing the lease closes
 * the gateway; taking it again opens a new one. The HTTP interactions endpoint needs no lease:
 * Discord posts each interaction once, to whichever server the load balancer picks.
 */
final class DiscordFrontEnd implements FrontEnd {
    static final String PATH = "/discord/interactions";

    /** The lease of the one server that keeps the gateway open. */
    static final String GATEWAY_LEASE = "discord-gateway";

    private final DiscordSettings settings;
    private final DiscordProbe probe;
    private final Leases leases;
    private final LeaseTiming timing;
    private final DiscordGateway.Connect connect;
    private final Duration readyTimeout;
    // Written by the lease's start and stop, which it runs one at a time.
    private volatile @Nullable DiscordGateway gateway;
    private volatile @Nullable Thread connecting;
    private volatile @Nullable Lease lease;

    DiscordFrontEnd(DiscordSettings settings, FrontEndContext context) {
        this(settings, context, LeaseTiming.DEFAULT, DiscordGateway::connect, DiscordGateway.READY_TIMEOUT);
    }

    /** With the lease's timing and JDA's connection as seams for tests. */
    DiscordFrontEnd(
            DiscordSettings settings,
            FrontEndContext context,
            LeaseTiming timing,
            DiscordGateway.Connect connect,
            Duration readyTimeout) {
        this.settings = settings;
        this.leases = context.leases();
        this.timing = Objects.requireNonNull(timing, "timing");
        this.connect = Objects.requireNonNull(connect, "connect");
        this.readyTimeout = Objects.requireNonNull(readyTimeout, "readyTimeout");
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
     * Takes the gateway lease in the background when the gateway is configured, and connects while
     * this server holds it: Discord may be slow or unreachable, and the API, the page and the other
     * bots do not wait for it. A failure is logged.
     */
    @Override
    public void start(Consumer<String> info, Consumer<String> error) {
        if (!settings.gatewayConfigured() || lease != null) {
            return;
        }
        lease = Lease.hold(
                leases,
                GATEWAY_LEASE,
                timing,
                new Lease.Work() {
                    @Override
                    public void start() {
                        connect(error);
                    }

                    @Override
                    public void stop() {
                        disconnect();
                    }

                    @Override
                    public boolean healthy() {
                        // Not connected for minutes (Discord unreachable from here): let another server try.
                        DiscordGateway g = gateway;
                        return g != null && g.connected();
                    }
                },
                m -> info.accept("Discord: " + m),
                m -> error.accept("Discord: " + m));
    }

    /** A new gateway each time: one closed cannot be opened again. */
    private void connect(Consumer<String> error) {
        DiscordGateway g = new DiscordGateway(settings, new DiscordCommandHandler(probe), connect, readyTimeout);
        gateway = g;
        connecting = Thread.ofVirtual().name("discord-gateway").start(() -> {
            try {
                g.start();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // The gateway's message names the reason (unreachable, bad token) in words.
                error.accept("Discord: the gateway did not connect: "
                        + Objects.toString(e.getMessage(), e.getClass().getSimpleName()));
            }
        });
    }

    private void disconnect() {
        Thread c = connecting;
        if (c != null) {
            c.interrupt();
        }
        DiscordGateway g = gateway;
        if (g != null) {
            g.close();
        }
        connecting = null;
        gateway = null;
    }

    /**
     * Whether this server holds the gateway lease and so keeps the gateway open (or is opening it);
     * false in HTTP interactions mode, and before {@link #start}.
     */
    boolean holdsGateway() {
        Lease l = lease;
        return l != null && l.held();
    }

    /** {@value #GATEWAY_LEASE} once the gateway is started, with whether this server holds it. */
    @Override
    public Map<String, Boolean> leases() {
        return lease == null ? Map.of() : Map.of(GATEWAY_LEASE, holdsGateway());
    }

    /** For the start-up report: which modes run. */
    @Override
    public String describe() {
        List<String> modes = new ArrayList<>();
        if (settings.gatewayConfigured()) {
            modes.add("gateway"
                    + (settings.guildId() == null
                            ? " (command registered globally"
                            : " (command registered in guild " + settings.guildId())
                    + "; one server at a time, lease " + GATEWAY_LEASE + ")");
        }
        if (settings.interactionsConfigured()) {
            modes.add("HTTP interactions at " + PATH);
        }
        return modes.isEmpty()
                ? "Discord off (set DISCORD_TOKEN for the gateway, or DISCORD_PUBLIC_KEY and"
                        + " DISCORD_APPLICATION_ID for HTTP interactions at " + PATH + ")"
                : "Discord on: " + String.join(" and ", modes);
    }

    /** Closes the gateway, then releases the lease, so another server opens it at its next ask. */
    @Override
    public void close() {
        Lease l = lease;
        if (l != null) {
            l.close();
        }
        disconnect();
    }
}
