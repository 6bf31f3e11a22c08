package dev.mailtls.discord;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How mailtls talks to Discord. The gateway needs {@code token}; the HTTP interactions endpoint
 * needs {@code publicKey} (and {@code applicationId} for its follow-ups); the notifier needs
 * {@code token}. {@link #toString()} never shows the token.
 *
 * @param token the bot token ({@code DISCORD_TOKEN}); null when only HTTP interactions are used
 * @param publicKey the application's Ed25519 public key, hex ({@code DISCORD_PUBLIC_KEY})
 * @param applicationId the application's id ({@code DISCORD_APPLICATION_ID}); null to take it
 *     from each interaction
 * @param guildId register the command in this guild only, for fast iteration ({@code
 *     DISCORD_GUILD_ID}); null registers it globally
 * @param apiUrl Discord's REST base URL ({@code DISCORD_API_URL}), without a trailing slash
 */
public record DiscordSettings(
        @Nullable String token,
        @Nullable String publicKey,
        @Nullable String applicationId,
        @Nullable String guildId,
        URI apiUrl) {

    public static final URI DEFAULT_API_URL = URI.create("https://discord.com/api/v10");

    /** Nothing configured: the Discord front end stays off. */
    public static final DiscordSettings OFF = new DiscordSettings(null, null, null, null, DEFAULT_API_URL);

    public DiscordSettings {
        Objects.requireNonNull(apiUrl, "apiUrl");
        String s = apiUrl.toString();
        if (!s.startsWith("https://") && !s.startsWith("http://")) {
            throw new IllegalArgumentException("DISCORD_API_URL must be an http(s) URL, was " + s);
        }
        if (s.endsWith("/")) {
            apiUrl = URI.create(s.substring(0, s.length() - 1));
        }
        if (guildId != null && !guildId.matches("\\d{1,20}")) {
            throw new IllegalArgumentException("DISCORD_GUILD_ID must be a numeric id, was '" + guildId + "'");
        }
        if (applicationId != null && !applicationId.matches("\\d{1,20}")) {
            throw new IllegalArgumentException(
                    "DISCORD_APPLICATION_ID must be a numeric id, was '" + applicationId + "'");
        }
        if (publicKey != null && !publicKey.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("DISCORD_PUBLIC_KEY must be 64 hex digits (32 bytes)");
        }
        token = blankToNull(token);
    }

    /** From {@code DISCORD_TOKEN}, {@code DISCORD_PUBLIC_KEY}, {@code DISCORD_APPLICATION_ID}, {@code DISCORD_GUILD_ID}, {@code DISCORD_API_URL}. */
    public static DiscordSettings fromEnvironment(Map<String, String> env) {
        String api = blankToNull(env.get("DISCORD_API_URL"));
        return new DiscordSettings(
                blankToNull(env.get("DISCORD_TOKEN")),
                blankToNull(env.get("DISCORD_PUBLIC_KEY")),
                blankToNull(env.get("DISCORD_APPLICATION_ID")),
                blankToNull(env.get("DISCORD_GUILD_ID")),
                api == null ? DEFAULT_API_URL : URI.create(api));
    }

    /** The gateway (and the notifier) can run. */
    public boolean gatewayConfigured() {
        return token != null;
    }

    /** The HTTP interactions endpoint can run. */
    public boolean interactionsConfigured() {
        return publicKey != null;
    }

    public DiscordSettings withApiUrl(URI url) {
        return new DiscordSettings(token, publicKey, applicationId, guildId, url);
    }

    @Override
    public String toString() {
        return "DiscordSettings[token=" + (token == null ? "none" : "***")
                + ", publicKey=" + publicKey
                + ", applicationId=" + applicationId
                + ", guildId=" + guildId
                + ", apiUrl=" + apiUrl + "]";
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
