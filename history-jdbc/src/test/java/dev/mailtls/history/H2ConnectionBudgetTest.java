package dev.mailtls.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;

/** The connection budget's SQL on the embedded H2 file database. */
class H2ConnectionBudgetTest extends ConnectionBudgetContract {

    @Override
    TestDatabase newDatabase(Path directory) {
        return new TestDatabase() {
            @Override
            public JdbcHistoryStore open(Clock clock) {
                return JdbcHistoryStore.open(JdbcHistoryStore.embeddedUrl(directory), null, null, clock);
            }

            @Override
            public Connection connect() throws SQLException {
                return DriverManager.getConnection(JdbcHistoryStore.embeddedUrl(directory));
            }
        };
    }
}
