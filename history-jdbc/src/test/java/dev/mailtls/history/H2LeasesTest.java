package dev.mailtls.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;

/** The lease contract on the embedded H2 database, two stores on one file as two servers. */
class H2LeasesTest extends LeasesContract {

    @Override
    HistoryStoreContract.TestDatabase newDatabase(Path directory) {
        return new HistoryStoreContract.TestDatabase() {
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
