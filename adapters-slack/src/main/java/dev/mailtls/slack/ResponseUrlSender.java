package dev.mailtls.slack;

import com.slack.api.Slack;
import dev.mailtls.retry.Attempt;
import dev.mailtls.retry.Outcome;
import dev.mailtls.retry.RetryPolicy;
import dev.mailtls.retry.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers an answer to a command's or a button's {@code response_url}. Slack keeps that URL for 30
 * minutes and five uses, and answers 429 (with {@code Retry-After}) or 5xx when it is busy: those
 * are retried under {@link RetryPolicy#CHAT} (five tries at most, waits capped) until the URL
 * expires; any other answer is final. A card given up on is one log line naming what was asked
 * about, never the URL (it is a credential for the channel). Runs on the caller's virtual thread:
 * the waits never hold one of Bolt's threads.
 */
final class ResponseUrlSender {
    /** Slack's documented lifetime of a response_url, less a minute for clocks and the last try. */
    static final Duration URL_LIFETIME = Duration.ofMinutes(29);

    private static final Logger LOG = LoggerFactory.getLogger(ResponseUrlSender.class);

    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Consumer<String> gaveUp;

    /** @param gaveUp receives the one line logged for an answer given up on */
    ResponseUrlSender(RetryPolicy policy, Sleeper sleeper, Clock clock, Consumer<String> gaveUp) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.gaveUp = Objects.requireNonNull(gaveUp, "gaveUp");
    }

    /** Real waits and clock; give-ups logged at warn. */
    static ResponseUrlSender standard() {
        return new ResponseUrlSender(RetryPolicy.CHAT, Sleeper.system(), Clock.systemUTC(), LOG::warn);
    }

    Clock clock() {
        return clock;
    }

    /**
     * Posts {@code body} (a slash-command or action response) as Slack's JSON.
     *
     * @param received when Slack sent the command or click: the URL lives 30 min from then
     * @param subject what was asked about, for the log: {@code host:port} or a group's name
     * @return whether Slack accepted it
     */
    boolean send(Slack slack, String url, Object body, Instant received, String subject) {
        try {
            Outcome<Integer> o = policy.run(
                    () -> {
                        try (Response r = slack.getHttpClient().postJsonBody(url, body)) {
                            int status = r.code();
                            return RetryPolicy.transientStatus(status)
                                    ? Attempt.again(
                                            status,
                                            RetryPolicy.retryAfter(Optional.ofNullable(r.header("Retry-After"))),
                                            "HTTP " + status)
                                    : Attempt.done(status);
                        }
                    },
                    sleeper,
                    clock,
                    received.plus(URL_LIFETIME));
            Integer status = o.value();
            if (!o.delivered()) {
                gaveUp.accept(
                        "Slack: gave up delivering the answer for " + subject + " to its response_url: " + o.problem());
                return false;
            }
            if (status == null || status / 100 != 2) {
                LOG.warn("Slack: response_url answered HTTP {} for {}", status, subject);
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
