package dev.mailtls.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How many connections and requests the HTTP server takes on, and how long a client may take to
 * send a request's head. Overload is answered (503 with Retry-After, or the API's own 429), never
 * a connection reset.
 *
 * @param acceptQueueSize connections the kernel queues before the server accepts them (the listen
 *     backlog; the JDK's default of 50 reset connections under a burst). Linux caps it at {@code
 *     net.core.somaxconn}
 * @param maxRequestsInFlight requests handled at once; beyond it a request is answered 503 with
 *     Retry-After at once (health, readiness and metrics are exempt)
 * @param headerTimeout the longest a client may take from the first byte of a request line to the
 *     end of its headers: a client trickling headers (slowloris) is closed after it, although the
 *     idle timeout never fires while bytes keep coming
 */
public record ConnectionLimits(int acceptQueueSize, int maxRequestsInFlight, Duration headerTimeout) {

    public static final int DEFAULT_ACCEPT_QUEUE_SIZE = 1024;
    public static final int DEFAULT_MAX_REQUESTS_IN_FLIGHT = 512;
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);

    public ConnectionLimits {
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        if (acceptQueueSize < 1) {
            throw new IllegalArgumentException("acceptQueueSize must be at least 1, was " + acceptQueueSize);
        }
        if (maxRequestsInFlight < 1) {
            throw new IllegalArgumentException("maxRequestsInFlight must be at least 1, was " + maxRequestsInFlight);
        }
        if (headerTimeout.toMillis() < 40) {
            throw new IllegalArgumentException("headerTimeout must be at least 40 ms, was " + headerTimeout);
        }
    }

    /** A backlog of 1024, 512 requests at once, 10 s for a request's head. */
    public static ConnectionLimits defaults() {
        return new ConnectionLimits(DEFAULT_ACCEPT_QUEUE_SIZE, DEFAULT_MAX_REQUESTS_IN_FLIGHT, DEFAULT_HEADER_TIMEOUT);
    }
}
