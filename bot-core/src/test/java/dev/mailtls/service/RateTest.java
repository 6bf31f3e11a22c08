package dev.mailtls.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RateTest {

    @ParameterizedTest
    @CsvSource({
        "20/1m, 20, 60",
        "3/30s, 3, 30",
        "100/1h, 100, 3600",
        "' 5 / 10S ', 5, 10",
        "1000000/24h, 1000000, 86400",
        "1/1s, 1, 1"
    })
    void writtenRatesParse(String text, int permits, long seconds) {
        Rate r = Rate.parse(text);

        assertThat(r.permits()).isEqualTo(permits);
        assertThat(r.per()).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"0/1m", "1000001/1m", "10/0s", "10/25h", "10/1441m", "10", "10/m", "ten/1m", "-1/1m", "10/1d"})
    void badRatesAreRefusedNamingTheTextAndTheForm(String text) {
        assertThatThrownBy(() -> Rate.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("e.g. 20/1m");
    }

    @ParameterizedTest
    @ValueSource(strings = {"20/1m", "3/30s", "100/1h", "7/90s", "24/1m"})
    void aRateWritesAsItParses(String text) {
        assertThat(Rate.parse(text).toString()).isEqualTo(text);
        assertThat(Rate.parse(Rate.parse(text).toString())).isEqualTo(Rate.parse(text));
    }
}
