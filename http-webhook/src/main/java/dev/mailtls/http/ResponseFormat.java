package dev.mailtls.http;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The three shapes of a card over HTTP, chosen by {@code ?format=} or else by {@code Accept}. */
public enum ResponseFormat {
    JSON("application/json"),
    TEXT("text/plain; charset=utf-8"),
    MARKDOWN("text/markdown; charset=utf-8");

    private final String contentType;

    ResponseFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /**
     * {@code ?format=json|text|markdown} wins (aliases {@code txt}, {@code plain}, {@code md}),
     * written exactly so, as openapi.json lists them; else the first {@code Accept} type we make;
     * else JSON.
     *
     * @throws IllegalArgumentException for any other {@code format} value, empty included
     */
    public static ResponseFormat choose(@Nullable String formatParam, @Nullable String accept) {
        if (formatParam != null) {
            return switch (formatParam) {
                case "json" -> JSON;
                case "text", "txt", "plain" -> TEXT;
                case "markdown", "md" -> MARKDOWN;
                default ->
                    throw new IllegalArgumentException("format must be json, text, txt, plain, markdown or md"
                            + " (lower case), was '" + printable(formatParam) + "'");
            };
        }
        if (accept != null) {
            for (String part : accept.split(",")) {
                String type = part.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
                switch (type) {
                    case "application/json", "application/problem+json" -> {
                        return JSON;
                    }
                    case "text/plain" -> {
                        return TEXT;
                    }
                    case "text/markdown", "text/x-markdown" -> {
                        return MARKDOWN;
                    }
                    default -> {
                        // try the next one
                    }
                }
            }
        }
        return JSON;
    }

    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return cut.replaceAll("[\\p{Cntrl}\\p{Cf}]", "?");
    }
}
