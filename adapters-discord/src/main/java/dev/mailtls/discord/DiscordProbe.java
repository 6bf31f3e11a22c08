package dev.mailtls.discord;

import dev.mailtls.card.Card;
import dev.mailtls.card.Report;
import dev.mailtls.command.CommandParser;
import dev.mailtls.command.ProbeCommand;
import dev.mailtls.command.UsageException;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.probe.Failure;
import dev.mailtls.probe.FailureCode;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.ServiceResult;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One {@code /mailtls} from options to answer, for both the gateway and the HTTP endpoint: the
 * options become the shared grammar's words, {@link CommandParser} reads them (so its errors are
 * the CLI's and Slack's), and {@link ProbeService} runs the probe under its throttles and policy.
 */
public final class DiscordProbe {

    /** What a command asks for, known before any network: an immediate answer, or a probe. */
    public sealed interface Ask {
        /** Help or a usage error: shown at once, only to the person who asked. */
        record Answer(String text) implements Ask {}

        /** A valid command to run. */
        record Probe(ProbeCommand command, boolean fresh, boolean isPrivate) implements Ask {}
    }

    /** What a probe came to. */
    public sealed interface Reply {
        /** A card to show in the channel (or privately, when asked). */
        record Carded(Card card, TranscriptFile file) implements Reply {}

        /** Throttled or refused by policy: what to do, only to the person who asked. */
        record Notice(String text) implements Reply {}
    }

    private final ProbeService service;
    private final Diagnoser diagnoser;
    private final ProbeOptions options;

    /** @param options the server's probe options (deadline, CA file, EHLO name) */
    public DiscordProbe(ProbeService service, Diagnoser diagnoser, ProbeOptions options) {
        this.service = Objects.requireNonNull(service, "service");
        this.diagnoser = Objects.requireNonNull(diagnoser, "diagnoser");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Parses the options with the shared grammar; never touches the network. */
    public static Ask ask(DiscordCommand.Options o) {
        if (o.wantsHelp()) {
            return new Ask.Answer(help());
        }
        try {
            ProbeCommand c = CommandParser.parse(o.words());
            return new Ask.Probe(c, c.has(ProbeCommand.Flag.FRESH), c.has(ProbeCommand.Flag.PRIVATE));
        } catch (UsageException e) {
            return new Ask.Answer("⚠ " + DiscordText.prose(Objects.requireNonNullElse(e.getMessage(), "bad command"))
                    + "\nTry `/mailtls host:smtp.gmail.com port:587`, or `/mailtls host:help`.");
        }
    }

    /** Runs the probe for {@code requester} ("discord:guild:user"); blocks up to the probe's deadline. */
    public Reply run(Ask.Probe probe, String requester) {
        ServiceResult result = service.submit(probe.command().toRequest(options), requester, probe.fresh());
        return switch (result) {
            case ServiceResult.Throttled t -> new Reply.Notice("⏳ " + DiscordText.prose(t.message()) + ".");
            case ServiceResult.Probed p -> {
                Report report = Report.of(p.result(), diagnoser);
                Failure f = p.result().failure();
                if (f != null && f.code() == FailureCode.ADDRESS_DENIED) {
                    yield new Reply.Notice(refusal(report));
                }
                Card card = Card.of(report).withCachedAge(p.cachedAge());
                yield new Reply.Carded(
                        card,
                        TranscriptFile.of(
                                card,
                                p.result().target().host(),
                                p.result().target().port()));
            }
        };
    }

    /** The address policy said no: its summary and what to do, as the ADDRESS_DENIED hint says them. */
    private static String refusal(Report report) {
        @Nullable
        Hint h = report.hints().stream()
                .filter(x -> x.code() == HintCode.ADDRESS_DENIED)
                .findFirst()
                .orElse(null);
        String text = h == null ? FailureCode.ADDRESS_DENIED.meaning() + "." : h.summary() + " " + h.fix();
        return "🚫 " + DiscordText.prose(text);
    }

    /** The usage, in Discord's terms and the shared grammar's. */
    public static String help() {
        return String.join(
                "\n",
                "**/mailtls** checks whether a client can talk to a mail server securely, and if not, why not.",
                "`/mailtls host:smtp.gmail.com port:587 transport:starttls` · `/mailtls host:imap.example.com port:993`",
                "Options: `port` 1-65535 · `transport` tls, starttls, plain, auto · `protocol` smtp, imap, pop3 ·"
                        + " `fresh` re-run instead of using a recent result · `private` answer only to you.",
                "The same words work in the CLI and the other bots:",
                "```",
                CommandParser.USAGE, // our own text, no backticks: verbatim in the block
                "```");
    }
}
