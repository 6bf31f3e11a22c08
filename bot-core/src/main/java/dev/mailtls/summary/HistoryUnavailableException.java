package dev.mailtls.summary;

/**
 * The history store cannot be used now: its database is down, unreachable, or failed an operation.
 * Front ends answer it as a temporary outage (HTTP 503 with Retry-After), in one log line; probes,
 * which need no history, go on. The message names the operation and the store, never a password.
 */
public class HistoryUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public HistoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
