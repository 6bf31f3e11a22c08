package dev.mailtls.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailtls.card.Card;
import dev.mailtls.card.JsonRenderer;
import dev.mailtls.card.MarkdownRenderer;
import dev.mailtls.card.Report;
import dev.mailtls.card.TextRenderer;
import dev.mailtls.chat.ChatAnswer;
import dev.mailtls.command.ProbeCommand;
import dev.mailtls.command.TryCommand;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.service.ServiceResult;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What one probe request came to over HTTP: a card (200, whatever the server's health), or a
 * problem (403 when the address policy refused the target, 429 when throttled).
 */
sealed interface Answer {
    /** One renderer for every answer: its ObjectMapper is thread-safe and costly to make. */
    JsonRenderer JSON = new JsonRenderer(false);

    int httpStatus();

    /** A probe result, perhaps from the cache. */
    record Carded(Report report, @Nullable Duration cachedAge) implements Answer {
        @Override
        public int httpStatus() {
            return 200;
        }

        Card card() {
            return card(TryCommand.Form.CLI);
        }

        /** The card with the probes its hints suggest in {@code form}: a link on the web page. */
        Card card(TryCommand.Form form) {
            return Card.of(report, form).withCachedAge(cachedAge);
        }

        /** The JSON schema's tree, plus {@code cachedAgeSeconds} (null for a fresh probe). */
        ObjectNode json(JsonRenderer renderer) {
            ObjectNode tree = renderer.tree(report);
            if (cachedAge == null) {
                tree.putNull("cachedAgeSeconds");
            } else {
                tree.put("cachedAgeSeconds", cachedAge.toSeconds());
            }
            return tree;
        }

        String render(ResponseFormat format, boolean transcript) {
            return switch (format) {
                case JSON -> JSON.write(json(JSON));
                case TEXT -> new TextRenderer(false, transcript).render(card());
                case MARKDOWN -> new MarkdownRenderer(transcript).render(card());
            };
        }
    }

    /** A refusal, as problem+json. */
    record Refused(Problem problem) implements Answer {
        @Override
        public int httpStatus() {
            return problem.status();
        }
    }

    /**
     * The service's answer to {@code command} seen from HTTP: the chat use case's reading of it
     * ({@link ChatAnswer#of}: a card, a throttle, an address-policy refusal) as a status and a body.
     */
    static Answer of(ServiceResult result, Diagnoser diagnoser, ProbeCommand command) {
        return switch (ChatAnswer.of(result, diagnoser, command)) {
            case ChatAnswer.Card c -> new Carded(c.report(), c.cachedAge());
            case ChatAnswer.Throttled t ->
                new Refused(Problem.of("throttled", "Too many probes", 429, t.message())
                        .withRetryAfter(t.retryAfterSeconds()));
            case ChatAnswer.Denied d ->
                new Refused(Problem.of("address-denied", "Target refused by the address policy", 403, d.text()));
            case ChatAnswer.Failed f -> throw new IllegalStateException("the service does not fail softly: " + f);
            case ChatAnswer.Matrix m -> throw new IllegalStateException("a probe answered with a matrix");
            case ChatAnswer.DomainCard d -> throw new IllegalStateException("a probe answered with a domain card");
            case ChatAnswer.Unavailable u -> throw new IllegalStateException("a probe answered: " + u.message());
        };
    }
}
