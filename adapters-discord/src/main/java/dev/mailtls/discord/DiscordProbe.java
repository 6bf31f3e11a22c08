package dev.mailtls.discord;

import dev.mailtls.card.Card;
import dev.mailtls.card.Report;
import dev.mailtls.command.CommandParser;
import dev.mailtls.command.ProbeCommand;
import dev.mailtls.command.TryCommand;
import dev.mailtls.command.UsageException;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.probe.Failure;
import dev.mailtls.probe.FailureCode;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.ServiceResult;
import dev.mailtls.summary.GroupCommand;
import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.GroupRunner;
import dev.mailtls.summary.GroupSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code /mailtls} from options to answer, for both the gateway and the HTTP endpoint: the
 * options become the shared grammar's words, {@link CommandParser} reads them (so its errors are
 * the CLI's and Slack's), and {@link ProbeService} runs the probe under its throttles and policy.
 * A host of {@code provider:gmail} or {@code scan:mail.example.com} runs that preset or scan
 * through the {@link GroupRunner} instead: Discord allows no subcommands beside the command's own
 * options, and a host value keeps {@code host} required.
 */
public final class DiscordProbe {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordProbe.class);

    /** What started a group run from Discord, as history and the embed's footer show it. */
    static final String TRIGGER = "chat";

    /** {@code provider:gmail}, {@code scan mail.example.com}: a group command in the host option. */
    private static final Pattern GROUP_HOST = Pattern.compile("(?i)(provider|scan)[:\\s].*");

    /** What a command asks for, known before any network: an immediate answer, or a probe. */
    public sealed interface Ask {
        /** Help or a usage error: shown at once, only to the person who asked. */
        record Answer(String text) implements Ask {}

        /** A valid command to run. */
        record Probe(ProbeCommand command, boolean fresh, boolean isPrivate) implements Ask {}

        /** A provider preset or a host scan to run as one group. */
        record Group(GroupCommand command) implements Ask {
            public boolean isPrivate() {
                return command.isPrivate();
            }
        }
    }

    /** What a probe came to. */
    public sealed interface Reply {
        /** A card to show in the channel (or privately, when asked), with its buttons. */
        record Carded(Card card, TranscriptFile file, CardButtons buttons) implements Reply {}

        /** Throttled or refused by policy: what to do, only to the person who asked. */
        record Notice(String text) implements Reply {}
    }

    private final ProbeService service;
    private final Diagnoser diagnoser;
    private final ProbeOptions options;
    private final GroupRunner runner;
    private final @Nullable String publicUrl;

    /**
     * @param options the server's probe options (deadline, CA file, EHLO name)
     * @param runner runs {@code provider:} presets and {@code scan:}s
     * @param publicUrl the web page's public base URL ({@code MAILTLS_PUBLIC_URL}); null for no
     *     Open in browser button
     */
    public DiscordProbe(
            ProbeService service,
            Diagnoser diagnoser,
            ProbeOptions options,
            GroupRunner runner,
            @Nullable String publicUrl) {
        this.service = Objects.requireNonNull(service, "service");
        this.diagnoser = Objects.requireNonNull(diagnoser, "diagnoser");
        this.options = Objects.requireNonNull(options, "options");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.publicUrl = publicUrl == null || publicUrl.isBlank() ? null : publicUrl.replaceAll("/+$", "");
    }

    /** Without a public URL: no Open in browser button. */
    public DiscordProbe(ProbeService service, Diagnoser diagnoser, ProbeOptions options, GroupRunner runner) {
        this(service, diagnoser, options, runner, null);
    }

    /** With a group runner over the same service and options. */
    public DiscordProbe(ProbeService service, Diagnoser diagnoser, ProbeOptions options) {
        this(service, diagnoser, options, new GroupRunner(service, diagnoser, options));
    }

    /** Parses the options with the shared grammar; never touches the network. */
    public static Ask ask(DiscordCommand.Options o) {
        if (o.wantsHelp()) {
            return new Ask.Answer(help());
        }
        if (GROUP_HOST.matcher(o.host().strip()).matches()) {
            return askGroup(o);
        }
        try {
            ProbeCommand c = CommandParser.parse(o.words());
            return new Ask.Probe(c, c.has(ProbeCommand.Flag.FRESH), c.has(ProbeCommand.Flag.PRIVATE));
        } catch (UsageException e) {
            return new Ask.Answer("⚠ " + DiscordText.prose(Objects.requireNonNullElse(e.getMessage(), "bad command"))
                    + "\nTry `/mailtls host:smtp.gmail.com port:587`, or `/mailtls host:help`.");
        }
    }

    /**
     * A card's Re-run button: the command its custom id carries, read by the shared grammar as
     * untrusted input, always {@code fresh}. An id that does not parse is answered with what to do,
     * only to the person who clicked; nothing is probed.
     */
    public static Ask rerun(String customId) {
        try {
            ProbeCommand c = CardButtons.command(customId);
            return new Ask.Probe(c, true, c.has(ProbeCommand.Flag.PRIVATE));
        } catch (UsageException e) {
            return new Ask.Answer("⚠ This Re-run button does not hold a command mailtls can run ("
                    + DiscordText.prose(Objects.requireNonNullElse(e.getMessage(), "bad command"))
                    + "). Type the command again: `/mailtls host:<host>`.");
        }
    }

    /** {@code provider:<name>} or {@code scan:<host>}; {@code fresh} is implied, other options refused. */
    private static Ask askGroup(DiscordCommand.Options o) {
        List<String> words = new ArrayList<>(o.words());
        words.set(0, o.host().strip().replaceFirst(":", " "));
        words.remove("fresh"); // a group run always probes afresh
        try {
            Optional<GroupCommand> g = GroupCommand.parse(String.join(" ", words));
            return new Ask.Group(g.orElseThrow());
        } catch (UsageException e) {
            return new Ask.Answer("⚠ " + DiscordText.prose(Objects.requireNonNullElse(e.getMessage(), "bad command"))
                    + "\nTry `/mailtls host:provider:gmail` or `/mailtls host:scan:mail.example.com`.");
        }
    }

    /** The acknowledgement of a group, e.g. "Checking gmail's SMTP, IMAP and POP3 endpoints…". */
    public static String checking(Ask.Group group) {
        return "⏳ " + DiscordText.prose(group.command().checking()) + "…";
    }

    /** Null when the asker may start a group run now, else "try again in N s" (a group run counts as a fresh probe). */
    public @Nullable String refuseGroup(String requester) {
        return service.admitGroupRun(requester)
                .map(t -> "⏳ " + DiscordText.prose(t.message()))
                .orElse(null);
    }

    /** Runs the preset or scan; blocks until every target has an answer (throttles may delay it). */
    public GroupSummary runGroup(Ask.Group group) throws InterruptedException {
        try {
            GroupRun run = runner.run(group.command().group(), TRIGGER);
            return GroupSummary.of(run, null);
        } catch (UsageException e) {
            // Presets and scans are built from valid targets: a target that does not parse is a bug.
            throw new IllegalStateException("group " + group.command().group().name() + " does not parse", e);
        }
    }

    /** What is said when mailtls itself fails (a bug or broken infrastructure, logged with the target). */
    public static final String APOLOGY = "✖ mailtls failed on its side; please try again later.";

    /** {@link #run}, or an apology when mailtls itself fails, so a chat answer always arrives. */
    public Reply runOrApologise(Ask.Probe probe, String requester) {
        try {
            return run(probe, requester);
        } catch (RuntimeException e) {
            LOG.error(
                    "/mailtls {}:{} for {} failed",
                    probe.command().host(),
                    probe.command().port(),
                    requester,
                    e);
            return new Reply.Notice(APOLOGY);
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
                Card card = Card.of(report, TryCommand.Form.DISCORD).withCachedAge(p.cachedAge());
                yield new Reply.Carded(
                        card,
                        TranscriptFile.of(
                                card,
                                p.result().target().host(),
                                p.result().target().port()),
                        CardButtons.of(probe.command(), publicUrl));
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
                "`/mailtls host:provider:gmail` checks a provider's published endpoints ("
                        + DiscordText.prose(GroupCommand.providers()) + "); `/mailtls host:scan:mail.example.com`"
                        + " probes a host's standard mail ports. Both answer with one matrix.",
                "The same words work in the CLI and the other bots:",
                "```",
                CommandParser.USAGE, // our own text, no backticks: verbatim in the block
                "```");
    }
}
