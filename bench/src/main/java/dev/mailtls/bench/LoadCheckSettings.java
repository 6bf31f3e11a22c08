package dev.mailtls.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How hard and how wide the load check drives the API.
 *
 * @param concurrency virtual-thread clients sending at once
 * @param requests requests in the generous phase
 * @param throttledRequests requests in the production-defaults phase
 * @param targets distinct target names, spread over the mail servers
 * @param servers loopback mail servers (a mix of protocols, transports and slow greetings)
 * @param slowGreeting how long the slow servers wait before their greeting
 * @param requestTimeout beyond this a request counts as dropped
 * @param throttleLimit the slowest a 429 may be: throttling must answer at once, never hang
 * @param seed makes the sequence of requests repeatable
 */
record LoadCheckSettings(
        int concurrency,
        int requests,
        int throttledRequests,
        int targets,
        int servers,
        Duration slowGreeting,
        Duration requestTimeout,
        Duration throttleLimit,
        long seed) {

    static final String USAGE = "usage: api-load [--concurrency C] [--requests N] [--throttled-requests N]"
            + " [--targets T] [--servers K] [--slow-ms MS] [--timeout-s S] [--max-429-ms MS] [--seed S]";

    LoadCheckSettings {
        if (concurrency < 1 || requests < 1 || throttledRequests < 0 || targets < 1 || servers < 1) {
            throw new IllegalArgumentException("concurrency, requests, targets and servers must be at least 1, was "
                    + concurrency + ", " + requests + ", " + targets + ", " + servers);
        }
    }

    static LoadCheckSettings defaults() {
        return new LoadCheckSettings(
                64, 6000, 2000, 600, 12, Duration.ofMillis(400), Duration.ofSeconds(30), Duration.ofSeconds(3), 1);
    }

    /** {@code --name value} or {@code --name=value}; unknown names fail with the usage line. */
    static LoadCheckSettings parse(List<String> args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'\n" + USAGE);
            }
            int eq = a.indexOf('=');
            if (eq > 0) {
                given.put(a.substring(2, eq), a.substring(eq + 1));
            } else if (i + 1 < args.size()) {
                given.put(a.substring(2), args.get(++i));
            } else {
                throw new IllegalArgumentException(a + " needs a value\n" + USAGE);
            }
        }
        LoadCheckSettings d = defaults();
        LoadCheckSettings s = new LoadCheckSettings(
                number(given, "concurrency", d.concurrency()),
                number(given, "requests", d.requests()),
                number(given, "throttled-requests", d.throttledRequests()),
                number(given, "targets", d.targets()),
                number(given, "servers", d.servers()),
                Duration.ofMillis(
                        number(given, "slow-ms", (int) d.slowGreeting().toMillis())),
                Duration.ofSeconds(
                        number(given, "timeout-s", (int) d.requestTimeout().toSeconds())),
                Duration.ofMillis(
                        number(given, "max-429-ms", (int) d.throttleLimit().toMillis())),
                number(given, "seed", (int) d.seed()));
        if (!given.isEmpty()) {
            throw new IllegalArgumentException(
                    "unknown option --" + given.keySet().iterator().next() + "\n" + USAGE);
        }
        return s;
    }

    private static int number(Map<String, String> given, String name, int absent) {
        String v = given.remove(name);
        if (v == null) {
            return absent;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a whole number, was '" + v + "'\n" + USAGE);
        }
    }
}
