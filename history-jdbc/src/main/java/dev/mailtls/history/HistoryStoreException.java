package dev.mailtls.history;

import dev.mailtls.summary.HistoryUnavailableException;

/**
 * The history database could not be reached, migrated, read or written. Its message names the
 * operation and the database URL without its password.
 */
public final class HistoryStoreException extends HistoryUnavailableException {

    private static final long serialVersionUID = 1L;

    public HistoryStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
