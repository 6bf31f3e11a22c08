package dev.mailtls.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mailtls.card.JsonRenderer;
import dev.mailtls.card.Report;
import dev.mailtls.command.ProbeCommand;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.service.ServiceResult;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The diagnosis and the API's JSON of each probe result, made once and kept beside it: a result
 * served from the service's cache is diagnosed and written once, not per request (a diagnosis and
 * a 5 KB JSON document per request were most of a cached card's cost). Only {@code
 * cachedAgeSeconds}, the JSON's last field, differs between requests; it is appended to the written
 * prefix, so the answer is byte for byte what writing the whole tree gives.
 *
 * <p>Keyed by the result object (weak keys, compared by identity): an entry lives while the
 * service's cache or a request holds its result, and never longer than it takes a garbage
 * collection to notice. A diagnosis is a function of the result alone (its time is the probe's
 * {@code startedAt}), so a kept one is the one a new diagnosis would give.
 */
final class RenderedCards {
    /** Characters of JSON kept at most (about as many bytes: cards are mostly ASCII). */
    static final long MAX_JSON_CHARS = 32L * 1024 * 1024;

    private static final String AGE_FIELD = "\"cachedAgeSeconds\":";
    private static final String NULL_END = AGE_FIELD + "null}";
    private static final JsonRenderer JSON = new JsonRenderer(false);

    private final Diagnoser diagnoser;
    private final Cache<ProbeResult, Rendered> byResult;

    private static final class Rendered {
        final Report report;
        volatile @Nullable String jsonHead;

        Rendered(Report report) {
            this.report = report;
        }

        int weight() {
            String head = jsonHead;
            return 1_000 + (head == null ? 0 : head.length());
        }
    }

    RenderedCards(Diagnoser diagnoser) {
        this.diagnoser = diagnoser;
        this.byResult = Caffeine.newBuilder()
                .weakKeys()
                // Upkeep on the calling thread: read on every cache hit, this cache's upkeep sent to the
                // common pool woke a thread there hundreds of times a second, to wait for the cache's lock.
                .executor(Runnable::run)
                .maximumWeight(MAX_JSON_CHARS)
                .weigher((ProbeResult r, Rendered v) -> v.weight())
                .build();
    }

    /** {@link Answer#of}, with the diagnosis of a result already answered taken from here. */
    Answer answer(ServiceResult result, ProbeCommand command) {
        if (result instanceof ServiceResult.Probed p) {
            Rendered known = byResult.getIfPresent(p.result());
            if (known != null) {
                return new Answer.Carded(known.report, p.cachedAge());
            }
        }
        Answer a = Answer.of(result, diagnoser, command);
        if (a instanceof Answer.Carded c) {
            // Only a result that made a card is kept: the same result always makes the same answer.
            byResult.asMap().putIfAbsent(c.report().result(), new Rendered(c.report()));
        }
        return a;
    }

    /** The card's JSON as {@link Answer.Carded#render} writes it, with this request's age. */
    String json(Answer.Carded card) {
        Rendered r = byResult.get(card.report().result(), k -> new Rendered(card.report()));
        String head = r.jsonHead;
        if (head == null) {
            head = head(new Answer.Carded(r.report, null));
            r.jsonHead = head;
            // Weighed again with its JSON (Caffeine weighs an entry when it is written).
            byResult.asMap().replace(card.report().result(), r, r);
        }
        Duration age = card.cachedAge();
        return head + (age == null ? "null" : Long.toString(age.toSeconds())) + "}";
    }

    /** The whole JSON of a card without an age, less its final {@code null}}. */
    private static String head(Answer.Carded withoutAge) {
        String whole = JSON.write(withoutAge.json(JSON));
        if (!whole.endsWith(NULL_END)) {
            throw new IllegalStateException("a card's JSON no longer ends with " + NULL_END);
        }
        return whole.substring(0, whole.length() - "null}".length());
    }
}
