package dev.mailtls.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bolt's HTTP mode without a servlet container: the web server hands over a raw request (headers,
 * query, body) and sends back the {@link HttpAnswer}. Bolt verifies {@code X-Slack-Signature}
 * against the signing secret and refuses a wrong signature or a timestamp older than five minutes
 * with 401. Hosting it in Javalin at {@code /slack/events}:
 *
 * <pre>{@code
 * app.post("/slack/events", ctx -> {
 *     var answer = slack.handle(ctx.path(), ctx.headerMap(), ctx.queryParamMap(), ctx.body(), ctx.ip());
 *     answer.headers().forEach((k, v) -> v.forEach(x -> ctx.res().addHeader(k, x)));
 *     ctx.status(answer.status()).contentType(answer.contentType()).result(answer.body());
 * });
 * }</pre>
 */
public final class SlackHttpEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(SlackHttpEndpoint.class);

    /** Where Slack posts slash commands and interactions: the app manifest's URLs. */
    public static final String PATH = "/slack/events";

    private final App app;
    private final SlackRequestParser parser;

    /** @param app an app built with a signing secret ({@link SlackApps#create}) */
    public SlackHttpEndpoint(App app) {
        this.app = Objects.requireNonNull(app, "app");
        if (app.config().getSigningSecret() == null
                || app.config().getSigningSecret().isBlank()) {
            throw new IllegalArgumentException(
                    "Slack HTTP mode needs SLACK_SIGNING_SECRET: without it no request can be verified");
        }
        this.parser = new SlackRequestParser(app.config());
        LOG.info("Slack: HTTP mode (requests verified with the signing secret)");
    }

    /**
     * What to send back to Slack.
     *
     * @param headers extra response headers (Bolt's, e.g. none for a plain ack)
     */
    public record HttpAnswer(int status, String contentType, Map<String, List<String>> headers, String body) {
        public HttpAnswer {
            headers = Map.copyOf(headers);
        }
    }

    /** With single-valued headers, as most web frameworks give them. */
    public HttpAnswer handle(
            String path,
            Map<String, String> headers,
            Map<String, List<String>> query,
            String body,
            String remoteAddress) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        headers.forEach((k, v) -> multi.put(k, List.of(v)));
        return handleMulti(path, multi, query, body, remoteAddress);
    }

    /** Parses, verifies and runs one request through the Bolt app. */
    public HttpAnswer handleMulti(
            String path,
            Map<String, List<String>> headers,
            Map<String, List<String>> query,
            String body,
            String remoteAddress) {
        Request<?> request = parser.parse(SlackRequestParser.HttpRequest.builder()
                .requestUri(path)
                .headers(new RequestHeaders(headers))
                .queryString(query)
                .requestBody(body)
                .remoteAddress(remoteAddress)
                .build());
        Response response;
        try {
            response = app.run(request);
        } catch (Exception e) {
            // Bolt's own handlers answer errors; an exception here is a bug, reported as a 500 to Slack.
            throw new IllegalStateException("Slack: the Bolt app failed on a request to " + path, e);
        }
        int status = response.getStatusCode() == null ? 200 : response.getStatusCode();
        String type = response.getContentType() == null ? "text/plain; charset=utf-8" : response.getContentType();
        Map<String, List<String>> out = response.getHeaders() == null ? Map.of() : response.getHeaders();
        return new HttpAnswer(status, type, out, response.getBody() == null ? "" : response.getBody());
    }
}
