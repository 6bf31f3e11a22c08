package dev.mailtls.summary;

import dev.mailtls.retry.RetryPolicy;
import dev.mailtls.retry.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Posts a group's summary as JSON ({@link SummaryJsonRenderer}, docs/json-schema.md "Group
 * summaries") to an outgoing webhook: {@code webhook:https://hooks.example.com/x}. Each request has
 * a deadline; a 429 or 503 with {@code Retry-After} is waited out (at most {@link #MAX_WAIT} at
 * once) and retried a bounded number of times; redirects are not followed. Webhook URLs often carry
 * a secret in their path, so messages name only the scheme, host and port.
 */
public final class WebhookNotifier implements Notifier {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    public static final int DEFAULT_MAX_RETRIES = 3;
    /** The longest single wait, whatever Retry-After says. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(60);
    /** The wait when a 429 carries no usable Retry-After. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(1);

    static final String USER_AGENT = "mailtls-webhook/1";

    private final HttpClient http;
    private final Duration timeout;
    private final int maxRetries;
    private final Sleeper sleeper;
    private final Clock clock;
    private final SummaryJsonRenderer json = new SummaryJsonRenderer(false);

    /**
     * @param timeout the deadline of each request, from sending to the response's status line
     * @param maxRetries retries after a 429/503 before giving up
     * @param clock gives {@code now} for days until certificate expiry
     */
    public WebhookNotifier(HttpClient http, Duration timeout, int maxRetries, Sleeper sleeper, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the webhook timeout must be positive, was " + timeout);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
        }
        this.maxRetries = maxRetries;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A client with a 10 s connect timeout and no redirects, 15 s per request, three retries, real waits. */
    public static WebhookNotifier standard(Clock clock) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new WebhookNotifier(http, DEFAULT_TIMEOUT, DEFAULT_MAX_RETRIES, Sleeper.system(), clock);
    }

    @Override
    public String kind() {
        return "webhook";
    }

    /**
     * @param destination an http or https URL
     * @throws IllegalArgumentException when it is not an absolute http(s) URL with a host
     * @throws IOException on a non-2xx answer, a persistent 429, a timeout or an unreachable host
     */
    @Override
    public void post(String destination, GroupSummary summary) throws IOException {
        URI url = url(destination);
        String where = redacted(url);
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofString(
                        json.render(summary, clock.instant()), StandardCharsets.UTF_8))
                .build();
        for (int attempt = 0; ; attempt++) {
            HttpResponse<Void> r;
            try {
                r = http.send(request, HttpResponse.BodyHandlers.discarding());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(
                        "interrupted while posting the summary of "
                                + summary.run().group() + " to " + where,
                        e);
            } catch (IOException e) {
                throw new IOException(
                        "cannot post the summary of " + summary.run().group() + " to " + where + ": " + e, e);
            }
            int status = r.statusCode();
            if (status / 100 == 2) {
                return;
            }
            if (status != 429 && status != 503) {
                throw new IOException("webhook " + where + " answered HTTP " + status + " to the summary of "
                        + summary.run().group());
            }
            if (attempt >= maxRetries) {
                throw new IOException("webhook " + where + " is still rate limited (HTTP " + status + ") after "
                        + maxRetries + " retries");
            }
            wait(retryAfter(r.headers().firstValue("Retry-After")), where);
        }
    }

    /** An absolute http(s) URL with a host, else a message that says what is wrong. */
    static URI url(String destination) {
        URI u;
        try {
            u = new URI(destination.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "a webhook destination is an https URL, was not a URL: " + e.getReason());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("a webhook destination is an http(s) URL, was a '"
                    + (scheme.isEmpty() ? "relative" : scheme) + "' one");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw new IllegalArgumentException("a webhook URL needs a host, e.g. https://hooks.example.com/x");
        }
        if (u.getRawUserInfo() != null) {
            throw new IllegalArgumentException("a webhook URL must not carry credentials before the host");
        }
        return u;
    }

    /** Scheme, host and port only: the path of a webhook URL is often its secret. */
    static String redacted(URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()) + "/…";
    }

    /**
     * Retry-After in seconds (read by the shared {@link RetryPolicy#retryAfter}), bounded by {@link
     * #MAX_WAIT}; the default when absent or unreadable (an HTTP date included). A summary has no
     * token that expires, so a long wait is shortened rather than given up on.
     */
    static Duration retryAfter(Optional<String> header) {
        return RetryPolicy.retryAfter(header)
                .map(d -> d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d)
                .orElse(DEFAULT_WAIT);
    }

    private void wait(Duration d, String where) throws IOException {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting out the rate limit of " + where, e);
        }
    }
}
