package dev.mailtls.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract on a real PostgreSQL 15, a fresh database per test. */
class PostgresHistoryStoreTest extends HistoryStoreContract {

    @RegisterExtension
    static final PostgresCluster.Extension POSTGRES = new PostgresCluster.Extension();

    @Override
    TestDatabase newDatabase(Path directory) {
        return TestDatabase.postgres(POSTGRES);
    }

    @Test
    void replicasStartingTogetherOnAnEmptyDatabaseMigrateItOnce() throws Exception {
        String url = POSTGRES.cluster().createDatabase();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<JdbcHistoryStore> stores = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<JdbcHistoryStore>> opening = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                opening.add(threads.submit(() -> {
                    go.await();
                    return JdbcHistoryStore.open(url, PostgresCluster.SUPERUSER, null);
                }));
            }
            go.countDown();
            for (Future<JdbcHistoryStore> store : opening) {
                stores.add(store.get());
            }
            assertThat(stores.get(0).claimSlot("g", T0, "a")).isTrue();
            assertThat(stores.get(3).claimSlot("g", T0, "b")).isFalse();
        } finally {
            threads.shutdownNow();
            stores.forEach(JdbcHistoryStore::close);
        }
    }
}
