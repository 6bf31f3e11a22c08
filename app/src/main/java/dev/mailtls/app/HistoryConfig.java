package dev.mailtls.app;

import dev.mailtls.history.JdbcUrls;
import java.nio.file.Path;
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

    /**
     * For the start log, in words: {@code embedded H2 at <file>, kept 90 days} or {@code PostgreSQL
     * at <url> as <user>, kept 90 days}. Never a password, not even one written into the URL.
     */
    String describe(Path dataDir) {
        return where(dataDir.toAbsolutePath().resolve("history.mv.db").toString());
    }

    @Override
    public String toString() {
        return where("under the data directory");
    }

    private String where(String embeddedFile) {
        String where;
        if (dbUrl == null || dbUrl.isBlank()) {
            where = "embedded H2 " + (embeddedFile.startsWith("under") ? "" : "at ") + embeddedFile;
        } else {
            String url = dbUrl.strip();
            where = (url.startsWith("jdbc:postgresql:") ? "PostgreSQL" : "H2") + " at " + JdbcUrls.redact(url)
                    + (dbUser == null || dbUser.isBlank() ? "" : " as " + dbUser);
        }
        return where + ", kept " + retentionDays + (retentionDays == 1 ? " day" : " days");
    }
}
