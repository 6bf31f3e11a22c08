package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.GroupSummary;
import dev.mailtls.testing.GroupSummaries;
import dev.mailtls.testing.ScriptedMailServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A property-based run of the API against its own spec: requests generated from openapi.json
 * (valid ones, and mutated ones: wrong types, missing, unknown and null fields, wrong case, odd
 * content types, bad query values, no or a wrong token, methods a path does not take) are sent to
 * a running server whose probes go to a scripted mail server on loopback. Every answer must be a
 * status the spec lists for that operation (never a 5xx), with a documented content type, and every
 * JSON body valid against the spec's schema for it. A request body the spec's schema refuses must
 * be refused (400/422); one it accepts, for a target that exists, must get a card.
 *
 * <p>The seed and the number of cases are fixed, so a failure repeats; {@code
 * -Dmailtls.contract.seed=N -Dmailtls.contract.cases=N} explores further.
 */
@Timeout(120)
class ApiContractTest {
    private static final long SEED = Long.getLong("mailtls.contract.seed", 20_261_205L);
    private static final int CASES = Integer.getInteger("mailtls.contract.cases", 1000);
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One group, "mail-edge", with a summary and two runs of history. */
    private static final GroupRuns GROUPS = new GroupRuns() {
        @Override
        public Optional<GroupSummary> runNow(String group, String requester) {
            return group.equals("mail-edge") ? Optional.of(GroupSummaries.withChanges()) : Optional.empty();
        }

        @Override
        public Optional<List<GroupRun>> history(String group, int limit) {
            if (!group.equals("mail-edge")) {
                return Optional.empty();
            }
            GroupSummary s = GroupSummaries.withChanges();
            return Optional.of(List.of(s.run(), s.previous()).subList(0, Math.min(limit, 2)));
        }

        @Override
        public List<String> names() {
            return List.of("mail-edge");
        }
    };

    /** One generated request, and what the generator knows of it. */
    private record Case(
            String path,
            String template,
            String method,
            Map<String, String> query,
            @Nullable String contentType,
            @Nullable String body,
            @Nullable String authorization,
            /* the request schema's pointer for a JSON body, when the operation has one */
            @Nullable String requestSchema,
            /* the generator built a request the server must accept (a target that exists) */
            boolean sound) {
        String describe() {
            return method + " " + path + " " + query + " ct=" + contentType + " auth=" + (authorization != null)
                    + " body=" + (body == null ? null : cut(body));
        }
    }

