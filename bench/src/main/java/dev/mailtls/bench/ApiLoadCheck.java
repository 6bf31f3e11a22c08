package dev.mailtls.bench;

import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.service.Rate;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.testing.TestPki;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A load check of the HTTP API (not a timed test): starts loopback mail servers of every kind,
 * names many targets on them, serves the API in this process, and drives it with many concurrent
 * clients. Phase (a) runs with generous limits to measure throughput and latency; phase (b) runs
 * with the production defaults to show that throttling answers 429 with Retry-After at once. Each
 * phase prints its figures and what it left behind after the server closed; the exit status is 1
 * when anything was dropped or leaked beyond a small tolerance, 2 on bad arguments.
 */
public final class ApiLoadCheck {
    private static final int TOKENS = 4;
    private static final Duration PROBE_DEADLINE = Duration.ofSeconds(10);

    private ApiLoadCheck() {}

    public static void main(String[] args) throws Exception {
        LoadCheckSettings settings;
        try {
            settings = LoadCheckSettings.parse(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            System.err.println("api-load: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(settings) ? 0 : 1);
    }

    /** Runs the warm-up and both phases; true when every phase passed. */
    static boolean run(LoadCheckSettings s) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("mailtls-load");
        try {
            TestPki pki = TestPki.create();
            ProbeOptions options = ProbeOptions.defaults()
                    .withDeadline(PROBE_DEADLINE)
                    .withLegacyTlsCheck(false)
                    .withCaFile(pki.writeRootPem(dir));
            System.out.printf(
                    "mailtls API load check: %d cores, Java %s, max heap %d MiB%n%n",
                    Runtime.getRuntime().availableProcessors(),
                    Runtime.version(),
                    Runtime.getRuntime().maxMemory() / (1024 * 1024));

            // Loads the classes and starts the JVM's lazy threads (I/O pollers, carriers) so the
            // phases' before/after figures show only what a phase itself leaves behind.
            PhaseReport warmUp = phase("warm-up", "generous", generous(), s, pki, options, 300, 16, 40, false);
            System.out.printf(
                    "warm-up: %d requests, %d dropped%n%n",
                    warmUp.outcome().requests(), warmUp.outcome().droppedTotal());

            List<PhaseReport> reports = new ArrayList<>();
            reports.add(phase(
                    "a",
                    "generous limits (64 probes at once, 10000 queued, no practical rate limit)",
                    generous(),
                    s,
                    pki,
                    options,
                    s.requests(),
                    s.concurrency(),
                    s.targets(),
                    false));
            reports.getLast().print(System.out);
            if (s.throttledRequests() > 0) {
                reports.add(phase(
                        "b",
                        "production defaults (16 at once, 64 queued, 20/min per token, 3/min fresh, 12/min per host)",
                        ServiceLimits.defaults(),
                        s,
                        pki,
                        options,
                        s.throttledRequests(),
                        s.concurrency(),
                        s.targets(),
                        // Fewer targets than the tokens' permits can all be probed: nothing to throttle.
                        s.targets()
                                > TOKENS
                                        * ServiceLimits.defaults()
                                                .perRequester()
                                                .permits()));
                reports.getLast().print(System.out);
            }
            boolean passed = reports.stream().allMatch(r -> r.failures().isEmpty());
            System.out.println(passed ? "api-load: PASS" : "api-load: FAIL");
            return passed;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static PhaseReport phase(
            String name,
            String limitsText,
            ServiceLimits limits,
            LoadCheckSettings s,
            TestPki pki,
            ProbeOptions options,
            int requests,
            int concurrency,
            int targets,
            boolean expectThrottling)
            throws InterruptedException {
        ResourceSnapshot before = ResourceSnapshot.take();
        String loadBefore = loadAverage();
        LoadDriver.Outcome outcome;
        MetricsScrape metrics;
        int connections;
        String fleetText;
        List<String> tokens = LoadDriver.tokens(TOKENS);
        try (MailFleet fleet = MailFleet.start(s.servers(), targets, s.slowGreeting(), pki)) {
            fleetText = fleet.describe();
            try (ApiUnderLoad api = new ApiUnderLoad(fleet.resolver(), limits, options, tokens)) {
                LoadDriver driver = new LoadDriver(api.base(), tokens, fleet.targets(), s.requestTimeout(), s.seed());
                outcome = driver.run(requests, concurrency);
                metrics = MetricsScrape.parse(get(api.base().resolve("/metrics").toString()));
            }
            connections = fleet.connections();
        }
        ResourceSnapshot after = settle(before);
        return new PhaseReport(
                name,
                limitsText,
                concurrency,
                targets,
                fleetText,
                outcome,
                metrics,
                connections,
                before,
                after,
                expectThrottling,
                s.throttleLimit().toMillis(),
                loadBefore + " -> " + loadAverage());
    }

    /** The machine's 1-minute load average, to read the figures by: other builds may share the cores. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /** Threads and sockets wind down asynchronously after close: look again for a few seconds. */
    private static ResourceSnapshot settle(ResourceSnapshot before) {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        ResourceSnapshot now = ResourceSnapshot.take();
        while (System.nanoTime() < until
                && (now.platformThreadCount() > before.platformThreadCount()
                        || now.virtualThreads() > before.virtualThreads()
                        || now.sockets() > before.sockets())) {
            ResourceSnapshot.sleep(Duration.ofMillis(200));
            now = ResourceSnapshot.take();
        }
        return now;
    }

    private static String get(String url) throws InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new IllegalStateException("cannot scrape " + url, e);
        }
    }

    static ServiceLimits generous() {
        Rate plenty = new Rate(1_000_000, Duration.ofMinutes(1));
        return new ServiceLimits(Duration.ofMinutes(5), 64, 10_000, plenty, plenty, plenty);
    }
}
