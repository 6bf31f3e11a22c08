package dev.mailtls.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailtls.bench.MailFleet.LoadTarget;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * C virtual-thread clients that share one {@link HttpClient} and send N requests between them:
 * mostly {@code POST /api/v1/probes}, some {@code /api/v1/commands}, a few batches, over targets
 * chosen at random (seeded per request, so a run is repeatable whatever the interleaving). Every
 * answer is checked: a card for 200, a problem with Retry-After for 429; anything else, and any
 * request without an answer in time, is dropped.
 */
final class LoadDriver {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CARD_STATUSES = Set.of("ok", "warning", "failure");

    /** What N requests came to. Latencies are in nanoseconds, one per answered request. */
    record Outcome(
            int requests,
            long wallNanos,
            long[] latencies,
            long[] throttledLatencies,
            Map<Integer, Long> statuses,
            Map<String, Long> dropped,
            Map<String, Long> endpoints,
            long asked,
            int inFlightAtEnd) {

        long droppedTotal() {
            return dropped.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private enum Endpoint {
        PROBE("/api/v1/probes"),
        COMMAND("/api/v1/commands"),
        BATCH("/api/v1/probes/batch");

        final String path;

        Endpoint(String path) {
            this.path = path;
        }
    }

    private record Ask(Endpoint endpoint, String body, int targets) {}

    private final URI base;
    private final List<String> tokens;
    private final List<LoadTarget> targets;
    private final Duration timeout;
    private final long seed;

    LoadDriver(URI base, List<String> tokens, List<LoadTarget> targets, Duration timeout, long seed) {
        this.base = base;
        this.tokens = List.copyOf(tokens);
        this.targets = List.copyOf(targets);
        this.timeout = timeout;
        this.seed = seed;
    }

    Outcome run(int requests, int concurrency) throws InterruptedException {
        long[] latencies = new long[requests];
        long[] throttled = new long[requests];
        AtomicInteger throttledCount = new AtomicInteger();
        Map<Integer, LongAdder> statuses = new ConcurrentSkipListMap<>();
        Map<String, LongAdder> dropped = new ConcurrentHashMap<>();
        Map<String, LongAdder> endpoints = new ConcurrentSkipListMap<>();
        LongAdder asked = new LongAdder();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        long start;
        try (ExecutorService httpThreads = Executors.newVirtualThreadPerTaskExecutor();
                HttpClient client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(timeout)
                        .executor(httpThreads)
                        .build()) {
            start = System.nanoTime();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < concurrency; c++) {
                    String token = tokens.get(c % tokens.size());
                    clients.execute(() -> {
                        for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                            Ask ask = ask(i);
                            endpoints
                                    .computeIfAbsent(
                                            ask.endpoint().name().toLowerCase(Locale.ROOT), k -> new LongAdder())
                                    .increment();
                            inFlight.incrementAndGet();
                            long t0 = System.nanoTime();
                            OptionalLong status = OptionalLong.empty();
                            String problem;
                            try {
                                HttpResponse<String> r =
                                        client.send(request(ask, token), HttpResponse.BodyHandlers.ofString());
                                long took = System.nanoTime() - t0;
                                latencies[i] = took;
                                status = OptionalLong.of(r.statusCode());
                                problem = check(ask, r);
                                if (problem == null && r.statusCode() == 429) {
                                    throttled[throttledCount.getAndIncrement()] = took;
                                }
                                if (problem == null) {
                                    asked.add(ask.targets());
                                }
                            } catch (HttpTimeoutException e) {
                                problem = "timeout";
                            } catch (IOException e) {
                                problem = "no answer (" + e.getClass().getSimpleName() + ")";
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return;
                            } finally {
                                inFlight.decrementAndGet();
                            }
                            status.ifPresent(s -> statuses.computeIfAbsent((int) s, k -> new LongAdder())
                                    .increment());
                            if (problem != null) {
                                latencies[i] = -1;
                                dropped.computeIfAbsent(problem, k -> new LongAdder())
                                        .increment();
                            }
                        }
                    });
                }
            }
        }
        long wall = System.nanoTime() - start;
        long[] answered = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        long[] refused = Arrays.copyOf(throttled, throttledCount.get());
        Arrays.sort(refused);
        return new Outcome(
                requests,
                wall,
                answered,
                refused,
                sums(statuses),
                sums(dropped),
                sums(endpoints),
                asked.sum(),
                inFlight.get());
    }

    private static <K> Map<K, Long> sums(Map<K, LongAdder> adders) {
        Map<K, Long> out = new TreeMap<>();
        adders.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Request i: which endpoint, which targets, whether fresh. */
    private Ask ask(int i) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
        double kind = random.nextDouble();
        if (kind < 0.03) {
            int n = 2 + random.nextInt(ApiUnderLoad.MAX_BATCH_TARGETS - 1);
            ObjectNode body = JSON.createObjectNode();
            ArrayNode list = body.putArray("targets");
            for (int k = 0; k < n; k++) {
                LoadTarget t = pick(random);
                if (k % 2 == 0) {
                    list.add(probeJson(t, false));
                } else {
                    list.add(t.command());
                }
            }
            return new Ask(Endpoint.BATCH, body.toString(), n);
        }
        LoadTarget t = pick(random);
        if (kind < 0.15) {
            return new Ask(
                    Endpoint.COMMAND,
                    JSON.createObjectNode().put("text", t.command()).toString(),
                    1);
        }
        return new Ask(Endpoint.PROBE, probeJson(t, random.nextDouble() < 0.01).toString(), 1);
    }

    private LoadTarget pick(SplittableRandom random) {
        return targets.get(random.nextInt(targets.size()));
    }

    private static ObjectNode probeJson(LoadTarget t, boolean fresh) {
        ObjectNode o = JSON.createObjectNode()
                .put("host", t.host())
                .put("port", t.port())
                .put("transport", t.transport().id())
                .put("protocol", t.protocol().id());
        return fresh ? o.put("fresh", true) : o;
    }

    private HttpRequest request(Ask ask, String token) {
        return HttpRequest.newBuilder(base.resolve(ask.endpoint().path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ask.body()))
                .build();
    }

    /** Null when the answer is what the API promises for its status; else why it is not. */
    private static String check(Ask ask, HttpResponse<String> r) {
        int code = r.statusCode();
        if (code >= 500) {
            return "HTTP " + code;
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            return "malformed body (HTTP " + code + ")";
        }
        if (code == 429) {
            OptionalLong retry = r.headers().firstValueAsLong("Retry-After");
            if (retry.isEmpty() || retry.getAsLong() < 1) {
                return "429 without Retry-After";
            }
            return body.path("status").asInt() == 429 ? null : "malformed problem (429)";
        }
        if (code != 200) {
            return "unexpected HTTP " + code;
        }
        if (ask.endpoint() == Endpoint.BATCH) {
            JsonNode results = body.path("results");
            if (!results.isArray() || results.size() != ask.targets()) {
                return "malformed batch";
            }
            for (JsonNode item : results) {
                int s = item.path("httpStatus").asInt();
                if (!(s == 200 && item.has("result")) && !(s == 429 && item.has("problem"))) {
                    return "batch item HTTP " + s;
                }
            }
            return null;
        }
        return CARD_STATUSES.contains(body.path("status").asText())
                        && body.path("target").isObject()
                ? null
                : "malformed card";
    }

    static List<String> tokens(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("load-check-token-" + i + "-0123456789");
        }
        return out;
    }
}
