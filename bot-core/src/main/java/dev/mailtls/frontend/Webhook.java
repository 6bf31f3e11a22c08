package dev.mailtls.frontend;

import java.util.List;
import java.util.Map;

/**
 * An endpoint that a chat platform calls (Slack's {@code /slack/events}, Discord's {@code
 * /discord/interactions}), hosted by the web server (http-webhook) without it knowing the platform: the
 * adapter verifies the platform's signature itself and answers with a raw response.
 */
public interface Webhook {
    /** Where the platform posts, e.g. {@code /slack/events}. */
    String path();

    /** Handles one POST; the body is already bounded by {@link #MAX_BODY_BYTES}. */
    Response handle(Request request) throws Exception;

    /** Platforms post larger bodies than the API accepts (an interaction carries its message). */
    int MAX_BODY_BYTES = 1024 * 1024;

    /** The request as it came: headers and query parameters may repeat. */
    record Request(
            String path,
            Map<String, List<String>> headers,
            Map<String, List<String>> query,
            String body,
            String remoteAddress) {
        public Request {
            headers = Map.copyOf(headers);
            query = Map.copyOf(query);
        }
    }

    /** What to send back. */
    record Response(int status, String contentType, Map<String, List<String>> headers, String body) {
        public Response {
            headers = Map.copyOf(headers);
        }
    }
}
