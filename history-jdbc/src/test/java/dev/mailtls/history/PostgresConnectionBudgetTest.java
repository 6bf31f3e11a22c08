package dev.mailtls.history;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The connection budget's SQL on a real PostgreSQL 15, a fresh database per test. */
class PostgresConnectionBudgetTest extends ConnectionBudgetContract {

    @RegisterExtension
    static final PostgresCluster.Extension POSTGRES = new PostgresCluster.Extension();

    @Override
    TestDatabase newDatabase(Path directory) {
        return TestDatabase.postgres(POSTGRES);
    }
}
