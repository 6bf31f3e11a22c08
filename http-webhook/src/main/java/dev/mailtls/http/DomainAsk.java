package dev.mailtls.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailtls.domain.DomainCheck;
import dev.mailtls.domain.DomainChecks;
import dev.mailtls.domain.DomainReport;
import dev.mailtls.service.ServiceResult;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One domain check as asked over HTTP ({@code POST /api/v1/domains}, the web page's domain form):
 * the domain, normalised by {@link DomainCheck#normalise}, and whether to probe the MX hosts again.
 */
record DomainAsk(String domain, boolean fresh) {

    /** The JSON fields of {@code POST /api/v1/domains}, in the order openapi.json lists them. */
    static final List<String> FIELDS = List.of("domain", "fresh");

    static final String USAGE = "JSON: {\"domain\": \"example.com\", \"fresh\": false}; only domain is required."
            + " The domain is the part of a mail address after the @.";

    /** Answered when the server was started without domain checks. */
    static final Problem NOT_CONFIGURED = Problem.of(
            "not-configured",
            "Domain checks not configured",
            503,
            "domain checks are not configured on this server; probes of single servers still work");

    /** What one domain check came to over HTTP: a report (200, whatever the domain's health), or a problem. */
    sealed interface Outcome {
        record Checked(DomainReport report) implements Outcome {}

        record Refused(Problem problem) implements Outcome {}
    }

    /** A {@code {"domain": ..., "fresh": ...}} object. */
    static DomainAsk fromJson(JsonNode node) throws ProblemException {
        if (!node.isObject()) {
            throw malformed("the body must be a JSON object, e.g. {\"domain\": \"example.com\"}");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw malformed("unknown field '" + ProbeAsk.printable(name) + "'; the fields are "
                        + String.join(", ", FIELDS));
            }
        }
        JsonNode d = node.get("domain");
        if (d == null || d.isNull()) {
            throw malformed("domain is required");
        }
        if (!d.isTextual()) {
            throw malformed("domain must be a string, e.g. \"example.com\"");
        }
        JsonNode f = node.get("fresh");
        if (f != null && !f.isNull() && !f.isBoolean()) {
            throw malformed("fresh must be true or false");
        }
        return of(d.asText(), f != null && f.asBoolean());
    }

    /**
     * @throws ProblemException 400 naming the field {@code domain}, with {@link DomainCheck#normalise}'s
     *     reason, when the text is not a mail domain
     */
    static DomainAsk of(String text, boolean fresh) throws ProblemException {
        try {
            return new DomainAsk(DomainCheck.normalise(text), fresh);
        } catch (IllegalArgumentException e) {
            // The reason quotes the input: cut short and kept printable, as every echo of the caller's input.
            String reason = String.valueOf(e.getMessage()).replace(text.strip(), ProbeAsk.printable(text.strip()));
            throw new ProblemException(Problem.of("invalid-domain", "Invalid domain", 400, "domain: " + reason)
                    .withUsage(USAGE));
        }
    }

    /** Runs the check for {@code requester}; {@code checks} null means the server has none. */
    Outcome run(@Nullable DomainChecks checks, String requester) {
        if (checks == null) {
            return new Outcome.Refused(NOT_CONFIGURED);
        }
        return switch (checks.check(domain, requester, fresh)) {
            case DomainChecks.Answer.Checked c -> new Outcome.Checked(c.report());
            case DomainChecks.Answer.Throttled t -> new Outcome.Refused(throttled(t.throttled()));
        };
    }

    private static Problem throttled(ServiceResult.Throttled t) {
        return Problem.of("throttled", "Too many checks", 429, t.message()).withRetryAfter(t.retryAfterSeconds());
    }

    private static ProblemException malformed(String detail) {
        return new ProblemException(Problem.malformed(detail).withUsage(USAGE));
    }
}
