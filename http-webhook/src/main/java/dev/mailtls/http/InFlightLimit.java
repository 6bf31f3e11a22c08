package dev.mailtls.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Bounds the requests handled at once. One over the bound is answered at once with 503 problem+json
 * and {@code Retry-After} (RFC 9110 §15.6.4 and §10.2.3), so a burst gets an answer it can act on
 * instead of a queue without end or a reset. Health, readiness and metrics stay answerable under
 * load: they are cheap, and an orchestrator must not restart a server for being busy.
 */
final class InFlightLimit extends Handler.Wrapper {
    static final long RETRY_AFTER_SECONDS = 1;

    private static final Set<String> EXEMPT =
            Set.of(WebServer.HEALTH_PATH, WebServer.READY_PATH, WebServer.METRICS_PATH);

    private final int max;
    private final Semaphore permits;
    private final byte[] refusal;

    InFlightLimit(int max, ObjectMapper mapper) {
        this.max = max;
        this.permits = new Semaphore(max);
        this.refusal = Problem.of(
                        "overloaded",
                        "Too many requests",
                        503,
                        "mailtls is answering " + max + " requests at once; retry in " + RETRY_AFTER_SECONDS + " s")
                .withRetryAfter(RETRY_AFTER_SECONDS)
                .toJson(mapper)
                .toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (EXEMPT.contains(request.getHttpURI().getPath())) {
            return super.handle(request, response, callback);
        }
        if (!permits.tryAcquire()) {
            response.setStatus(503);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
            response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.write(true, ByteBuffer.wrap(refusal), callback);
            return true;
        }
        boolean handled = false;
        try {
            // The permit is held until the response is complete, not only until handle() returns.
            handled = super.handle(request, response, Callback.from(callback, (Runnable) permits::release));
            return handled;
        } finally {
            if (!handled) {
                permits.release();
            }
        }
    }

    /** Requests being handled now. */
    int inFlight() {
        return max - permits.availablePermits();
    }
}
