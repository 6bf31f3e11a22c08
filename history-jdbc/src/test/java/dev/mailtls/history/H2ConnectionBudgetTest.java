package dev.mailtls.history;

import java.nio.file.Path;

/** The connection budget's SQL on the embedded H2 file database. */
class H2ConnectionBudgetTest extends ConnectionBudgetContract {

    @Override
    TestDatabase newDatabase(Path directory) {
        return TestDatabase.h2(directory);
    }
}
