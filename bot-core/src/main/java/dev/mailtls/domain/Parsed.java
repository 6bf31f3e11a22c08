package dev.mailtls.domain;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a parser made of a published text (a TXT record, a policy file): the value when it is valid,
 * else every problem in words. Expected failures are data: nothing here throws for bad input.
 *
 * @param text the text as published, null when there was none to parse
 * @param value the parsed value, null unless the text is valid
 * @param problems why the text is invalid, each naming the offending part; empty when valid or absent
 * @param warnings things a valid text does that deserve a word (a repeated field whose first
 *     occurrence wins); never make it invalid
 */
public record Parsed<T>(@Nullable String text, @Nullable T value, List<String> problems, List<String> warnings) {

    /** Whether a text was published and whether it holds. */
    public enum Status {
        /** Nothing of this kind is published (no record, or only records of other kinds). */
        ABSENT,
        VALID,
        INVALID
    }

    public Parsed {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
        if (value != null && !problems.isEmpty()) {
            throw new IllegalArgumentException("a valid text has no problems: " + problems);
        }
        if (value == null && text != null && problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid text says what is wrong with it: " + text);
        }
    }

    static <T> Parsed<T> valid(String text, T value, List<String> warnings) {
        return new Parsed<>(text, Objects.requireNonNull(value, "value"), List.of(), warnings);
    }

    static <T> Parsed<T> invalid(@Nullable String text, List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid text says what is wrong with it");
        }
        return new Parsed<>(text, null, problems, List.of());
    }

    static <T> Parsed<T> absent() {
        return new Parsed<>(null, null, List.of(), List.of());
    }

    public Status status() {
        if (value != null) {
            return Status.VALID;
        }
        return problems.isEmpty() ? Status.ABSENT : Status.INVALID;
    }

    public boolean valid() {
        return value != null;
    }
}
