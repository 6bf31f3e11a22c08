package dev.mailtls.history;

import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the history database from the server's configuration: PostgreSQL when {@code
 * MAILTLS_DB_URL} is set, else the embedded H2 file under {@code MAILTLS_DATA_DIR}.
 */
public final class HistoryStores {

    private HistoryStores() {}

    /**
     * Opens and migrates the configured history store.
     *
     * @param dbUrl {@code MAILTLS_DB_URL}, e.g. {@code jdbc:postgresql://db:5432/mailtls}; null or
     *     blank for the embedded H2 database
     * @param dbUser {@code MAILTLS_DB_USER}, used with {@code dbUrl} only
     * @param dbPassword {@code MAILTLS_DB_PASSWORD}, used with {@code dbUrl} only
     * @param dataDir {@code MAILTLS_DATA_DIR}: the embedded database is {@code dataDir/history}
     * @throws IllegalArgumentException when {@code dbUrl} is not a PostgreSQL (or H2) URL
     * @throws HistoryStoreException when the database cannot be reached or migrated; the message
     *     names the URL without its password
     */
    public static JdbcHistoryStore fromConfig(
            @Nullable String dbUrl, @Nullable String dbUser, @Nullable String dbPassword, Path dataDir) {
        Objects.requireNonNull(dataDir, "dataDir");
        if (dbUrl == null || dbUrl.isBlank()) {
            return JdbcHistoryStore.embedded(dataDir);
        }
        return JdbcHistoryStore.open(dbUrl.strip(), blankToNull(dbUser), blankToNull(dbPassword));
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
