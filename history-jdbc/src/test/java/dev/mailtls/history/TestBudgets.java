package dev.mailtls.history;

import java.nio.file.Path;
import java.time.Clock;

/** Connection budgets on a test database, for tests in other packages. */
public final class TestBudgets {
    private TestBudgets() {}

    /** The budget of a migrated embedded H2 database under {@code directory}, on {@code clock}; the store holds it. */
    public static JdbcHistoryStore h2Store(Path directory, Clock clock) {
        return JdbcHistoryStore.open(JdbcHistoryStore.embeddedUrl(directory), null, null, clock);
    }
}
