package dev.mailtls.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The start log's history line reads as words and never shows a password. */
class HistoryConfigTest {

    @Test
    void embeddedH2IsNamedWithItsFileAndRetention() {
        Path data = Path.of("/var/lib/mailtls");
        assertThat(HistoryConfig.DEFAULT.describe(data))
                .isEqualTo("embedded H2 at " + data.toAbsolutePath().resolve("history.mv.db") + ", kept 90 days");
        assertThat(HistoryConfig.DEFAULT.toString()).isEqualTo("embedded H2 under the data directory, kept 90 days");
    }

    @Test
    void postgresqlIsNamedWithItsUrlAndUserButNoPassword() {
        HistoryConfig pg = new HistoryConfig(
                "jdbc:postgresql://db:5432/mailtls?password=s3cret&ssl=true", "mailtls", "hunter2-secret", 30);

        for (String line : new String[] {pg.describe(Path.of("/data")), pg.toString()}) {
            assertThat(line)
                    .isEqualTo("PostgreSQL at jdbc:postgresql://db:5432/mailtls?password=***&ssl=true as mailtls,"
                            + " kept 30 days")
                    .doesNotContain("s3cret")
                    .doesNotContain("hunter2")
                    .doesNotContain("null")
                    .doesNotContain("HistoryConfig[");
        }
    }

    @Test
    void noUserIsLeftOut() {
        assertThat(new HistoryConfig("jdbc:postgresql://db/mailtls", null, null, 1).toString())
                .isEqualTo("PostgreSQL at jdbc:postgresql://db/mailtls, kept 1 day");
    }
}
