package dev.mailtls.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Generated and mutated bodies for the API's JSON endpoints (deep nesting, huge numbers, wrong
 * types, duplicate keys, invalid UTF-8, trailing garbage, huge strings, NaN, nulls, random byte
 * mutations, foreign Content-Types), and what must never come back: a 5xx, a problem that is not
 * problem+json, or a stack trace. Case {@code i} of a seed is always the same body, so a failure is
 * reproduced by its seed and index. Public for {@code bench/json-fuzz}, which runs many more.
 */
public final class JsonBodyFuzz {

    /** One request: which kind of damage, to which endpoint, with which Content-Type (null: none). */
    public record Case(
            int index, String kind, String path, @Nullable String contentType, byte[] body) {
        @Override
        public String toString() {
            String text = new String(body, StandardCharsets.UTF_8);
            return "#" + index + " " + kind + " " + path + " [" + contentType + "] "
                    + (text.length() > 120 ? text.substring(0, 120) + "… (" + body.length + " bytes)" : text);
        }
    }

    /** What a run came to: answers by status code, and every answer that must never happen. */
    public record Tally(Map<Integer, Integer> byStatus, Map<String, Integer> byKind, List<String> violations) {}

    public static final List<String> KINDS = List.of(
            "deep",
            "number",
            "wrong-type",
            "duplicate-key",
            "invalid-utf8",
            "trailing",
            "huge-string",
            "non-numeric",
            "null",
            "mutated",
            "content-type");

    static final List<String> PATHS = List.of(ApiRoutes.PROBES, ApiRoutes.COMMANDS, ApiRoutes.BATCH);

    private static final List<String> VALID = List.of(
            "{\"host\": \"mail.test\", \"port\": 25, \"transport\": \"starttls\", \"protocol\": \"smtp\"}",
            "{\"text\": \"mail.test 587 starttls\"}",
            "{\"targets\": [\"mail.test 25\", {\"host\": \"other.test\", \"port\": 993}]}",
            "{\"host\": \"mail.test\", \"fresh\": true, \"auth\": true, \"timeoutSeconds\": 5, \"ehloName\":"
                    + " \"x.test\", \"sni\": \"mail.test\", \"tlsVersion\": \"1.3\", \"legacyCheck\": false}");

    /** The probe fields the API knows, the command and batch fields, and one it does not know. */
    private static final List<String> FIELDS = java.util.stream.Stream.concat(
                    ProbeAsk.FIELDS.stream(), java.util.stream.Stream.of("text", "targets", "unknown"))
            .toList();

    private static final List<String> VALUES = List.of(
            "null",
            "true",
            "false",
            "0",
            "-1",
            "1.5",
            "1e308",
            "-1e-308",
            "65536",
            "\"\"",
            "\" \"",
            "\"\\u0000\"",
            "\"x\"",
            "[]",
            "{}",
            "[1, \"a\"]",
            "{\"a\": {}}",
            "\"25\"",
            "\"１２\"",
            "\"\\ud800\"",
            "\"‮gmail\"");

    private static final List<String> NUMBERS = List.of(
            "1e999999",
            "-0",
            "0.0000001",
            "1E+2",
            "123456789012345678901234567890",
            "0x19",
            "025",
            "+25",
            ".5",
            "25.",
            "1e",
            "-",
            "9223372036854775808",
            "-9223372036854775809",
            "4.9e-324");

    private static final List<String> TRAILING = List.of(
            " x",
            "}",
            "]",
            "{}",
            "\u0000",
            "//c",
            "/*c*/",
            ",",
            "null",
            " {\"host\": \"other.test\"}",
            "\r\n\r\nGET / HTTP/1.1\r\n\r\n",
            "\"",
            "\n\n",
            "0");

    private static final List<String> CONTENT_TYPES = List.of(
            "application/json",
            "application/json; charset=utf-8",
            "APPLICATION/JSON",
            "application/merge-patch+json",
            "text/plain",
            "text/plain; charset=utf-8",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/xml",
            "json",
            "application/json/x",
            "application/jsonx",
            "*/*");

    private static final List<String> TOKENS =
            List.of("{", "}", "[", "]", "\"", ",", ":", "\\", "\\u", "\u0000", "1e", "-", "null", "\ud83d", "é");

    private static final Pattern STACK_TRACE =
            Pattern.compile("(?m)(^\\s*at [\\w$.]+\\(|Exception|com\\.fasterxml|java\\.lang\\.|\\tat )");

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonBodyFuzz() {}

