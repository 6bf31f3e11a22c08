package dev.mailtls.history;

import java.nio.file.Path;

/** The contract on the embedded H2 file database. */
class H2HistoryStoreTest extends HistoryStoreContract {

    @Override
    TestDatabase newDatabase(Path directory) {
        return TestDatabase.h2(directory);
    }
}
