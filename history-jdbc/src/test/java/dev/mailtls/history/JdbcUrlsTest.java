package dev.mailtls.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcUrlsTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "jdbc:postgresql://db:5432/mailtls | jdbc:postgresql://db:5432/mailtls",
                "jdbc:postgresql://db/mailtls?user=u&password=p&ssl=true | jdbc:postgresql://db/mailtls?user=u&password=***&ssl=true",
                "jdbc:postgresql://db/mailtls?PASSWORD=p | jdbc:postgresql://db/mailtls?PASSWORD=***",
                "jdbc:postgresql://db/m?sslmode=verify-full&sslpassword=k | jdbc:postgresql://db/m?sslmode=verify-full&sslpassword=***",
                "jdbc:postgresql://u:p@db:5432/mailtls | jdbc:postgresql://u:***@db:5432/mailtls",
                "jdbc:h2:file:/data/history;USER=sa;PASSWORD=p;AUTO_SERVER=FALSE | jdbc:h2:file:/data/history;USER=sa;PASSWORD=***;AUTO_SERVER=FALSE",
            })
    void passwordsAreRedactedAndTheRestIsKept(String url, String redacted) {
        assertThat(JdbcUrls.redact(url)).isEqualTo(redacted);
    }
}
