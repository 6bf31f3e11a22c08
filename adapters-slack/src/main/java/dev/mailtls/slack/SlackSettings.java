package dev.mailtls.slack;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How the Slack front end runs, from the environment or the server's configuration.
 *
 * @param botToken {@code SLACK_BOT_TOKEN} (xoxb-…): the Web API (chat.postMessage, auth.test)
 * @param signingSecret {@code SLACK_SIGNING_SECRET}: verifies HTTP-mode requests
 * @param appToken {@code SLACK_APP_TOKEN} (xapp-…): opens Socket Mode connections
 * @param apiUrl {@code SLACK_API_URL}: the Web API base, e.g. {@code https://slack.com/api/} (a
 *     proxy, or a local mock in tests); null for Slack's own
 * @param respondInChannel post cards visibly in the channel (default); {@code private} in a command
 *     still answers only the person who asked
 */
public record SlackSettings(
        @Nullable String botToken,
        @Nullable String signingSecret,
        @Nullable String appToken,
        @Nullable String apiUrl,
        boolean respondInChannel) {

    /** Nothing configured: the Slack front end stays off. */
    public static final SlackSettings OFF = new SlackSettings(null, null, null, null, true);

    public SlackSettings {
        botToken = blankToNull(botToken);
        signingSecret = blankToNull(signingSecret);
        appToken = blankToNull(appToken);
        apiUrl = blankToNull(apiUrl);
        if (apiUrl != null) {
            if (!apiUrl.startsWith("https://") && !apiUrl.startsWith("http://")) {
                throw new IllegalArgumentException("SLACK_API_URL must be an http(s) URL, was '" + apiUrl + "'");
            }
            // The Web API client appends the method name ("auth.test") to this prefix.
            apiUrl = apiUrl.endsWith("/") ? apiUrl : apiUrl + "/";
        }
        if (appToken != null && !appToken.startsWith("xapp-")) {
            throw new IllegalArgumentException("SLACK_APP_TOKEN must be an app-level token (xapp-…)");
        }
    }

    /**
     * Reads {@code SLACK_BOT_TOKEN}, {@code SLACK_SIGNING_SECRET}, {@code SLACK_APP_TOKEN}, {@code
     * SLACK_API_URL} and {@code SLACK_RESPOND_IN_CHANNEL} (true unless "false", "no" or "0").
     */
    public static SlackSettings fromEnvironment(Map<String, String> env) {
        String inChannel =
                env.getOrDefault("SLACK_RESPOND_IN_CHANNEL", "true").strip().toLowerCase(Locale.ROOT);
        return new SlackSettings(
                env.get("SLACK_BOT_TOKEN"),
                env.get("SLACK_SIGNING_SECRET"),
                env.get("SLACK_APP_TOKEN"),
                env.get("SLACK_API_URL"),
                !(inChannel.equals("false") || inChannel.equals("no") || inChannel.equals("0")));
    }

    /** Socket Mode needs the app token and the bot token. */
    public boolean socketModeConfigured() {
        return appToken != null && botToken != null;
    }

    /** HTTP mode ({@code /slack/events}) needs the signing secret and the bot token. */
    public boolean httpModeConfigured() {
        return signingSecret != null && botToken != null;
    }

    /** Some Slack variable is set: a half-configured front end is an error, not silence. */
    public boolean anySet() {
        return botToken != null || signingSecret != null || appToken != null;
    }

    /** Either mode can run. */
    public boolean configured() {
        return socketModeConfigured() || httpModeConfigured();
    }

    /** Which secrets are set, never their values. */
    @Override
    public String toString() {
        return "SlackSettings[botToken=" + mask(botToken) + ", signingSecret=" + mask(signingSecret) + ", appToken="
                + mask(appToken) + ", apiUrl=" + (apiUrl == null ? "(Slack)" : withoutUserInfo(apiUrl))
                + ", respondInChannel="
                + respondInChannel + "]";
    }

    /** A proxy URL may carry credentials ({@code https://user:password@host/}): never shown. */
    private static String withoutUserInfo(String url) {
        try {
            URI u = new URI(url);
            return u.getUserInfo() == null
                    ? url
                    : new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            return "(set)";
        }
    }

    private static String mask(@Nullable String secret) {
        return secret == null ? "(unset)" : "(set)";
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
