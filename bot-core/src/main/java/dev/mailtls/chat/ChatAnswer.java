package dev.mailtls.chat;

import dev.mailtls.card.Report;
import dev.mailtls.command.ProbeCommand;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.domain.DomainReport;
import dev.mailtls.probe.Failure;
import dev.mailtls.probe.FailureCode;
import dev.mailtls.service.ServiceResult;
import dev.mailtls.summary.GroupSummary;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a chat command came to, for a front end to render in its own format. A card or a matrix is
 * for the channel (unless the command said {@code private}); a throttle, a refusal or a failure is
 * for the person who asked only.
 */
public sealed interface ChatAnswer {

    /**
     * A probe's card, whatever the server's health.
     *
     * @param cachedAge how old the cached result is; null for a fresh probe
     * @param command what was asked: its Re-run button, its web link, {@code private}
     */
    record Card(Report report, @Nullable Duration cachedAge, ProbeCommand command) implements ChatAnswer {
        public Card {
            Objects.requireNonNull(report, "report");
            Objects.requireNonNull(command, "command");
        }
    }

    /** A provider preset's or a host scan's matrix. */
    record Matrix(GroupSummary summary) implements ChatAnswer {
        public Matrix {
            Objects.requireNonNull(summary, "summary");
        }
    }

    /** A domain check's report, for the domain card. */
    record DomainCard(DomainReport report, ChatAsk.Domain ask) implements ChatAnswer {
        public DomainCard {
            Objects.requireNonNull(report, "report");
            Objects.requireNonNull(ask, "ask");
        }
    }

    /**
     * This server cannot answer that kind of command (e.g. domain checks are not wired): our own
     * words, only to the person who asked.
     */
    record Unavailable(String message) implements ChatAnswer {
        public Unavailable {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * Over a throttle, or mailtls is busy: when to try again.
     *
     * @param fresh the command asked for {@code fresh}: without it, a cached result comes at once
     */
    record Throttled(ServiceResult.Throttled throttle, boolean fresh) implements ChatAnswer {
        /** Said after a throttled {@code fresh} command; our own words, chat Markdown. */
        public static final String FRESH_ADVICE = "Without `fresh`, a recent result comes from the cache at once.";

        public Throttled {
            Objects.requireNonNull(throttle, "throttle");
        }

        /** "fresh probes are limited: try again in 12 s": the reason may name the asker's target. */
        public String message() {
            return throttle.message();
        }

        public long retryAfterSeconds() {
            return throttle.retryAfterSeconds();
        }
    }

    /**
     * The address policy refused the target: nothing was probed, so no card, just why and what to
     * do, as the {@code ADDRESS_DENIED} hint says them.
     */
    record Denied(String summary, String fix) implements ChatAnswer {
        /** When the diagnosis has no {@code ADDRESS_DENIED} hint to quote. */
        static final Denied GENERIC = new Denied(
                "This mailtls does not probe that address or port.", "Probe a public mail server on a mail port.");

        public Denied {
            Objects.requireNonNull(summary, "summary");
            Objects.requireNonNull(fix, "fix");
        }

        /** The summary and the fix in one line. */
        public String text() {
            return fix.isBlank() ? summary : summary + " " + fix;
        }
    }

    /**
     * mailtls itself failed (a bug or broken infrastructure, logged with its cause): an apology,
     * never the cause.
     *
     * @param subject what was asked about: {@code host:port} or a group's name
     */
    record Failed(String subject) implements ChatAnswer {
        public Failed {
            Objects.requireNonNull(subject, "subject");
        }
    }

    /**
     * The service's answer to {@code command}: a throttle, an address-policy refusal (a result
     * whose failure is {@code ADDRESS_DENIED}), or the card.
     */
    static ChatAnswer of(ServiceResult result, Diagnoser diagnoser, ProbeCommand command) {
        return switch (result) {
            case ServiceResult.Throttled t -> new Throttled(t, command.has(ProbeCommand.Flag.FRESH));
            case ServiceResult.Probed p -> {
                Report report = Report.of(p.result(), diagnoser);
                Failure failure = p.result().failure();
                if (failure != null && failure.code() == FailureCode.ADDRESS_DENIED) {
                    yield denied(report);
                }
                yield new Card(report, p.cachedAge(), command);
            }
        };
    }

    private static Denied denied(Report report) {
        return report.hints().stream()
                .filter(h -> h.code() == HintCode.ADDRESS_DENIED)
                .findFirst()
                .map((Hint h) -> new Denied(h.summary(), h.fix()))
                .orElse(Denied.GENERIC);
    }
}
