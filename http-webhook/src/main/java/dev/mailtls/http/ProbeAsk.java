package dev.mailtls.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailtls.command.CommandParser;
import dev.mailtls.command.DidYouMean;
import dev.mailtls.command.ProbeCommand;
import dev.mailtls.command.UsageException;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.ProbeRequest;
import dev.mailtls.service.ServiceLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One probe as asked over HTTP: the target in the shared grammar, the options, and whether to skip
 * the cache. Both request shapes ({@code {host, port, ...}} and {@code {text}}) end here, through
 * the same {@link CommandParser} as chat and the CLI, so they accept and refuse the same things.
 */
record ProbeAsk(ProbeCommand command, ProbeOptions options, boolean fresh) {

    /** The JSON fields of {@code POST /api/v1/probes}, in the order the usage lists them. */
    static final List<String> FIELDS = List.of(
            "host",
            "port",
            "transport",
            "protocol",
            "fresh",
            "auth",
            "timeoutSeconds",
            "ehloName",
            "sni",
            "tlsVersion",
            "legacyCheck",
            "deep");

    static final int MAX_TIMEOUT_SECONDS = 60;

    static final String USAGE = CommandParser.USAGE
            + "\nJSON: {\"host\": \"smtp.gmail.com\", \"port\": 587, \"transport\": \"starttls\", \"protocol\": \"smtp\","
            + " \"fresh\": false, \"auth\": false, \"timeoutSeconds\": 15, \"ehloName\": \"mailtls.invalid\","
            + " \"sni\": null, \"tlsVersion\": null, \"legacyCheck\": true, \"deep\": false}; only host is"
            + " required. A deep probe (every TLS version and suite) makes many connections: its deadline is"
            + " 60 s unless timeoutSeconds is given, it counts as " + ServiceLimits.DEEP_COST + " fresh probes,"
            + " and one runs per server address every "
            + ServiceLimits.DEEP_PER_ADDRESS.per().toMinutes()
            + " min."
            + "\nOr the chat grammar: {\"text\": \"smtp.gmail.com 587 starttls\"}";

    /** The request, with the command's flags ({@code auth}) applied to the options. */
    ProbeRequest request() {
        return command.toRequest(options);
    }

    /** {@code {"text": "smtp.gmail.com 587 starttls [fresh] [auth] [deep]"}}. */
    static ProbeAsk fromText(String text, ProbeOptions base) throws ProblemException {
        try {
            // The command's flags are its own: auth is applied by toRequest, fresh skips the cache.
            ProbeCommand c = CommandParser.parse(text);
            return new ProbeAsk(c, base, c.has(ProbeCommand.Flag.FRESH));
        } catch (UsageException e) {
            throw new ProblemException(Problem.usage(e.getMessage(), USAGE));
        }
    }

