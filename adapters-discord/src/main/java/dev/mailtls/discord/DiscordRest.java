package dev.mailtls.discord;

import dev.mailtls.retry.Attempt;
import dev.mailtls.retry.Outcome;
import dev.mailtls.retry.RetryPolicy;
import dev.mailtls.retry.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discord's REST API over {@code java.net.http}, for the interactions endpoint's follow-ups and the
 * notifier. A 429 ({@code retry_after} in the body, else {@code Retry-After}) or a 5xx is retried
 * under {@link RetryPolicy#CHAT}: capped waits, at most five tries, and never past the moment the
 * caller names (an interaction token lives 15 minutes). Any other answer is returned as it is. A
 * request given up on is one log line, with the interaction token cut out of the path.
 */
final class DiscordRest {
    /** An interaction token's life (15 min, Discord's documentation), less a minute for the last try. */
    static final Duration INTERACTION_TOKEN_LIFETIME = Duration.ofMinutes(14);
    /** How long a notifier's post may keep retrying. */
    static final Duration NOTIFIER_WINDOW = Duration.ofMinutes(10);

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    static final String USER_AGENT = "DiscordBot (mailtls, 0.1.0)";

    private static final Logger LOG = LoggerFactory.getLogger(DiscordRest.class);

    record Response(int status, String body) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    /** Thrown when the retries are used up; the one log line has been written already. */
    static final class GaveUp extends IOException {
        private static final long serialVersionUID = 1L;

        GaveUp(String message) {
            super(message);
        }
    }

    private final HttpClient http;
    private final URI api;
    private final @Nullable String botToken;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Consumer<String> gaveUp;

    DiscordRest(HttpClient http, URI api, @Nullable String botToken, Sleeper sleeper, Clock clock) {
        this(http, api, botToken, RetryPolicy.CHAT, sleeper, clock, LOG::warn);
    }

    /** @param gaveUp receives the one line logged for a request given up on */
    DiscordRest(
            HttpClient http,
            URI api,
            @Nullable String botToken,
            RetryPolicy policy,
            Sleeper sleeper,
            Clock clock,
            Consumer<String> gaveUp) {
        this.http = Objects.requireNonNull(http, "http");
        this.api = Objects.requireNonNull(api, "api");
        this.botToken = botToken;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.gaveUp = Objects.requireNonNull(gaveUp, "gaveUp");
    }

    static HttpClient defaultClient() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    Clock clock() {
        return clock;
    }

    Response json(String method, String path, DataObject body) throws IOException, InterruptedException {
        return send(method, path, "application/json", body.toJson());
    }

    Response json(String method, String path, DataObject body, Instant notAfter)
            throws IOException, InterruptedException {
        return send(method, path, "application/json", body.toJson(), notAfter);
    }

    /** As {@link #send(String, String, String, byte[], Instant)}, retrying for {@link #NOTIFIER_WINDOW}. */
    Response send(String method, String path, @Nullable String contentType, byte[] body)
            throws IOException, InterruptedException {
        return send(method, path, contentType, body, clock.instant().plus(NOTIFIER_WINDOW));
    }

    /**
     * @param notAfter no retry starts after this (the interaction token's end of life)
     * @throws GaveUp when Discord kept answering 429/5xx (or failing to answer) past the policy
     */
    Response send(String method, String path, @Nullable String contentType, byte[] body, Instant notAfter)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path))
                .timeout(REQUEST_TIMEOUT)
                .header("User-Agent", USER_AGENT)
                .method(
                        method,
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (botToken != null) {
            b.header("Authorization", "Bot " + botToken);
        }
        HttpRequest request = b.build();
        Outcome<Response> o = policy.run(
                () -> {
                    HttpResponse<String> r =
                            http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                    Response response = new Response(r.statusCode(), r.body());
                    return RetryPolicy.transientStatus(r.statusCode())
                            ? Attempt.again(
                                    response,
                                    retryAfter(r.body(), r.headers().firstValue("Retry-After")),
                                    "HTTP " + r.statusCode())
                            : Attempt.done(response);
                },
                sleeper,
                clock,
                notAfter);
        if (!o.delivered()) {
            String line = "Discord: gave up on " + method + " " + redactToken(path) + ": " + o.problem();
            gaveUp.accept(line);
            throw new GaveUp(line);
        }
        return o.valueOrThrow();
    }

    /** Discord's {@code retry_after} (seconds, fractional) in the JSON body, else the header. */
    static Optional<Duration> retryAfter(String body, Optional<String> header) {
        try {
            DataObject o = DataObject.fromJson(body);
            if (o.hasKey("retry_after")) {
                double s = o.getDouble("retry_after");
                if (s >= 0 && !Double.isInfinite(s)) {
                    return Optional.of(RetryPolicy.seconds(s));
                }
            }
        } catch (RuntimeException notJson) {
            // fall through to the header
        }
        return RetryPolicy.retryAfter(header);
    }
    /** Problem text for logs and exceptions: status and a clipped body, never a token. */
    static String describe(String method, String path, Response r) {
        String body = r.body().length() > 300 ? r.body().substring(0, 300) + "…" : r.body();
        return "Discord answered " + r.status() + " to " + method + " " + redactToken(path) + ": " + body;
    }

    /** Webhook paths carry the interaction token: keep it out of logs. */
    static String redactToken(String path) {
        return path.replaceAll("(/webhooks/\\d+/)[^/]+", "$1<token>");
    }
}