    /** Cases {@code 0..count-1} of {@code seed}, every kind in turn. */
    public static List<Case> cases(long seed, int count) {
        List<Case> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(generate(seed, i));
        }
        return out;
    }

    /** Case {@code index} of {@code seed}: a function of both alone. */
    public static Case generate(long seed, int index) {
        Random r = new Random(seed * 1_000_003L + index);
        String kind = KINDS.get(index % KINDS.size());
        String path = pick(r, PATHS);
        String type = r.nextInt(8) == 0 ? pick(r, CONTENT_TYPES) : "application/json";
        byte[] body = switch (kind) {
            case "deep" -> utf8(deep(r));
            case "number" ->
                utf8(withField(
                        r,
                        r.nextBoolean() ? "port" : "timeoutSeconds",
                        pick(r, NUMBERS)
                                + (r.nextInt(4) == 0 ? "9".repeat(pick(r, List.of(400, 999, 1001, 5000))) : "")));
            case "wrong-type" -> utf8(withField(r, pick(r, FIELDS), pick(r, VALUES)));
            case "duplicate-key" -> utf8(duplicateKey(r));
            case "invalid-utf8" -> invalidUtf8(r);
            case "trailing" -> utf8(pick(r, VALID) + pick(r, TRAILING));
            case "huge-string" -> utf8(hugeString(r));
            case "non-numeric" ->
                utf8(withField(
                        r,
                        pick(r, FIELDS),
                        pick(r, List.of("NaN", "Infinity", "-Infinity", "+Infinity", "nan", "undefined"))));
            case "null" ->
                utf8(pick(
                        r,
                        List.of(
                                "null",
                                "{\"host\": null}",
                                "[null]",
                                "{\"targets\": null}",
                                "{\"targets\": [null]}",
                                "{\"text\": null}",
                                "{}",
                                "[]",
                                "\"\"",
                                "0",
                                "true",
                                "{\"targets\": [{}]}",
                                "{\"targets\": [[]]}",
                                "{\"targets\": [\"\"]}",
                                "{\"targets\": [null, null]}")));
            case "mutated" -> mutate(r, utf8(pick(r, VALID)));
            case "content-type" -> {
                type = r.nextInt(6) == 0 ? null : pick(r, CONTENT_TYPES);
                yield utf8(pick(r, VALID));
            }
            default -> throw new IllegalStateException(kind);
        };
        return new Case(index, kind, path, type, body);
    }

    private static String deep(Random r) {
        int depth = pick(r, List.of(31, 32, 33, 100, 1000, 1001, 4000, 7000));
        return switch (r.nextInt(4)) {
            case 0 -> "[".repeat(depth) + "]".repeat(depth);
            case 1 -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            case 2 -> "{\"host\": " + "[".repeat(depth) + "\"mail.test\"" + "]".repeat(depth) + "}";
            default -> "{\"targets\": " + "[".repeat(depth); // never closed
        };
    }

    /** A valid body with one field set to {@code value} (added when absent). */
    private static String withField(Random r, String field, String value) {
        return switch (r.nextInt(3)) {
            case 0 -> "{\"host\": \"mail.test\", \"" + field + "\": " + value + "}";
            case 1 -> "{\"" + field + "\": " + value + "}";
            default -> "{\"targets\": [{\"host\": \"mail.test\", \"" + field + "\": " + value + "}]}";
        };
    }

    private static String duplicateKey(Random r) {
        return pick(
                r,
                List.of(
                        "{\"host\": \"mail.test\", \"host\": \"other.test\"}",
                        "{\"targets\": [], \"targets\": [\"mail.test\"]}",
                        "{\"text\": \"mail.test\", \"text\": \"other.test 25\"}",
                        "{\"targets\": [{\"host\": \"a.test\", \"port\": 25, \"port\": 26}]}",
                        "{\"host\": \"mail.test\", \"fresh\": false, \"fresh\": true}",
                        "{\"host\": \"mail.test\", \"ho\\u0073t\": \"other.test\"}"));
    }

    private static byte[] invalidUtf8(Random r) {
        byte[][] bad = {
            {(byte) 0xC3, 0x28},
            {(byte) 0xFF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xE2, (byte) 0x82},
            {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0x80}
        };
        byte[] body = utf8(pick(r, VALID));
        int at = 1 + r.nextInt(body.length - 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(body, 0, at);
        out.writeBytes(bad[r.nextInt(bad.length)]);
        out.write(body, at, body.length - at);
        return out.toByteArray();
    }

    private static String hugeString(Random r) {
        int n = pick(r, List.of(300, 1_000, 8_000, 15_000, 17_000));
        String s = "a".repeat(n);
        return switch (r.nextInt(6)) {
            case 0 -> "{\"host\": \"" + s + "\"}";
            case 1 -> "{\"text\": \"" + s + "\"}";
            case 2 -> "{\"" + s + "\": 1}";
            case 3 -> "{\"targets\": [" + "\"mail.test\",".repeat(n / 12) + "\"mail.test\"]}";
            case 4 -> "{\"host\": \"mail.test\", \"ehloName\": \"" + "\\u00e9".repeat(n / 6) + "\"}";
            default -> {
                StringBuilder b = new StringBuilder("{");
                for (int i = 0; i < n / 12; i++) {
                    b.append("\"k").append(i).append("\": 1,");
                }
                yield b.append("\"host\": \"mail.test\"}").toString();
            }
        };
    }

    private static byte[] mutate(Random r, byte[] body) {
        byte[] b = body;
        for (int m = 1 + r.nextInt(4); m > 0; m--) {
            int at = r.nextInt(b.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            switch (r.nextInt(4)) {
                case 0 -> {
                    b = b.clone();
                    b[at] = (byte) r.nextInt(256);
                    continue;
                }
                case 1 -> {
                    int len = Math.min(b.length - at, 1 + r.nextInt(8));
                    out.write(b, 0, at);
                    out.write(b, at + len, b.length - at - len);
                }
                case 2 -> {
                    int len = Math.min(b.length - at, 1 + r.nextInt(16));
                    out.write(b, 0, at + len);
                    out.write(b, at, b.length - at);
                }
                default -> {
                    out.write(b, 0, at);
                    out.writeBytes(utf8(pick(r, TOKENS)));
                    out.write(b, at, b.length - at);
                }
            }
            b = out.toByteArray();
            if (b.length == 0) {
                b = utf8("{");
            }
        }
        return b;
    }

    /**
     * What must never come back for a case: empty when the answer is acceptable (2xx, or 4xx as
     * problem+json naming its own status), else the reason.
     */
    public static Optional<String> violation(int status, @Nullable String contentType, String body) {
        if (status >= 500 || status < 200 || (status >= 300 && status < 400)) {
            return Optional.of("HTTP " + status);
        }
        if (STACK_TRACE.matcher(body).find()) {
            return Optional.of("a stack trace or exception name in the body");
        }
        if (status >= 400) {
            if (contentType == null || !contentType.startsWith(Problem.CONTENT_TYPE)) {
                return Optional.of("HTTP " + status + " as " + contentType + ", not problem+json");
            }
            try {
                JsonNode p = JSON.readTree(body);
                if (p.path("status").asInt() != status || !p.path("detail").isTextual()) {
                    return Optional.of("a problem without its status or detail: " + body);
                }
            } catch (IOException e) {
                return Optional.of("a problem that is not JSON");
            }
        }
        return Optional.empty();
    }

    /**
     * Sends every case to the server at {@code base}, {@code concurrency} at a time, and tallies the
     * answers; a request without an answer (reset, timeout) is a violation too.
     */
    public static Tally run(URI base, String bearer, List<Case> cases, int concurrency) throws InterruptedException {
        Map<Integer, Integer> byStatus = new ConcurrentHashMap<>();
        Map<String, Integer> byKind = new ConcurrentHashMap<>();
        List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        Semaphore slots = new Semaphore(concurrency);
        try (HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Case c : cases) {
                slots.acquire();
                threads.submit(() -> {
                    try {
                        HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve(c.path()))
                                .timeout(Duration.ofSeconds(30))
                                .header("Authorization", bearer)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(c.body()));
                        if (c.contentType() != null) {
                            req.header("Content-Type", c.contentType());
                        }
                        HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
                        byStatus.merge(r.statusCode(), 1, Integer::sum);
                        byKind.merge(c.kind() + " " + r.statusCode(), 1, Integer::sum);
                        violation(
                                        r.statusCode(),
                                        r.headers().firstValue("Content-Type").orElse(null),
                                        r.body())
                                .ifPresent(v -> violations.add(v + ": " + c));
                    } catch (IOException e) {
                        violations.add("no answer (" + e + "): " + c);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        failed.incrementAndGet();
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        if (failed.get() > 0) {
            throw new InterruptedException(failed.get() + " requests interrupted");
        }
        return new Tally(new TreeMap<>(byStatus), new TreeMap<>(byKind), List.copyOf(violations));
    }

    private static <T> T pick(Random r, List<T> from) {
        return from.get(r.nextInt(from.size()));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
