package dev.mailtls.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailtls.card.JsonRenderer;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Status;
import dev.mailtls.service.ProbeService;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code POST /api/v1/probes}, {@code /api/v1/commands} and {@code /api/v1/probes/batch}: parse,
 * ask the service, answer in the format asked for. The status code tells a runbook what
 * happened: 200 (a card, {@code status} in the body), 400/415/422 (bad input), 403 (address
 * policy), 429 (throttled, with Retry-After).
 */
final class ApiRoutes {
    static final String PROBES = "/api/v1/probes";
    static final String COMMANDS = "/api/v1/commands";
    static final String BATCH = "/api/v1/probes/batch";

    private final HttpSettings settings;
    private final ProbeService service;
    private final ObjectMapper mapper;
    private final RenderedCards cards;
    private final RecentAsks probeBodies = new RecentAsks();
    private final RecentAsks commandBodies = new RecentAsks();
    private final RecentAsks commandTexts = new RecentAsks();

    ApiRoutes(HttpSettings settings, ProbeService service, Diagnoser diagnoser, ObjectMapper mapper) {
        this.settings = settings;
        this.service = service;
        this.mapper = mapper;
        this.cards = new RenderedCards(diagnoser);
    }

    void probe(Context ctx, String requester) throws ProblemException {
        ResponseFormat format = format(ctx);
        boolean transcript = transcript(ctx);
        requireJsonType(ctx);
        ProbeAsk ask = probeBodies.read(body(ctx), text -> ProbeAsk.fromJson(json(text), settings.probeOptions()));
        send(ctx, answer(ask, requester), format, transcript);
    }

    void command(Context ctx, String requester) throws ProblemException {
        ResponseFormat format = format(ctx);
        boolean transcript = transcript(ctx);
        ProbeAsk ask;
        if (isTextPlain(ctx)) {
            ask = commandTexts.read(body(ctx), text -> ProbeAsk.fromText(text, settings.probeOptions()));
        } else {
            requireJsonType(ctx);
            ask = commandBodies.read(body(ctx), raw -> {
                JsonNode body = json(raw);
                JsonNode text = body.get("text");
                if (!body.isObject() || body.size() != 1 || text == null || !text.isTextual()) {
                    throw new ProblemException(Problem.usage(
                            "the body must be {\"text\": \"<host> [port] [transport] [protocol]\"}", ProbeAsk.USAGE));
                }
                return ProbeAsk.fromText(text.asText(), settings.probeOptions());
            });
        }
        send(ctx, answer(ask, requester), format, transcript);
    }

