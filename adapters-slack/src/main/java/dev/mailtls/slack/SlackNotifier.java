package dev.mailtls.slack;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.model.block.LayoutBlock;
import dev.mailtls.retry.RetryPolicy;
import dev.mailtls.retry.Sleeper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Posts messages with blocks to a channel ({@code chat.postMessage}), for scheduled summaries.
 * Slack's rate limit (HTTP 429 with {@code Retry-After}) is honoured: the notifier waits as told,
 * at most {@link #MAX_WAIT} each time, and gives up after a bounded number of retries.
 */
public final class SlackNotifier {
    /** Retries after a 429 before giving up. */
    public static final int DEFAULT_MAX_RETRIES = 3;
    /** The longest single wait, whatever Retry-After says. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(60);
    /** The wait when a 429 carries no usable Retry-After. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(1);

    private final MethodsClient methods;
    private final int maxRetries;
    private final Sleeper sleeper;

    public SlackNotifier(Slack slack, String botToken, int maxRetries, Sleeper sleeper) {
        Objects.requireNonNull(botToken, "botToken");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
        }
        this.methods = slack.methods(botToken);
        this.maxRetries = maxRetries;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** With the settings' bot token and Web API URL, three retries and real waits. */
    public static SlackNotifier of(SlackSettings settings) {
        String token = Objects.requireNonNull(settings.botToken(), "the Slack notifier needs SLACK_BOT_TOKEN");
        return new SlackNotifier(SlackApps.slack(settings), token, DEFAULT_MAX_RETRIES, Sleeper.system());
    }

    /**
     * Posts and returns the message's timestamp ({@code ts}).
     *
     * @param text the notification text, also shown by clients without blocks
     * @throws IOException when Slack refuses (e.g. {@code channel_not_found}, {@code not_in_channel}),
     *     keeps answering 429 past the retries, or cannot be reached
     */
    public String post(String channel, List<LayoutBlock> blocks, String text) throws IOException {
        ChatPostMessageRequest request = ChatPostMessageRequest.builder()
                .channel(channel)
                .text(Limits.cut(text, Limits.MAX_FALLBACK_TEXT))
                .blocks(blocks)
                .unfurlLinks(false)
                .unfurlMedia(false)
                .build();
        for (int attempt = 0; ; attempt++) {
            try {
                ChatPostMessageResponse r = methods.chatPostMessage(request);
                if (!r.isOk()) {
                    throw new IOException("Slack chat.postMessage to " + channel + " failed: " + r.getError());
                }
                return r.getTs();
            } catch (SlackApiException e) {
                if (e.getResponse().code() != 429) {
                    throw new IOException(
                            "Slack chat.postMessage to " + channel + " answered HTTP "
                                    + e.getResponse().code(),
                            e);
                }
                if (attempt >= maxRetries) {
                    throw new IOException(
                            "Slack chat.postMessage to " + channel + " is still rate limited after " + maxRetries
                                    + " retries",
                            e);
                }
                wait(retryAfter(e.getResponse().header("Retry-After")));
            }
        }
    }

    /** Retry-After in seconds (read by the shared {@link RetryPolicy#retryAfter}), bounded; the default when absent or unreadable. */
    static Duration retryAfter(String header) {
        return RetryPolicy.retryAfter(Optional.ofNullable(header))
                .map(d -> d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d)
                .orElse(DEFAULT_WAIT);
    }

    private void wait(Duration d) throws IOException {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting out Slack's rate limit", e);
        }
    }
}
