package dev.mailtls.discord;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLException;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.ShutdownEvent;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.GatewayIntent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot over Discord's gateway (JDA): connects with {@code DISCORD_TOKEN}, listens for {@code
 * /mailtls} and registers the command, globally or in {@code DISCORD_GUILD_ID}'s guild (which
 * updates at once; global commands can take a while to appear), as soon as the session is ready.
 * No privileged intent is asked for: no message content, no members, no presences.
 *
 * <p>{@link #start()} waits for the session at most {@link #READY_TIMEOUT}: JDA keeps reconnecting
 * for ever when Discord is unreachable, and its {@code awaitReady()} would wait as long. No monitor
 * is held around the wait (a {@code synchronized} block would pin a virtual thread's carrier on JDK
 * 21): a {@link ReentrantLock} guards only the session field.
 */
public final class DiscordGateway implements AutoCloseable {
    /** How long {@link #start()} waits for Discord to say the session is ready. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(DiscordGateway.class);

    /** Opens a JDA session with these listeners; JDA connects in the background. A seam for tests. */
    @FunctionalInterface
    interface Connect {
        JDA connect(String token, Object... listeners);
    }

    private final DiscordSettings settings;
    private final DiscordCommandHandler handler;
    private final Connect connect;
    private final Duration readyTimeout;
    private final ReentrantLock lock = new ReentrantLock();
    private @Nullable JDA jda;
    private boolean started;
    private boolean closed;

    public DiscordGateway(DiscordSettings settings, DiscordCommandHandler handler) {
        this(settings, handler, DiscordGateway::connect, READY_TIMEOUT);
    }

    DiscordGateway(DiscordSettings settings, DiscordCommandHandler handler, Connect connect, Duration readyTimeout) {
        if (settings.token() == null) {
            throw new IllegalArgumentException("the Discord gateway needs DISCORD_TOKEN");
        }
        this.settings = settings;
        this.handler = Objects.requireNonNull(handler, "handler");
        this.connect = Objects.requireNonNull(connect, "connect");
        this.readyTimeout = Objects.requireNonNull(readyTimeout, "readyTimeout");
    }

    static JDA connect(String token, Object... listeners) {
        // Slash commands need no intent; JDA adds the non-privileged GUILDS itself, which finds the guild.
        return JDABuilder.createLight(token, EnumSet.noneOf(GatewayIntent.class))
                .addEventListeners(listeners)
                .build();
    }

    /** Whether the session is connected to Discord now: not while logging in or reconnecting. */
    public boolean connected() {
        JDA session;
        lock.lock();
        try {
            session = closed ? null : jda;
        } finally {
            lock.unlock();
        }
        return session != null && session.getStatus() == JDA.Status.CONNECTED;
    }

    /**
     * Connects and returns once the session is ready, or after {@link #READY_TIMEOUT} with a log
     * line (the command is registered when the session becomes ready). Connecting runs on a virtual
     * thread of its own, so even a JDA that blocks while logging in cannot hold this caller longer.
     *
     * @throws IllegalStateException when Discord refused the session (a bad token) before it was ready
     */
    public void start() throws InterruptedException {
        Session session = new Session();
        lock.lock();
        try {
            if (started || closed) {
                return;
            }
            started = true;
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().name("discord-connect").start(() -> open(session));
        if (!session.settled.await(readyTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn(
                    "Discord: the gateway is not ready after {} s (is discord.com reachable?); JDA keeps trying,"
                            + " and /{} is registered once it is",
                    readyTimeout.toSeconds(),
                    DiscordCommand.NAME);
            return;
        }
        String failure = session.failure;
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private void open(Session session) {
        JDA opened;
        try {
            opened = connect.connect(Objects.requireNonNull(settings.token()), handler, session);
        } catch (RuntimeException e) {
            session.fail(whyNotConnected(e));
            return;
        }
        lock.lock();
        try {
            if (!closed) {
                jda = opened;
                return;
            }
        } finally {
            lock.unlock();
        }
        opened.shutdownNow(); // closed while connecting
    }

    /**
     * Why logging in failed, in words: JDA reports an unreachable Discord as {@code -1:
     * java.net.UnknownHostException} and keeps the network error as the cause.
     */
    static String whyNotConnected(RuntimeException e) {
        if (e instanceof InvalidTokenException) {
            return "Discord refused DISCORD_TOKEN: it is not a valid bot token (Developer Portal → Bot → Reset Token)";
        }
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof UnknownHostException u) {
                return "cannot reach Discord (" + hostOf(u) + " does not resolve: check DNS or the proxy)";
            }
            if (c instanceof ConnectException) {
                return "cannot reach Discord (the connection to discord.com was refused: check the firewall or proxy)";
            }
            if (c instanceof SocketTimeoutException) {
                return "cannot reach Discord (discord.com did not answer in time: check the firewall or proxy)";
            }
            if (c instanceof SSLException) {
                return "cannot reach Discord (TLS to discord.com failed: a proxy that intercepts TLS?)";
            }
            if (c instanceof IOException io) {
                return "cannot reach Discord (" + io.getClass().getSimpleName() + ")";
            }
        }
        return "Discord refused the session: " + e.getMessage() + " (check DISCORD_TOKEN)";
    }

    /** "discord.com" from "discord.com" or "discord.com: Name or service not known". */
    private static String hostOf(UnknownHostException u) {
        String m = u.getMessage();
        if (m == null || m.isBlank()) {
            return "discord.com";
        }
        String host = m.split(":", 2)[0].strip();
        return host.matches("[A-Za-z0-9.-]{1,253}") ? host : "discord.com";
    }

    /** Learns when the session is ready (then registers the command) or ends before that. */
    private final class Session extends ListenerAdapter {
        final CountDownLatch settled = new CountDownLatch(1);
        volatile @Nullable String failure;

        void fail(String why) {
            failure = why;
            settled.countDown();
        }

        @Override
        public void onReady(ReadyEvent event) {
            register(event.getJDA());
            settled.countDown();
        }

        @Override
        public void onShutdown(ShutdownEvent event) {
            if (settled.getCount() > 0) {
                fail("Discord closed the gateway before it was ready (" + event.getCloseCode() + ")");
            }
        }
    }

    private void register(JDA ready) {
        String guildId = settings.guildId();
        if (guildId == null) {
            ready.updateCommands()
                    .addCommands(DiscordCommand.definition())
                    .queue(
                            ok -> LOG.info("Registered /{} globally", DiscordCommand.NAME),
                            e -> LOG.error("Registering /{} globally failed", DiscordCommand.NAME, e));
            return;
        }
        Guild guild = ready.getGuildById(guildId);
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
    public void close() {
        JDA open;
        lock.lock();
        try {
            closed = true;
            open = jda;
            jda = null;
        } finally {
            lock.unlock();
        }
        if (open != null) {
            open.shutdown(); // outside the lock: JDA's shutdown does its own waiting
        }
    }
}
