package dev.mailtls.history;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lease contract on a real PostgreSQL 15: two servers' pools on one fresh database per test. */
class PostgresLeasesTest extends LeasesContract {

    @RegisterExtension
    static final PostgresCluster.Extension POSTGRES = new PostgresCluster.Extension();

    @Override
    TestDatabase newDatabase(Path directory) {
        return TestDatabase.postgres(POSTGRES);
    }
}
