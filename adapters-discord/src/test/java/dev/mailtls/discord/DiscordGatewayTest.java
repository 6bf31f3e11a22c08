package dev.mailtls.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.ShutdownEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.requests.CloseCode;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.Response;
import net.dv8tion.jda.api.requests.restaction.CommandListUpdateAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gateway's start never waits for Discord longer than its bound: not when the session never
 * becomes ready (Discord unreachable), not even when connecting itself blocks.
 */
@Timeout(30)
class DiscordGatewayTest {
    private static final DiscordSettings SETTINGS =
            new DiscordSettings("bot-token", null, null, null, DiscordSettings.DEFAULT_API_URL);
    private static final Duration BOUND = Duration.ofMillis(300);

    private final DiscordCommandHandler handler = mock(DiscordCommandHandler.class);

    @Test
    void startReturnsWithinTheBoundWhenTheSessionNeverBecomesReady() throws Exception {
        JDA neverReady = mock(JDA.class);
        DiscordGateway gateway = new DiscordGateway(SETTINGS, handler, (token, listeners) -> neverReady, BOUND);

        long t0 = System.nanoTime();
        gateway.start();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(took).isGreaterThanOrEqualTo(BOUND).isLessThan(Duration.ofSeconds(10));
        gateway.close();
    }

    @Test
    void startReturnsWithinTheBoundEvenWhenConnectingBlocks() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        DiscordGateway gateway = new DiscordGateway(
                SETTINGS,
                handler,
                (token, listeners) -> {
                    try {
                        never.await(); // a login that hangs
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return mock(JDA.class);
                },
                BOUND);

        long t0 = System.nanoTime();
        gateway.start();

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        never.countDown();
        gateway.close();
    }

    @Test
    void readyRegistersTheCommandAndEndsTheWaitAtOnce() throws Exception {
        JDA jda = mock(JDA.class);
        CommandListUpdateAction update = mock(CommandListUpdateAction.class, RETURNS_SELF);
        when(jda.updateCommands()).thenReturn(update);
        ReadyEvent ready = mock(ReadyEvent.class);
        when(ready.getJDA()).thenReturn(jda);
        DiscordGateway gateway = new DiscordGateway(
                SETTINGS,
                handler,
                (token, listeners) -> {
                    session(listeners).onReady(ready); // as JDA does, on a thread of its own
                    return jda;
                },
                Duration.ofSeconds(20));

        long t0 = System.nanoTime();
        gateway.start();

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        verify(update).addCommands(any(CommandData[].class));
        verify(update).queue(any(), any());
    }

    @Test
    void aSessionRefusedBeforeReadyIsAOneLineFailure() {
        ShutdownEvent shutdown = mock(ShutdownEvent.class);
        when(shutdown.getCloseCode()).thenReturn(CloseCode.AUTHENTICATION_FAILED);
        DiscordGateway gateway = new DiscordGateway(
                SETTINGS,
                handler,
                (token, listeners) -> {
                    session(listeners).onShutdown(shutdown);
                    return mock(JDA.class);
                },
                Duration.ofSeconds(20));

        assertThatThrownBy(gateway::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before it was ready")
                .hasMessageNotContaining("bot-token");
    }

    @Test
    void anUnresolvableDiscordIsNamedInWordsNotAsJdasErrorCode() {
        // What JDA's login throws when discord.com does not resolve.
        RuntimeException jda = ErrorResponseException.create(
                ErrorResponse.SERVER_ERROR,
                new Response(new UnknownHostException("discord.com: Name or service not known"), Set.of()));
        assertThat(jda).hasMessageContaining("java.net.UnknownHostException");
        DiscordGateway gateway = new DiscordGateway(
                SETTINGS,
                handler,
                (token, listeners) -> {
                    throw jda;
                },
                Duration.ofSeconds(20));

        assertThatThrownBy(gateway::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot reach Discord (discord.com does not resolve: check DNS or the proxy)");
    }

    @Test
    void aRefusedConnectionAndABadTokenAreNamed() {
        assertThat(DiscordGateway.whyNotConnected(
                        new RuntimeException("-1: java.net.ConnectException", new ConnectException("refused"))))
                .startsWith("cannot reach Discord (the connection to discord.com was refused");
        assertThat(DiscordGateway.whyNotConnected(new InvalidTokenException()))
                .startsWith("Discord refused DISCORD_TOKEN")
                .doesNotContain("bot-token");
    }

    @Test
    void noMethodOfTheGatewayHoldsAMonitor() {
        List<Method> locked = Arrays.stream(DiscordGateway.class.getDeclaredMethods())
                .filter(m -> Modifier.isSynchronized(m.getModifiers()))
                .toList();
        assertThat(locked).isEmpty();
    }

    /** The gateway's own listener: the one that is not the command handler. */
    private ListenerAdapter session(Object[] listeners) {
        return Arrays.stream(listeners)
                .filter(l -> l != handler)
                .map(ListenerAdapter.class::cast)
                .findFirst()
                .orElseThrow();
    }
}
