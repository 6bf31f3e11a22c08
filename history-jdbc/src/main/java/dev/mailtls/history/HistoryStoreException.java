package dev.mailtls.history;

import dev.mailtls.summary.HistoryUnavailableException;
import java.sql.SQLException;

/**
 * The history database could not be reached, migrated, read or written. Its message names the
 * operation and the database URL without its password.
 */
public final class HistoryStoreException extends HistoryUnavailableException {

    private static final long serialVersionUID = 1L;

    /** H2's DATABASE_ALREADY_OPEN_1: another process holds the embedded database's file lock. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    public HistoryStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether the embedded database could not be opened because another process (a running {@code
     * mailtls serve}) holds it: an embedded H2 database has one process at a time.
     */
    public boolean heldByAnotherProcess() {
        for (Throwable c = getCause(); c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException s && s.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                return true;
            }
        }
        return false;
    }
}