    void batch(Context ctx, String requester) throws ProblemException {
        ResponseFormat format = format(ctx);
        boolean transcript = transcript(ctx);
        JsonNode body = jsonBody(ctx);
        JsonNode targets = body.get("targets");
        if (!body.isObject() || targets == null || !targets.isArray() || targets.isEmpty()) {
            throw new ProblemException(Problem.usage(
                    "the body must be {\"targets\": [...]} with 1 to " + settings.maxBatchTargets()
                            + " targets, each a probe object or a command string",
                    ProbeAsk.USAGE));
        }
        if (targets.size() > settings.maxBatchTargets()) {
            throw new ProblemException(Problem.usage(
                    "a batch holds at most " + settings.maxBatchTargets() + " targets, this one has " + targets.size(),
                    ProbeAsk.USAGE));
        }
        JsonNode freshNode = body.get("fresh");
        if (freshNode != null && !freshNode.isNull() && !freshNode.isBoolean()) {
            throw new ProblemException(Problem.usage("fresh must be true or false", ProbeAsk.USAGE));
        }
        boolean fresh = freshNode != null && freshNode.asBoolean();
        // Every target is checked before any is probed: a typo fails the whole batch at once.
        List<ProbeAsk> asks = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            JsonNode t = targets.get(i);
            try {
                ProbeAsk a = t.isTextual()
                        ? ProbeAsk.fromText(t.asText(), settings.probeOptions())
                        : ProbeAsk.fromJson(t, settings.probeOptions());
                asks.add(fresh ? new ProbeAsk(a.command(), a.options(), true) : a);
            } catch (ProblemException e) {
                Problem p = e.problem();
                throw new ProblemException(new Problem(
                        p.type(), p.title(), p.status(), "targets[" + i + "]: " + p.detail(), p.usage(), null));
            }
        }
        List<Answer> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Answer>> futures = new ArrayList<>();
            for (ProbeAsk a : asks) {
                futures.add(pool.submit(() -> answer(a, requester)));
            }
            for (Future<Answer> f : futures) {
                answers.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing a batch", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a batch probe failed", e.getCause());
        }
        ctx.status(200).contentType(format.contentType()).result(renderBatch(answers, format, transcript));
    }

    private Answer answer(ProbeAsk ask, String requester) {
        return cards.answer(service.submit(ask.request(), requester, ask.fresh()), ask.command());
    }

    private void send(Context ctx, Answer answer, ResponseFormat format, boolean transcript) {
        switch (answer) {
            case Answer.Carded c ->
                ctx.status(200)
                        .contentType(format.contentType())
                        .result(format == ResponseFormat.JSON ? cards.json(c) : c.render(format, transcript));
            case Answer.Refused r -> WebServer.problem(ctx, r.problem(), mapper);
        }
    }

    private String renderBatch(List<Answer> answers, ResponseFormat format, boolean transcript) {
        Status worst = Status.OK;
        for (Answer a : answers) {
            Status s = a instanceof Answer.Carded c ? c.report().status() : Status.FAILURE;
            worst = s.compareTo(worst) > 0 ? s : worst;
        }
        if (format == ResponseFormat.JSON) {
            JsonRenderer json = Answer.JSON;
            ObjectNode o = mapper.createObjectNode();
            o.put("schemaVersion", JsonRenderer.SCHEMA_VERSION);
            o.put("status", worst.id());
            ArrayNode results = o.putArray("results");
            for (Answer a : answers) {
                ObjectNode item = results.addObject();
                item.put("httpStatus", a.httpStatus());
                switch (a) {
                    case Answer.Carded c -> item.set("result", c.json(json));
                    case Answer.Refused r -> item.set("problem", r.problem().toJson(mapper));
                }
            }
            return json.write(o);
        }
        StringBuilder out = new StringBuilder();
        out.append(format == ResponseFormat.MARKDOWN ? "**Batch: " : "Batch: ")
                .append(worst.id())
                .append(format == ResponseFormat.MARKDOWN ? "**" : "")
                .append(" (")
                .append(answers.size())
                .append(" targets)\n");
        for (Answer a : answers) {
            out.append(format == ResponseFormat.MARKDOWN ? "\n---\n\n" : "\n");
            switch (a) {
                case Answer.Carded c -> out.append(c.render(format, transcript));
                case Answer.Refused r ->
                    out.append(r.problem().status())
                            .append(' ')
                            .append(r.problem().title())
                            .append(": ")
                            .append(r.problem().detail())
                            .append('\n');
            }
        }
        return out.toString();
    }

    /** {@code ?transcript=true|false}, exactly (a boolean in openapi.json); absent is false. */
    private static boolean transcript(Context ctx) throws ProblemException {
        once(ctx, "transcript");
        String t = ctx.queryParam("transcript");
        if (t == null || t.equals("false")) {
            return false;
        }
        if (t.equals("true")) {
            return true;
        }
        throw new ProblemException(Problem.malformed(
                "transcript must be true or false (lower case), was '" + ProbeAsk.printable(t) + "'"));
    }

    static ResponseFormat format(Context ctx) throws ProblemException {
        once(ctx, "format");
        try {
            return ResponseFormat.choose(ctx.queryParam("format"), ctx.header("Accept"));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.of("format", "Unknown format", 400, e.getMessage()));
        }
    }

    /**
     * A query parameter given twice is refused rather than one of them picked, as with a JSON
     * member given twice: a proxy or a log may have read the other one.
     */
    static void once(Context ctx, String name) throws ProblemException {
        if (ctx.queryParams(name).size() > 1) {
            throw new ProblemException(Problem.malformed("'" + name + "' is given more than once; give it once"));
        }
    }

    private static boolean isTextPlain(Context ctx) {
        String type = ctx.contentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("text/plain");
    }

    private String body(Context ctx) throws ProblemException {
        byte[] bytes = bodyBytes(ctx);
        if (bytes.length > settings.maxBodyBytes()) {
            throw new ProblemException(tooLarge(settings));
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The body, read into an array of its declared length when it has one within the limit: a card
     * request is a hundred bytes, and Javalin's reader copies it through an 8 KB buffer and a
     * growing one. A chunked body (no length) and one over the limit go through Javalin's reader.
     */
    private byte[] bodyBytes(Context ctx) throws ProblemException {
        long length = ctx.req().getContentLengthLong();
        if (length < 0 || length > settings.maxBodyBytes()) {
            // Javalin's reader refuses a body over the limit as it always did (413), reading enough
            // of it that the client, still sending, gets the answer rather than a reset.
            return ctx.bodyAsBytes();
        }
        try {
            byte[] bytes = ctx.req().getInputStream().readNBytes((int) length);
            if (bytes.length != length) {
                throw new ProblemException(Problem.malformed("the body ended before its Content-Length"));
            }
            return bytes;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read a request body", e);
        }
    }

    JsonNode jsonBody(Context ctx) throws ProblemException {
        requireJsonType(ctx);
        return json(body(ctx));
    }

    /** A body's text as strict JSON, or the problem that says why it is not. */
    private JsonNode json(String text) throws ProblemException {
        if (text.isBlank()) {
            throw new ProblemException(Problem.malformed("the request body is empty; send JSON"));
        }
        try {
            return mapper.readTree(text);
        } catch (StreamConstraintsException e) {
            // Raised before the parser has a location (getLocation() is null): say which bound was hit.
            throw new ProblemException(Problem.malformed("the body is not acceptable JSON: nested deeper than "
                    + JsonBodies.MAX_NESTING_DEPTH + " levels, or a number or string too long"));
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            throw new ProblemException(Problem.malformed("the body is not valid JSON"
                    + (where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")")
                    + (e instanceof MismatchedInputException && e.getMessage().startsWith("Trailing token")
                            ? ": something follows the JSON value"
                            : "")));
        }
    }

    /**
     * A JSON endpoint reads only a JSON media type (RFC 8259 §11: {@code application/json}, or a
     * {@code +json} suffix per RFC 6839): a form or text body is refused with 415, not guessed at. A
     * body without a Content-Type is read as JSON, as it always was.
     */
    private static void requireJsonType(Context ctx) throws ProblemException {
        String type = ctx.header("Content-Type");
        if (type == null || type.isBlank() || JsonBodies.isJsonMediaType(type)) {
            return;
        }
        throw new ProblemException(Problem.of(
                        "unsupported-media-type",
                        "Unsupported media type",
                        415,
                        "send the body as 'Content-Type: application/json', not '" + ProbeAsk.printable(type) + "'")
                .withUsage(ProbeAsk.USAGE));
    }

    static Problem tooLarge(HttpSettings settings) {
        return Problem.of(
                "too-large",
                "Request too large",
                413,
                "request bodies are limited to " + settings.maxBodyBytes() + " bytes");
    }
}
