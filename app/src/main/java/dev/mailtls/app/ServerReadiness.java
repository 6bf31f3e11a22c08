package dev.mailtls.app;

import dev.mailtls.http.Readiness;
import dev.mailtls.summary.HistoryStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What keeps {@code serve} from work: an unwritable data directory, and, when groups are configured
 * or the history lives in its own database, a history database that does not answer (the store
 * bounds and caches that check, so a readiness probe every second is cheap).
 */
final class ServerReadiness implements Readiness {
    private final Path dataDir;
    private final HistoryStore store;
    private final boolean needsHistory;

    /**
     * @param needsHistory true when groups are configured or {@code MAILTLS_DB_URL} is set: then
     *     the server's work includes the history database
     */
    ServerReadiness(Path dataDir, HistoryStore store, boolean needsHistory) {
        this.dataDir = dataDir;
        this.store = store;
        this.needsHistory = needsHistory;
    }

    static ServerReadiness of(ServeConfig config, HistoryStore store) {
        String dbUrl = config.history().dbUrl();
        return new ServerReadiness(
                config.dataDir(), store, !config.groups().groups().isEmpty() || (dbUrl != null && !dbUrl.isBlank()));
    }

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>(DataDir.problems(dataDir));
        if (needsHistory) {
            store.unavailableReason().ifPresent(problems::add);
        }
        return List.copyOf(problems);
    }
}
