package dev.mailtls.app;

import org.jspecify.annotations.Nullable;

/**
 * Where the history of group runs is kept: embedded H2 under the data directory unless {@code
 * MAILTLS_DB_URL} names a PostgreSQL database; runs older than {@code MAILTLS_HISTORY_DAYS} are
 * pruned at start and daily.
 */
record HistoryConfig(
        @Nullable String dbUrl,
        @Nullable String dbUser,
        @Nullable String dbPassword,
        int retentionDays) {
    static final HistoryConfig DEFAULT = new HistoryConfig(null, null, null, 90);

    HistoryConfig {
        if (retentionDays < 1) {
            throw new IllegalArgumentException("history retention must be at least 1 day, was " + retentionDays);
        }
    }

    @Override
    public String toString() {
        // The URL may carry a password; the password never shows.
        return "HistoryConfig[db="
                + (dbUrl == null ? "embedded H2" : dbUrl.replaceAll("(?i)password=[^&;]*", "password=***"))
                + ", user=" + dbUser + ", password=" + (dbPassword == null ? "none" : "***") + ", retentionDays="
                + retentionDays + "]";
    }
}
