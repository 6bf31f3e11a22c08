package dev.mailtls.discord;

import dev.mailtls.retry.Attempt;
import dev.mailtls.retry.Outcome;
import dev.mailtls.retry.RetryPolicy;
import dev.mailtls.retry.Sleeper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.requests.RestAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the gateway's answers (edit the deferred reply, delete it, a private follow-up) with JDA's
 * blocking {@code complete()}, on the virtual thread that ran the probe, never on one of JDA's
 * threads. JDA waits out rate limits itself; a Discord server error (5xx) or an I/O failure is
 * retried under {@link RetryPolicy#CHAT} while the interaction token lives (15 min from the
 * command). Any other error response is final and logged once; a give-up is one log line.
 */
final class GatewayDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayDelivery.class);

    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Consumer<String> gaveUp;

    /** @param gaveUp receives the one line logged for an answer given up on */
    GatewayDelivery(RetryPolicy policy, Sleeper sleeper, Clock clock, Consumer<String> gaveUp) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.gaveUp = Objects.requireNonNull(gaveUp, "gaveUp");
    }

    static GatewayDelivery standard() {
        return new GatewayDelivery(RetryPolicy.CHAT, Sleeper.system(), Clock.systemUTC(), LOG::warn);
    }

    /** The last moment to try for an interaction that arrives now. */
    Instant tokenEnd() {
        return clock.instant().plus(DiscordRest.INTERACTION_TOKEN_LIFETIME);
    }

    /**
     * Completes a fresh {@code action} per try (a message with a file cannot be sent twice).
     *
     * @param what what is being sent and about what, for the log ("the card for mail.example.com:25")
     * @return whether Discord took it
     */
    boolean send(Supplier<? extends RestAction<?>> action, Instant notAfter, String what) {
        try {
            Outcome<Boolean> o = policy.run(
                    () -> {
                        try {
                            action.get().complete();
                            return Attempt.done(Boolean.TRUE);
                        } catch (ErrorResponseException e) {
                            if (e.isServerError()) {
                                return Attempt.again(Boolean.FALSE, Optional.empty(), "Discord server error");
                            }
                            LOG.warn("Discord refused {}: {}", what, e.getMeaning());
                            return Attempt.done(Boolean.FALSE);
                        } catch (UncheckedIOException e) {
                            throw new IOException(e.getCause());
                        }
                    },
                    sleeper,
                    clock,
                    notAfter);
            if (!o.delivered()) {
                gaveUp.accept("Discord: gave up sending " + what + ": " + o.problem());
                return false;
            }
            return Boolean.TRUE.equals(o.value());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            // e.g. the token expired while probing: one line, not a stack trace on a virtual thread
            LOG.warn("Discord: cannot send {}: {}", what, e.toString());
            return false;
        }
    }
}