    /** A {@code {"text": ...}} object, or a {@code {host, ...}} object. */
    static ProbeAsk fromJson(JsonNode node, ProbeOptions base) throws ProblemException {
        if (!node.isObject()) {
            throw usage("each target must be a JSON object, e.g. {\"host\": \"smtp.gmail.com\", \"port\": 587}");
        }
        if (node.has("text")) {
            if (node.size() != 1 || !node.get("text").isTextual()) {
                throw usage("{\"text\": ...} takes one string and no other field");
            }
            return fromText(node.get("text").asText(), base);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw usage("unknown field '" + printable(name) + "'; the fields are " + String.join(", ", FIELDS));
            }
        }
        List<String> words = new ArrayList<>();
        words.add(text(node, "host", true));
        JsonNode p = node.get("port");
        if (p != null && !p.isNull()) {
            // A JSON integer only, as the schema says: "587" is a string, 587.0 a fraction.
            if (!p.isIntegralNumber() || !p.canConvertToInt()) {
                throw usage("port must be a number from 1 to 65535 (a JSON integer, not "
                        + (p.isTextual() ? "a string" : "'" + printable(p.toString()) + "'") + ")");
            }
            words.add(Integer.toString(p.intValue()));
        }
        String transport = word(node, "transport", TRANSPORTS);
        String protocol = word(node, "protocol", PROTOCOLS);
        if (transport != null) {
            words.add(transport);
        }
        if (protocol != null) {
            words.add(protocol);
        }
        ProbeCommand command;
        try {
            // Only host is required: with neither port nor protocol (nor a smtp./imap./pop. host name),
            // the target is SMTP on its default port.
            command = CommandParser.parse(words, Protocol.SMTP);
        } catch (UsageException e) {
            throw new ProblemException(Problem.usage(e.getMessage(), USAGE));
        }
        ProbeOptions o = base;
        if (bool(node, "auth", false)) {
            o = o.withAuthProbe(true, null, false);
        }
        if (node.hasNonNull("timeoutSeconds")) {
            JsonNode t = node.get("timeoutSeconds");
            if (!t.isNumber() || t.asDouble() < 1 || t.asDouble() > MAX_TIMEOUT_SECONDS) {
                throw usage("timeoutSeconds must be a number from 1 to " + MAX_TIMEOUT_SECONDS);
            }
            o = o.withDeadline(Duration.ofMillis((long) (t.asDouble() * 1000)));
        }
        try {
            String ehlo = text(node, "ehloName", false);
            if (ehlo != null) {
                o = o.withEhloName(ehlo);
            }
            String sni = text(node, "sni", false);
            if (sni != null) {
                o = o.withSniName(sni);
            }
            String version = word(node, "tlsVersion", TLS_VERSIONS);
            if (version != null) {
                o = o.withTlsVersion(tlsVersion(version));
            }
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        o = o.withLegacyTlsCheck(bool(node, "legacyCheck", base.legacyTlsCheck()));
        if (bool(node, "deep", false)) {
            // The grammar's word deep, with the deadline chosen here: 60 s unless timeoutSeconds says.
            command = command.with(ProbeCommand.Flag.DEEP);
            o = o.withDeep(true);
            if (!node.hasNonNull("timeoutSeconds")) {
                o = o.withDeadline(ProbeOptions.DEEP_DEADLINE);
            }
        }
        return new ProbeAsk(command, o, bool(node, "fresh", false));
    }

    /**
     * The exact values the JSON fields take, as openapi.json lists them: the shared grammar's words
     * for each, lower case. The chat grammar ({@code text}) stays case-insensitive.
     */
    static final List<String> TRANSPORTS = words(Transport.values(), Transport::id, Transport.ALIASES);

    static final List<String> PROTOCOLS = words(Protocol.values(), Protocol::id, Protocol.ALIASES);

    /** "auto", then each value's id, then the aliases: the grammar's own words, in its order. */
    private static <E> List<String> words(E[] values, java.util.function.Function<E, String> id, List<String> aliases) {
        List<String> words = new ArrayList<>(List.of("auto"));
        for (E v : values) {
            words.add(id.apply(v));
        }
        words.addAll(aliases);
        return List.copyOf(words);
    }

    static final List<String> TLS_VERSIONS = List.of("1.2", "1.3", "TLSv1.2", "TLSv1.3", "tls1.2", "tls1.3");

    /** A field that takes one of {@code values}, exactly; null when absent or null. */
    private static @Nullable String word(JsonNode node, String field, List<String> values) throws ProblemException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || !values.contains(v.asText())) {
            String suggestion = v.isTextual()
                    ? DidYouMean.closest(v.asText(), values)
                            .map(w -> ": did you mean " + w + "?")
                            .orElse("")
                    : "";
            throw usage(field + " must be one of " + String.join(", ", values) + "; was "
                    + (v.isTextual() ? "'" + printable(v.asText()) + "'" : printable(v.toString())) + suggestion);
        }
        return v.asText();
    }

    private static String tlsVersion(String v) {
        return switch (v) {
            case "1.2", "TLSv1.2", "tls1.2" -> "TLSv1.2";
            case "1.3", "TLSv1.3", "tls1.3" -> "TLSv1.3";
            default -> throw new IllegalArgumentException("tlsVersion must be 1.2 or 1.3, was '" + printable(v) + "'");
        };
    }

    private static String text(JsonNode node, String field, boolean required) throws ProblemException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw usage(field + " is required");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw usage(field + " must be a non-empty string");
        }
        return v.asText().strip();
    }

    private static boolean bool(JsonNode node, String field, boolean absent) throws ProblemException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isBoolean()) {
            throw usage(field + " must be true or false");
        }
        return v.asBoolean();
    }

    private static ProblemException usage(String detail) {
        return new ProblemException(Problem.usage(detail, USAGE));
    }

    /** Echoes of the caller's input are cut short and kept printable. */
    static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return cut.replaceAll("[\\p{Cntrl}\\p{Cf}]", "?");
    }
}
