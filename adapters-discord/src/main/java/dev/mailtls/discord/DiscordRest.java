package dev.mailtls.discord;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.jspecify.annotations.Nullable;

/**
 * Discord's REST API over {@code java.net.http}, for the interactions endpoint's follow-ups and the
 * notifier. A 429 is waited out ({@code retry_after} in the body, else {@code Retry-After}) and
 * retried, at most {@link #MAX_ATTEMPTS} times and never for longer than {@link #MAX_WAIT} at once.
 */
final class DiscordRest {
    static final int MAX_ATTEMPTS = 3;
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    static final String USER_AGENT = "DiscordBot (mailtls, 0.1.0)";

    record Response(int status, String body) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final HttpClient http;
    private final URI api;
    private final @Nullable String botToken;
    private final Sleeper sleeper;

    DiscordRest(HttpClient http, URI api, @Nullable String botToken, Sleeper sleeper) {
        this.http = Objects.requireNonNull(http, "http");
        this.api = Objects.requireNonNull(api, "api");
        this.botToken = botToken;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    static HttpClient defaultClient() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    Response json(String method, String path, DataObject body) throws IOException, InterruptedException {
        return send(method, path, "application/json", body.toJson());
    }

    Response send(String method, String path, @Nullable String contentType, byte[] body)
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
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Response response = new Response(r.statusCode(), r.body());
            if (r.statusCode() != 429 || attempt >= MAX_ATTEMPTS) {
                return response;
            }
            Duration wait = retryAfter(r.body(), r.headers().firstValue("Retry-After"));
            if (wait.compareTo(MAX_WAIT) > 0) {
                return response;
            }
            sleeper.sleep(wait);
        }
    }

    /** Discord's {@code retry_after} (seconds, fractional) in the JSON body, else the header, else 1 s. */
    static Duration retryAfter(String body, Optional<String> header) {
        try {
            DataObject o = DataObject.fromJson(body);
            if (o.hasKey("retry_after")) {
                return seconds(o.getDouble("retry_after"));
            }
        } catch (RuntimeException notJson) {
            // fall through to the header
        }
        try {
            return header.map(h -> seconds(Double.parseDouble(h.strip()))).orElse(Duration.ofSeconds(1));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis((long) Math.ceil(Math.max(0, s) * 1000));
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
