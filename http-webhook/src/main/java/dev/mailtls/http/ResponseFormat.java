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
     * {@code ?format=json|text|markdown} wins (aliases {@code txt}, {@code md}); else the first
     * {@code Accept} type we make; else JSON.
     *
     * @throws IllegalArgumentException for an unknown {@code format} value
     */
    public static ResponseFormat choose(@Nullable String formatParam, @Nullable String accept) {
        if (formatParam != null && !formatParam.isBlank()) {
            return switch (formatParam.strip().toLowerCase(Locale.ROOT)) {
                case "json" -> JSON;
                case "text", "txt", "plain" -> TEXT;
                case "markdown", "md" -> MARKDOWN;
                default ->
                    throw new IllegalArgumentException(
                            "format must be json, text or markdown, was '" + formatParam.strip() + "'");
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
}
