package dev.mailtls.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 9457 problem detail: what went wrong, for a person ({@code detail}) and for a script
 * ({@code status}, {@code type}). Bad input carries the command's usage text.
 *
 * @param type a stable URN per kind of problem, e.g. {@code urn:mailtls:problem:usage}
 * @param retryAfterSeconds set for 429, echoing the Retry-After header
 */
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        @Nullable String usage,
        @Nullable Long retryAfterSeconds) {

    public static final String CONTENT_TYPE = "application/problem+json";

    public static Problem of(String kind, String title, int status, String detail) {
        return new Problem("urn:mailtls:problem:" + kind, title, status, detail, null, null);
    }

    public Problem withUsage(String usageText) {
        return new Problem(type, title, status, detail, usageText, retryAfterSeconds);
    }

    public Problem withRetryAfter(long seconds) {
        return new Problem(type, title, status, detail, usage, seconds);
    }

    static Problem malformed(String detail) {
        return of("malformed", "Malformed request", 400, detail);
    }

    static Problem usage(String detail, String usageText) {
        return of("usage", "Invalid target or option", 422, detail).withUsage(usageText);
    }

    static Problem unauthorized(String detail) {
        return of("unauthorized", "Bearer token required", 401, detail);
    }

    ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        o.put("type", type);
        o.put("title", title);
        o.put("status", status);
        o.put("detail", detail);
        if (usage != null) {
            o.put("usage", usage);
        }
        if (retryAfterSeconds != null) {
            o.put("retryAfterSeconds", retryAfterSeconds);
        }
        return o;
    }
}
