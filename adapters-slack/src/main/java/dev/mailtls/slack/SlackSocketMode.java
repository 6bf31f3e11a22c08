package dev.mailtls.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Socket Mode: mailtls opens a websocket to Slack ({@code apps.connections.open} with the app
 * token), so no public URL is needed. The connection is made at {@link #start} and kept open (Bolt
 * reconnects) until {@link #close}.
 */
public final class SlackSocketMode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SlackSocketMode.class);

    private final SocketModeApp socketMode;

    private SlackSocketMode(SocketModeApp socketMode) {
        this.socketMode = socketMode;
    }

    /**
     * Connects and returns once the websocket is open; commands are served in the background.
     *
     * @throws IOException when Slack refuses the app token or cannot be reached
     */
    public static SlackSocketMode start(SlackSettings settings, App app) throws IOException {
        String appToken = Objects.requireNonNull(
                settings.appToken(), "Socket Mode needs SLACK_APP_TOKEN (xapp-…), an app-level token");
        try {
            SocketModeApp socketMode = new SocketModeApp(appToken, SocketModeClient.Backend.JavaWebSocket, app);
            socketMode.startAsync();
            LOG.info("Slack: Socket Mode connected");
            return new SlackSocketMode(socketMode);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("Slack Socket Mode did not start: " + e.getMessage(), e);
        }
    }

    /** Whether the websocket client was stopped. */
    public boolean stopped() {
        return socketMode.isClientStopped();
    }

    @Override
    public void close() {
        try {
            socketMode.close();
        } catch (Exception e) {
            // Closing a websocket that is already gone is not worth failing a shutdown for.
        }
    }
}
