package dev.mailtls.slack;

import com.slack.api.bolt.App;
import dev.mailtls.frontend.FrontEnd;
import dev.mailtls.frontend.FrontEndContext;
import dev.mailtls.frontend.Webhook;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The Slack bot as {@code serve} runs it: Socket Mode when {@code SLACK_APP_TOKEN} and {@code
 * SLACK_BOT_TOKEN} are set, HTTP mode at {@code /slack/events} when {@code SLACK_SIGNING_SECRET} and
 * {@code SLACK_BOT_TOKEN} are, both when all three are. One Bolt app and one command handler serve
 * both.
 */
final class SlackFrontEnd implements FrontEnd {
    private final SlackSettings settings;
    private final @Nullable SlackCommandHandler handler;
    private final @Nullable App app;
    private @Nullable SlackSocketMode socketMode;

    SlackFrontEnd(SlackSettings settings, FrontEndContext context) {
        this.settings = settings;
        if (settings.configured()) {
            this.handler = new SlackCommandHandler(
                    context.service(),
                    context.diagnoser(),
                    context.options(),
                    settings.respondInChannel(),
                    new TranscriptStore(),
                    context.runner(),
                    context.publicUrl(),
                    context.domains());
            this.app = SlackApps.create(settings, handler);
        } else {
            this.handler = null;
            this.app = null;
        }
    }

    /** The HTTP-mode endpoint for the web server, when HTTP mode is configured. */
    @Override
    public List<Webhook> webhooks() {
        if (app == null || !settings.httpModeConfigured()) {
            return List.of();
        }
        SlackHttpEndpoint endpoint = new SlackHttpEndpoint(app);
        return List.of(new Webhook() {
            @Override
            public String path() {
                return SlackHttpEndpoint.PATH;
            }

            @Override
            public Response handle(Request r) {
                SlackHttpEndpoint.HttpAnswer a =
                        endpoint.handleMulti(r.path(), r.headers(), r.query(), r.body(), r.remoteAddress());
                return new Response(a.status(), a.contentType(), a.headers(), a.body());
            }
        });
    }

    /**
     * Opens Socket Mode when configured. A failure to connect is logged and the server runs on:
     * the API, the page and HTTP mode do not depend on it.
     */
    @Override
    public void start(Consumer<String> info, Consumer<String> error) {
        if (app == null || !settings.socketModeConfigured()) {
            return;
        }
        try {
            socketMode = SlackSocketMode.start(settings, app);
        } catch (IOException | RuntimeException e) {
            error.accept("Slack: Socket Mode did not connect: "
                    + java.util.Objects.toString(e.getMessage(), e.getClass().getSimpleName())
                    + " (check SLACK_APP_TOKEN and that slack.com is reachable)");
        }
    }

    /** For the start-up report: which modes run. */
    @Override
    public String describe() {
        if (!settings.configured()) {
            return "Slack off (set SLACK_BOT_TOKEN with SLACK_APP_TOKEN for Socket Mode, or with"
                    + " SLACK_SIGNING_SECRET for HTTP mode at " + SlackHttpEndpoint.PATH + ")";
        }
        List<String> modes = new ArrayList<>();
        if (settings.socketModeConfigured()) {
            modes.add("Socket Mode");
        }
        if (settings.httpModeConfigured()) {
            modes.add("HTTP mode at " + SlackHttpEndpoint.PATH);
        }
        return "Slack on: " + String.join(" and ", modes) + "; cards "
                + (settings.respondInChannel()
                        ? "in the channel (private in a command: only to the asker)"
                        : "only to the asker (SLACK_RESPOND_IN_CHANNEL=false)")
                + (settings.apiUrl() == null ? "" : "; Web API at SLACK_API_URL");
    }

    @Override
    public void close() {
        if (socketMode != null) {
            socketMode.close();
        }
        if (handler != null) {
            handler.close();
        }
    }
}