    @Test
    void generatedRequestsGetOnlyDocumentedAnswers() throws Exception {
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                        .advertiseStartTls(false)
                        .start();
                TestServer t = TestServer.builder()
                        .ports(Set.of(mail.port(), 25, 465, 587))
                        .groups(GROUPS)
                        .domains(new DomainZone())
                        .build()) {
            WebServer web = t.web().start("127.0.0.1", 0);
            try {
                HttpClient http = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
                String base = "http://127.0.0.1:" + web.port();
                // The spec as this server serves it (its batch limit is the configured one).
                OpenApiDocument spec = new OpenApiDocument(http.send(
                                HttpRequest.newBuilder(URI.create(base + WebServer.OPENAPI_PATH))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
                Generator g = new Generator(new Random(SEED), spec, mail.port());
                List<String> failures = new ArrayList<>();
                Map<Integer, Integer> statuses = new java.util.TreeMap<>();
                Set<String> domainReports = new TreeSet<>();
                for (int n = 0; n < CASES && failures.size() < 10; n++) {
                    Case c = g.next();
                    HttpResponse<String> r = send(http, base, c);
                    statuses.merge(r.statusCode(), 1, Integer::sum);
                    if (c.template().equals(DomainRoutes.DOMAINS)
                            && r.statusCode() == 200
                            && r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
                        domainReports.add(JSON.readTree(r.body()).path("mxKind").asText());
                    }
                    for (String f : check(spec, c, r)) {
                        failures.add("case " + n + ": " + f + "\n  request: " + c.describe() + "\n  answer: "
                                + r.statusCode() + " "
                                + r.headers().firstValue("Content-Type").orElse("-") + " "
                                + cut(r.body()));
                    }
                }
                assertThat(failures).as("seed " + SEED).isEmpty();
                // The run reached the interesting answers, not only one kind of refusal.
                assertThat(statuses).containsKeys(200, 400, 401, 403, 404, 405, 413, 415, 422);
                // Real domain reports of every kind the zone holds were checked against the Domain schema.
                assertThat(domainReports).contains("listed", "null-mx", "not-found");
            } finally {
                web.close();
            }
        }
    }

    private static HttpResponse<String> send(HttpClient http, String base, Case c) throws Exception {
        StringBuilder uri = new StringBuilder(base).append(c.path());
        String sep = "?";
        for (Map.Entry<String, String> q : c.query().entrySet()) {
            uri.append(sep)
                    .append(q.getKey())
                    .append('=')
                    .append(URLEncoder.encode(q.getValue(), StandardCharsets.UTF_8));
            sep = "&";
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri.toString()))
                .timeout(Duration.ofSeconds(30))
                .method(
                        c.method(),
                        c.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(c.body()));
        if (c.contentType() != null) {
            b.header("Content-Type", c.contentType());
        }
        // A large body is announced first (Expect: 100-continue), as careful clients do: a server that
        // refuses it by its Content-Length (413) answers before the body is sent, instead of closing a
        // connection the client is still writing to (which reads as a broken pipe, not an answer).
        if (c.body() != null && c.body().length() > 8 * 1024) {
            b.expectContinue(true);
        }
        if (c.authorization() != null) {
            b.header("Authorization", c.authorization());
        }
        HttpRequest request = b.build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            // A kept-alive connection the server had just closed (after refusing a body it would not
            // read) fails on the client's next write: the client's transport, not an answer. The JDK
            // client drops that connection; the same request again goes out on a new one.
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    /** What is wrong with {@code r} as the answer to {@code c}; empty when nothing. */
    private static List<String> check(OpenApiDocument spec, Case c, HttpResponse<String> r) throws Exception {
        List<String> out = new ArrayList<>();
        int status = r.statusCode();
        if (status >= 500) {
            out.add("a 5xx");
        }
        // HEAD is answered as the path's GET, without a body.
        boolean head = c.method().equals("HEAD")
                && !spec.operation(c.template(), "GET").isMissingNode();
        String method = head ? "GET" : c.method();
        JsonNode op = spec.operation(c.template(), method);
        String mediaType = r.headers()
                .firstValue("Content-Type")
                .map(v -> v.split(";", 2)[0].strip().toLowerCase(Locale.ROOT))
                .orElse("");
        String schemaPointer;
        if (op.isMissingNode()) {
            Set<String> documented = new TreeSet<>();
            spec.tree
                    .path("paths")
                    .path(c.template())
                    .fieldNames()
                    .forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT)));
            if (documented.contains("GET")) {
                documented.add("HEAD");
            }
            if (status != 405) {
                return List.of("a method the path does not list answered " + status + ", not 405");
            }
            String allow = r.headers().firstValue("Allow").orElse("");
            if (!allow.equals(String.join(", ", documented))) {
                out.add("Allow '" + allow + "', the spec lists " + documented);
            }
            if (c.method().equals("HEAD")) {
                return out;
            }
            schemaPointer =
                    "/components/responses/MethodNotAllowed/content/" + OpenApiDocument.segment(mediaType) + "/schema";
            if (!mediaType.equals("application/problem+json")) {
                out.add("405 as " + mediaType);
                return out;
            }
        } else {
            JsonNode response = spec.response(c.template(), method, status);
            if (response.isMissingNode()) {
                out.add("status " + status + " is not listed for " + method + " " + c.template());
                return out;
            }
            if (!response.path("content").has(mediaType)) {
                out.add("content type " + mediaType + " is not listed for " + status);
                return out;
            }
            response.path("headers").properties().forEach(h -> {
                if (h.getValue().path("required").asBoolean()
                        && r.headers().firstValue(h.getKey()).isEmpty()) {
                    out.add("no " + h.getKey() + " header");
                }
            });
            schemaPointer = spec.responseSchemaPointer(c.template(), method, status, mediaType);
            out.addAll(expectations(spec, c, status));
        }
        if (mediaType.endsWith("json") && !head) {
            JsonNode body = JSON.readTree(r.body());
            out.addAll(spec.errors(schemaPointer, body));
        }
        return out;
    }

    /** The request side: what the spec's request schema says of the body decides the class of answer. */
    private static List<String> expectations(OpenApiDocument spec, Case c, int status) throws Exception {
        if (c.requestSchema() == null
                || c.authorization() == null
                || !c.authorization().equals(TestServer.BEARER)) {
            return List.of();
        }
        if (!c.query().getOrDefault("format", "json").matches("json|text|txt|plain|markdown|md")
                || !c.query().getOrDefault("transcript", "false").matches("true|false")
                || c.query().keySet().stream().anyMatch(k -> k.contains("&"))) {
            return status == 400 ? List.of() : List.of("a query value the spec refuses answered " + status);
        }
        if (c.contentType() != null && !JsonBodies.isJsonMediaType(c.contentType())) {
            return List.of();
        }
        if (c.body() != null
                && c.body().getBytes(StandardCharsets.UTF_8).length > HttpSettings.DEFAULT_MAX_BODY_BYTES) {
            return status == 413 ? List.of() : List.of("a body over the limit answered " + status);
        }
        JsonNode body;
        try {
            body = c.body() == null || c.body().isBlank()
                    ? null
                    : JsonBodies.mapper().readTree(c.body());
        } catch (Exception e) {
            body = null;
        }
        if (body == null) {
            return status == 400 ? List.of() : List.of("a body that is not JSON answered " + status);
        }
        List<String> errors = spec.errors(c.requestSchema(), body);
        if (!errors.isEmpty()) {
            return status == 400 || status == 422
                    ? List.of()
                    : List.of("a body the spec refuses (" + errors.get(0) + ") answered " + status);
        }
        if (c.sound() && status != 200) {
            return List.of("a body the spec accepts, for a target that exists, answered " + status);
        }
        return List.of();
    }

    private static String cut(String s) {
        return s.length() > 600 ? s.substring(0, 600) + "…" : s;
    }

    /** Requests from the spec: mostly valid, often mutated. */
    private static final class Generator {
        private final Random r;
        private final OpenApiDocument spec;
        private final int mailPort;
        private final List<String[]> operations = new ArrayList<>();

        Generator(Random r, OpenApiDocument spec, int mailPort) {
            this.r = r;
            this.spec = spec;
            this.mailPort = mailPort;
            spec.tree
                    .path("paths")
                    .properties()
                    .forEach(p -> p.getValue()
                            .fieldNames()
                            .forEachRemaining(
                                    m -> operations.add(new String[] {p.getKey(), m.toUpperCase(Locale.ROOT)})));
        }

        Case next() {
            // Half the cases go to the four operations that take a JSON body, where most can go wrong.
            String[] op = r.nextBoolean()
                    ? pick(
                            new String[] {"/api/v1/probes", "POST"},
                            new String[] {"/api/v1/commands", "POST"},
                            new String[] {"/api/v1/probes/batch", "POST"},
                            new String[] {DomainRoutes.DOMAINS, "POST"})
                    : operations.get(r.nextInt(operations.size()));
            String template = op[0];
            String method = op[1];
            if (r.nextInt(8) == 0) {
                method = METHODS.get(r.nextInt(METHODS.size()));
            }
            String path = template.replace("{name}", pick("mail-edge", "nosuch", "a.b-c"));
            boolean guarded = spec.operation(template, op[1]).path("security").size() > 0;
            String auth = guarded ? authorization() : (r.nextInt(6) == 0 ? authorization() : null);
            Map<String, String> query = new LinkedHashMap<>();
            if (r.nextInt(3) == 0) {
                query.put("format", pick("json", "text", "txt", "plain", "markdown", "md", "JSON", "xml", "", "Text"));
            }
            boolean transcript = spec.operation(template, op[1])
                    .path("parameters")
                    .findValuesAsText("name")
                    .contains("transcript");
            if (r.nextInt(4) == 0 && transcript) {
                query.put("transcript", pick("true", "false", "TRUE", "yes", "1", ""));
            }
            if (r.nextInt(20) == 0) {
                // The same parameter twice: refused, whichever value each has.
                query.put(
                        transcript ? pick("format=json&format", "transcript=true&transcript") : "format=json&format",
                        pick("json", "true"));
            }
            if (template.endsWith("/history") && r.nextBoolean()) {
                query.put("limit", pick("1", "30", "500", "0", "501", "abc", "+5", " 7"));
            }
            return switch (template + " " + method) {
                case "/api/v1/probes POST" -> json(path, template, method, query, auth, probe(true), "ProbeRequest");
                case "/api/v1/commands POST" -> command(path, template, method, query, auth);
                case "/api/v1/probes/batch POST" -> json(path, template, method, query, auth, batch(), "BatchRequest");
                case DomainRoutes.DOMAINS + " POST" ->
                    json(path, template, method, query, auth, domain(), "DomainRequest");
                case "/ POST" -> form(path, template, method, query);
                case "/ GET" -> {
                    if (r.nextBoolean()) {
                        query.put("host", pick("mail.test", "bad host", "", "mail.test:" + mailPort));
                        query.put("port", pick(Integer.toString(mailPort), "99999", "x", ""));
                        query.put("transport", pick("plain", "PLAIN", "auto", "tls", "bogus"));
                    }
                    yield new Case(path, template, method, query, null, null, auth, null, false);
                }
                default ->
                    new Case(
                            path,
                            template,
                            method,
                            query,
                            r.nextInt(4) == 0 ? pick("application/json", "text/plain") : null,
                            r.nextInt(4) == 0 ? "{}" : null,
                            auth,
                            null,
                            false);
            };
        }

        private @Nullable String authorization() {
            int n = r.nextInt(14);
            return n == 0 ? null : n == 1 ? "Bearer wrong-token" : TestServer.BEARER;
        }

        /** A body: a valid tree, then perhaps one mutation; the content type, perhaps an odd one. */
        private Case json(
                String path,
                String template,
                String method,
                Map<String, String> query,
                @Nullable String auth,
                Body body,
                String schema) {
            String text = body.tree().toString();
            boolean sound = body.sound();
            switch (r.nextInt(14)) {
                case 0 -> text = "";
                case 1 -> text = text + " x";
                case 2 -> text = text.replaceFirst("\\{", "{\"host\": \"other.test\", ");
                case 3 -> text = "[" + text + "]";
                case 4 -> text = "not json";
                case 5 -> {
                    if (r.nextInt(4) == 0) {
                        // Over the 16 KiB body limit: 413.
                        text = "{\"host\": \"" + "a".repeat(20_000) + "\"}";
                    }
                }
                default -> {
                    // the tree as built
                }
            }
            String ct = switch (r.nextInt(12)) {
                case 0 -> null;
                case 1 -> "text/plain";
                case 2 -> "application/x-www-form-urlencoded";
                case 3 -> "application/vnd.example+json";
                case 4 -> "application/json; charset=utf-8";
                default -> "application/json";
            };
            return new Case(path, template, method, query, ct, text, auth, "/components/schemas/" + schema, sound);
        }

        private record Body(JsonNode tree, boolean sound) {}

        /** A ProbeRequest: a target that exists, perhaps mutated so that the schema refuses it. */
        private Body probe(boolean mayMutate) {
            ObjectNode o = F.objectNode();
            boolean hostPort = r.nextInt(5) == 0;
            o.put("host", hostPort ? "mail.test:" + mailPort : pick("mail.test", "127.0.0.1", "MAIL.test"));
            if (!hostPort) {
                o.put("port", mailPort);
            }
            if (r.nextBoolean()) {
                o.put("transport", pick("plain", "auto", "none", "cleartext", "plaintext"));
            }
            if (r.nextBoolean()) {
                o.put("protocol", pick("smtp", "auto", "esmtp", "submission"));
            }
            if (r.nextInt(4) == 0) {
                o.put("timeoutSeconds", pick(2, 5, 10));
            }
            if (r.nextInt(4) == 0) {
                o.put("fresh", r.nextBoolean());
            }
            if (r.nextInt(5) == 0) {
                o.put("auth", r.nextBoolean());
            }
            if (r.nextInt(5) == 0) {
                o.put("ehloName", "client.example");
            }
            if (r.nextInt(6) == 0) {
                o.put("legacyCheck", false);
            }
            if (r.nextInt(6) == 0) {
                o.putNull(pick("sni", "tlsVersion", "fresh", "auth", "timeoutSeconds", "transport", "protocol"));
            }
            if (r.nextInt(12) == 0) {
                // A port outside the address policy's: 403, not a card.
                o.put("host", "mail.test");
                o.put("port", pick(9, 22, 8080));
                return new Body(o, false);
            }
            if (!mayMutate || r.nextInt(5) < 2) {
                return new Body(o, true);
            }
            switch (r.nextInt(13)) {
                case 0 -> o.put("port", Integer.toString(mailPort));
                case 1 -> o.put("transport", pick("PLAIN", "SMTPS", "Plain", "fresh", "imap", ""));
                case 2 -> o.put("protocol", pick("SMTP", "smtps", "tls", "http"));
                case 3 -> o.remove("host");
                case 4 -> o.putNull("host");
                case 5 -> o.put("host", pick("", "   ", "\t"));
                case 6 -> o.put("unknown", 1);
                case 7 -> o.put("fresh", pick("true", "yes", "1"));
                case 8 -> o.put("timeoutSeconds", pick("5", "0", "61", "-1"));
                case 9 -> o.put("port", pick(0, 65536, -1));
                case 10 -> o.put("port", 25.5);
                case 11 -> o.put("tlsVersion", pick("1.1", "TLSV1.2", " 1.2", "tlsv1.3"));
                default -> o.putArray("port").add(mailPort);
            }
            return new Body(o, false);
        }

        /** A DomainRequest: a domain of {@link DomainZone}, perhaps mutated. */
        private Body domain() {
            ObjectNode o = F.objectNode();
            o.put("domain", pick("mail.example", "nullmx.example", "gone.example", "nohost.example", "Mail.Example."));
            if (r.nextInt(4) == 0) {
                o.put("fresh", r.nextBoolean());
            }
            if (r.nextInt(3) > 0) {
                return new Body(o, true);
            }
            switch (r.nextInt(7)) {
                case 0 -> o.remove("domain");
                case 1 -> o.putNull("domain");
                case 2 -> o.put("domain", pick("", "https://mail.example/", "user@mail.example", "127.0.0.1", "x"));
                case 3 -> o.put("domain", 42);
                case 4 -> o.put("fresh", pick("true", "yes"));
                case 5 -> o.put("host", "mail.example");
                default -> o.putArray("domain").add("mail.example");
            }
            return new Body(o, false);
        }

        private Body batch() {
            ObjectNode o = F.objectNode();
            ArrayNode targets = o.putArray("targets");
            int n = 1 + r.nextInt(3);
            boolean sound = true;
            for (int i = 0; i < n; i++) {
                if (r.nextInt(3) == 0) {
                    targets.add("mail.test " + mailPort + " " + pick("plain", "PLAIN", "smtp"));
                } else {
                    Body b = probe(r.nextInt(4) == 0);
                    targets.add(b.tree());
                    sound &= b.sound();
                }
            }
            if (r.nextInt(4) == 0) {
                o.put("fresh", r.nextBoolean());
            }
            switch (r.nextInt(10)) {
                case 0 -> {
                    o.put("fresh", pick("true", "1"));
                    sound = false;
                }
                case 1 -> {
                    o.putArray("targets");
                    sound = false;
                }
                case 2 -> {
                    for (int i = 0; i < 6; i++) {
                        targets.add("mail.test " + mailPort);
                    }
                    sound = false;
                }
                case 3 -> {
                    targets.add("");
                    sound = false;
                }
                case 4 -> {
                    o.putNull("targets");
                    sound = false;
                }
                default -> {
                    // as built
                }
            }
            return new Body(o, sound);
        }

        private Case command(String path, String template, String method, Map<String, String> query, String auth) {
            String text = "mail.test " + mailPort + " " + pick("plain", "PLAIN", "smtp plain", "auto");
            boolean sound = true;
            if (r.nextInt(4) == 0) {
                text = pick("", "  ", "mail.test", "{\"text\": \"mail.test " + mailPort + "\"}", "bad host!");
                // The chat grammar needs a port or a protocol: "mail.test" alone is a usage error there.
                sound = false;
            }
            if (r.nextBoolean()) {
                return new Case(path, template, method, query, "text/plain; charset=utf-8", text, auth, null, false);
            }
            ObjectNode o = F.objectNode();
            o.put("text", text);
            switch (r.nextInt(8)) {
                case 0 -> o.put("extra", true);
                case 1 -> o.putNull("text");
                case 2 -> o.put("text", 42);
                default -> {
                    return json(path, template, method, query, auth, new Body(o, sound), "CommandRequest");
                }
            }
            return json(path, template, method, query, auth, new Body(o, false), "CommandRequest");
        }

        private Case form(String path, String template, String method, Map<String, String> query) {
            String body = "host=" + pick("mail.test", "", "bad+host") + "&port="
                    + pick(Integer.toString(mailPort), "x", "") + "&transport=" + pick("plain", "auto", "TLS")
                    + "&protocol=" + pick("auto", "smtp", "IMAP");
            return new Case(
                    path,
                    template,
                    method,
                    query,
                    pick("application/x-www-form-urlencoded", "application/json"),
                    body,
                    null,
                    null,
                    false);
        }

        @SafeVarargs
        private <T> T pick(T... values) {
            return values[r.nextInt(values.length)];
        }
    }
}
