package dev.mailtls.bench;

import dev.mailtls.http.JsonBodyFuzz;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.testing.TestResolver;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/json-fuzz}: many more of the JSON-body fuzz cases that {@code JsonBodyFuzzTest}
 * sends in CI, against the API wired as {@code serve} wires it. The resolver knows no name, so no
 * probe ever connects anywhere. Prints the answers by status and by kind, and every answer that
 * must never happen (a 5xx, a reset, a problem that is not problem+json, a stack trace) with the
 * seed and index that reproduce it. Exit 0 when there was none, 1 otherwise, 2 for bad arguments.
 */
public final class JsonFuzzCheck {
    private static final String USAGE =
            "usage: bench/json-fuzz [--cases N (50000)] [--seed S (1)] [--concurrency C (16)]";
    private static final String TOKEN = "json-fuzz-token-0123456789";

    private JsonFuzzCheck() {}

    public static void main(String[] args) throws Exception {
        int cases = 50_000;
        long seed = 1;
        int concurrency = 16;
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                if (value == null) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                switch (args[i]) {
                    case "--cases" -> cases = positive(args[i], value);
                    case "--seed" -> seed = Long.parseLong(value.strip());
                    case "--concurrency" -> concurrency = positive(args[i], value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
        } catch (IllegalArgumentException e) {
            System.err.println("json-fuzz: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        ProbeOptions options =
                ProbeOptions.defaults().withDeadline(Duration.ofSeconds(5)).withLegacyTlsCheck(false);
        long start = System.nanoTime();
        JsonBodyFuzz.Tally tally;
        try (ApiUnderLoad api =
                new ApiUnderLoad(TestResolver.loopback(), ApiLoadCheck.generous(), options, List.of(TOKEN))) {
            tally = JsonBodyFuzz.run(api.base(), "Bearer " + TOKEN, JsonBodyFuzz.cases(seed, cases), concurrency);
        }
        long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
        System.out.printf("json-fuzz: %d cases, seed %d, %d at once, %d ms%n", cases, seed, concurrency, ms);
        System.out.println("by status: " + tally.byStatus());
        for (Map.Entry<String, Integer> e : tally.byKind().entrySet()) {
            System.out.printf("  %-24s %d%n", e.getKey(), e.getValue());
        }
        System.out.println("never-allowed answers: " + tally.violations().size());
        tally.violations().stream().limit(50).forEach(v -> System.out.println("  " + v));
        System.exit(tally.violations().isEmpty() ? 0 : 1);
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number above 0, was '" + value + "'");
        }
    }
}
