package dev.mailtls.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lease contract on a real PostgreSQL 15: two servers' pools on one fresh database per test. */
class PostgresLeasesTest extends LeasesContract {

    @RegisterExtension
    static final PostgresCluster.Extension POSTGRES = new PostgresCluster.Extension();

    @Override
    HistoryStoreContract.TestDatabase newDatabase(Path directory) {
        String url = POSTGRES.cluster().createDatabase();
        return new HistoryStoreContract.TestDatabase() {
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
