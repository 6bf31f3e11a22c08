package dev.mailtls.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The connection budget's SQL on a real PostgreSQL 15, a fresh database per test. */
class PostgresConnectionBudgetTest extends ConnectionBudgetContract {

    @RegisterExtension
    static final PostgresCluster.Extension POSTGRES = new PostgresCluster.Extension();

    @Override
    TestDatabase newDatabase(Path directory) {
        String url = POSTGRES.cluster().createDatabase();
        return new TestDatabase() {
            @Override
            public JdbcHistoryStore open(Clock clock) {
                return JdbcHistoryStore.open(url, PostgresCluster.SUPERUSER, null, clock);
            }

            @Override
            public Connection connect() throws SQLException {
                return DriverManager.getConnection(url, PostgresCluster.SUPERUSER, null);
            }
        };
    }
}
