package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A few thousand generated and mutated JSON bodies against the three JSON endpoints of a started
 * server: every answer is 2xx, or 4xx problem+json, never a 5xx, a reset or a stack trace. {@code
 * bench/json-fuzz} runs the same generator for longer.
 */
@Timeout(180)
class JsonBodyFuzzTest {
    static final int CASES = 3_300;

    @Test
    void noBodyGetsA5xxOrAStackTrace() throws Exception {
        List<JsonBodyFuzz.Case> cases = JsonBodyFuzz.cases(20_261_205L, CASES);
        try (TestServer t = TestServer.builder().strict().build()) {
            WebServer web = t.web().start("127.0.0.1", 0);
            try {
                JsonBodyFuzz.Tally tally =
                        JsonBodyFuzz.run(URI.create("http://127.0.0.1:" + web.port()), TestServer.BEARER, cases, 8);

                assertThat(tally.violations()).isEmpty();
                assertThat(tally.byStatus().values().stream()
                                .mapToInt(Integer::intValue)
                                .sum())
                        .isEqualTo(CASES);
                // The corpus reaches every refusal and the policy behind them, not one error page.
                assertThat(tally.byStatus()).containsKeys(400, 403, 413, 415, 422);
                for (String kind : JsonBodyFuzz.KINDS) {
                    assertThat(tally.byKind().keySet()).as(kind).anyMatch(k -> k.startsWith(kind + " "));
                }
            } finally {
                web.close();
            }
        }
    }

    @Test
    void aCaseIsAFunctionOfItsSeedAndIndex() {
        JsonBodyFuzz.Case a = JsonBodyFuzz.generate(7, 1234);
        JsonBodyFuzz.Case b = JsonBodyFuzz.generate(7, 1234);
        assertThat(a.body()).isEqualTo(b.body());
        assertThat(a.toString()).isEqualTo(b.toString());
    }
}
