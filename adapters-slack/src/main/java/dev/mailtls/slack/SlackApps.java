package dev.mailtls.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;

/** Builds the Bolt app of the settings, with the command handler registered. */
public final class SlackApps {
    private SlackApps() {}

    /**
     * One Bolt app serves both modes: Socket Mode ({@link SlackSocketMode}) and HTTP mode ({@link
     * SlackHttpEndpoint}). Its Web API client goes to {@link SlackSettings#apiUrl()} when set.
     */
    public static App create(SlackSettings settings, SlackCommandHandler handler) {
        AppConfig.AppConfigBuilder config = AppConfig.builder().slack(slack(settings));
        if (settings.signingSecret() != null) {
            config.signingSecret(settings.signingSecret());
        }
        if (settings.botToken() != null) {
            config.singleTeamBotToken(settings.botToken());
        }
        App app = new App(config.build());
        handler.register(app);
        return app;
    }

    /** The Web API client of the settings: Slack's, or the one at {@code SLACK_API_URL}. */
    public static Slack slack(SlackSettings settings) {
        SlackConfig config = new SlackConfig();
        if (settings.apiUrl() != null) {
            config.setMethodsEndpointUrlPrefix(settings.apiUrl());
        }
        // No background statistics thread: mailtls keeps its own metrics.
        config.setStatsEnabled(false);
        return Slack.getInstance(config);
    }
}
