package dev.mailtls.history;

import java.nio.file.Path;

/** The lease contract on the embedded H2 database, two stores on one file as two servers. */
class H2LeasesTest extends LeasesContract {

    @Override
    TestDatabase newDatabase(Path directory) {
        return TestDatabase.h2(directory);
    }
}
