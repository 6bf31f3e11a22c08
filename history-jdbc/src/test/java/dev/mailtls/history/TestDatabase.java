package dev.mailtls.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;

/** One empty database of a test, as the contracts (history, leases, connection budget) use it. */
interface TestDatabase {
    /** A new store on this database: its own connections, as another server or a restart has. */
    default JdbcHistoryStore open() {
        return open(Clock.systemUTC());
    }

    /** {@link #open()} with the clock that stamps claims. */
    JdbcHistoryStore open(Clock clock);

    /** A plain session, to look at the tables themselves. */
    Connection connect() throws SQLException;

    /** The embedded H2 file database in {@code directory}. */
    static TestDatabase h2(Path directory) {
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

    /** A fresh database on the test's PostgreSQL cluster. */
    static TestDatabase postgres(PostgresCluster.Extension postgres) {
        String url = postgres.cluster().createDatabase();
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
