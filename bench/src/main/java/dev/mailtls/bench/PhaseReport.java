package dev.mailtls.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One phase's figures as a compact table, and the verdict: what went wrong, if anything (dropped
 * requests, requests still in flight, requests the service cannot account for, resources left
 * behind beyond a small tolerance, a throttle that did not answer quickly).
 */
record PhaseReport(
        String name,
        String limits,
        int concurrency,
        int targets,
        String fleet,
        LoadDriver.Outcome outcome,
        MetricsScrape metrics,
        int connections,
        ResourceSnapshot before,
        ResourceSnapshot after,
        boolean expectThrottling,
        long throttleLimitMs,
        String machineLoad) {

    static final int THREAD_TOLERANCE = 0;
    static final int VIRTUAL_THREAD_TOLERANCE = 2;
    static final int FD_TOLERANCE = 4;
    static final int SOCKET_TOLERANCE = 0;
    static final long HEAP_TOLERANCE_MIB = 64;

    /** Everything that fails this phase; empty means it passed. */
    List<String> failures() {
        List<String> out = new ArrayList<>();
        if (outcome.droppedTotal() > 0) {
            out.add(outcome.droppedTotal() + " requests dropped " + outcome.dropped());
        }
        if (outcome.inFlightAtEnd() != 0) {
            out.add(outcome.inFlightAtEnd() + " requests still in flight");
        }
        if (Math.round(metrics.asked()) != outcome.asked()) {
            out.add("the service accounts for " + Math.round(metrics.asked()) + " asks, the clients made "
                    + outcome.asked());
        }
        List<String> newThreads = new ArrayList<>(after.platformThreads());
        before.platformThreads().forEach(newThreads::remove);
        if (newThreads.size() > THREAD_TOLERANCE) {
            out.add("platform threads left behind: " + newThreads);
        }
        if (after.virtualThreads() - before.virtualThreads() > VIRTUAL_THREAD_TOLERANCE) {
            out.add((after.virtualThreads() - before.virtualThreads()) + " virtual threads left behind");
        }
        if (after.fds() - before.fds() > FD_TOLERANCE) {
            out.add((after.fds() - before.fds()) + " file descriptors left open");
        }
        if (after.sockets() - before.sockets() > SOCKET_TOLERANCE) {
            out.add((after.sockets() - before.sockets()) + " sockets left open");
        }
        if (after.heapUsedMiB() - before.heapUsedMiB() > HEAP_TOLERANCE_MIB) {
            out.add("heap grew by " + (after.heapUsedMiB() - before.heapUsedMiB()) + " MiB");
        }
        long[] refused = outcome.throttledLatencies();
        if (expectThrottling && refused.length == 0) {
            out.add("no request was throttled under the production limits");
        }
        if (refused.length > 0 && refused[refused.length - 1] / 1_000_000 > throttleLimitMs) {
            out.add("a 429 took " + refused[refused.length - 1] / 1_000_000 + " ms");
        }
        return out;
    }

    void print(PrintStream out) {
        LoadDriver.Outcome o = outcome;
        double seconds = o.wallNanos() / 1e9;
        long[] l = o.latencies();
        row(out, "phase", name + ": " + limits);
        row(
                out,
                "load",
                String.format(
                        Locale.ROOT,
                        "%d requests (%s), %d clients, %d targets on %s",
                        o.requests(),
                        o.endpoints().entrySet().stream()
                                .map(e -> e.getKey() + " " + e.getValue())
                                .collect(Collectors.joining(", ")),
                        concurrency,
                        targets,
                        fleet));
        row(out, "wall", String.format(Locale.ROOT, "%.2f s, %.0f req/s", seconds, o.requests() / seconds));
        row(out, "latency ms", percentiles(l));
        row(
                out,
                "status",
                o.statuses().entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue())
                        .collect(Collectors.joining(", ")));
        long[] refused = o.throttledLatencies();
        if (refused.length > 0) {
            row(out, "429 ms", percentiles(refused) + "  (all with Retry-After)");
        }
        row(
                out,
                "dropped",
                o.droppedTotal() + (o.dropped().isEmpty() ? "" : " " + o.dropped()) + ", in flight at end "
                        + o.inFlightAtEnd());
        row(
                out,
                "machine load",
                machineLoad + " (1-min load average before -> after; other processes share the cores)");
        row(
                out,
                "service",
                String.format(
                        Locale.ROOT,
                        "asked %d: probes %.0f, cache hits %.0f, shared %.0f, throttled %.0f (/metrics)",
                        o.asked(),
                        metrics.probes(),
                        metrics.cacheHits(),
                        metrics.shared(),
                        metrics.throttled()));
        row(
                out,
                "mail servers",
                connections + " connections accepted for " + Math.round(metrics.probes()) + " probes run");
        row(
                out,
                "threads",
                before.platformThreadCount() + " -> " + after.platformThreadCount() + " platform, "
                        + before.virtualThreads() + " -> " + after.virtualThreads() + " virtual");
        row(
                out,
                "fds",
                before.fds() + " -> " + after.fds() + " (sockets " + before.sockets() + " -> " + after.sockets() + ")");
        row(out, "heap MiB", before.heapUsedMiB() + " -> " + after.heapUsedMiB() + " (after GC)");
        List<String> failures = failures();
        row(out, "verdict", failures.isEmpty() ? "PASS" : "FAIL: " + String.join("; ", failures));
        out.println();
    }

    private static String percentiles(long[] sorted) {
        if (sorted.length == 0) {
            return "none answered";
        }
        return String.format(
                Locale.ROOT,
                "p50 %s  p90 %s  p99 %s  max %s",
                ms(at(sorted, 0.50)),
                ms(at(sorted, 0.90)),
                ms(at(sorted, 0.99)),
                ms(sorted[sorted.length - 1]));
    }

    private static long at(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static String ms(long nanos) {
        double ms = nanos / 1e6;
        return ms < 10 ? String.format(Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%.0f", ms);
    }

    private static void row(PrintStream out, String label, String value) {
        out.printf(Locale.ROOT, "  %-13s %s%n", label, value);
    }
}
