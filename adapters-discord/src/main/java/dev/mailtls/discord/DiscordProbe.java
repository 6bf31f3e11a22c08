package dev.mailtls.discord;

import dev.mailtls.card.Card;
import dev.mailtls.chat.ChatAnswer;
import dev.mailtls.chat.ChatAsk;
import dev.mailtls.chat.ChatCommands;
import dev.mailtls.command.CommandParser;
import dev.mailtls.command.DidYouMean;
import dev.mailtls.command.ProbeCommand;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.domain.DomainCard;
import dev.mailtls.domain.DomainChecks;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.service.ProbeService;
import dev.mailtls.summary.GroupCommand;
import dev.mailtls.summary.GroupRunner;
import dev.mailtls.summary.GroupSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One {@code /mailtls} from options to answer, for both the gateway and the HTTP endpoint: the
 * options become the shared grammar's words, {@link ChatCommands} reads and runs them (so usage
 * errors, throttles and policy refusals mean what they mean on Slack), and this class says them in
 * Discord's terms. A host of {@code provider:gmail} or {@code scan:mail.example.com} runs that
 * preset or scan instead, and {@code domain:example.com} a domain check: Discord allows no subcommands beside the command's own options, and a
 * host value keeps {@code host} required.
 */
public final class DiscordProbe {
    /** {@code provider:gmail}, {@code scan mail.example.com}: a group command in the host option. */
    private static final Pattern GROUP_HOST = Pattern.compile("(?i)(provider|scan|domain)[:\\s].*");

    /** What a command asks for, known before any network: an immediate answer, or a probe. */
    public sealed interface Ask {
        /** Help or a usage error: shown at once, only to the person who asked. */
        record Answer(String text) implements Ask {}

        /** A valid command to run; its flags say fresh, auth and private. */
        record Probe(ProbeCommand command) implements Ask {
            public boolean fresh() {
                return command.has(ProbeCommand.Flag.FRESH);
            }

            public boolean isPrivate() {
                return command.has(ProbeCommand.Flag.PRIVATE);
            }
        }

        /** A domain check, answered with one domain card. */
        record Domain(ChatAsk.Domain ask) implements Ask {
            public boolean isPrivate() {
                return ask.isPrivate();
            }
        }

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

        /** Throttled, refused by policy, or mailtls failed: what to do, only to the person who asked. */
        record Notice(String text) implements Reply {}
    }

    private final ChatCommands chat;
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
        this(service, diagnoser, options, runner, publicUrl, null);
    }

    /** @param domains runs {@code domain:example.com}; null where the server has no domain checks */
    public DiscordProbe(
            ProbeService service,
            Diagnoser diagnoser,
            ProbeOptions options,
            GroupRunner runner,
            @Nullable String publicUrl,
            @Nullable DomainChecks domains) {
        this.chat = new ChatCommands(service, diagnoser, options, runner, domains);
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
        List<String> words = new ArrayList<>(o.words());
        if (GROUP_HOST.matcher(o.host().strip()).matches()
                || misspeltSubcommand(o.host().strip())) {
            // provider:gmail is the grammar's "provider gmail", domain:example.com its "domain example.com".
            String[] verbAndValue = o.host().strip().split("[:\\s]", 2);
            words.remove(0);
            words.addAll(0, List.of(verbAndValue[0], verbAndValue[1].strip()));
        }
        return of(ChatCommands.read(words));
    }

    /**
     * "domian:example.com": a word before the colon that is no host but close to {@code provider},
     * {@code scan} or {@code domain}, so that the grammar answers "did you mean" rather than "bad
     * port".
     */
    private static boolean misspeltSubcommand(String host) {
        int colon = host.indexOf(':');
        if (colon <= 0 || host.indexOf(':', colon + 1) >= 0) {
            return false;
        }
        String word = host.substring(0, colon);
        String rest = host.substring(colon + 1);
        return word.chars().allMatch(Character::isLetter)
                && !rest.chars().allMatch(Character::isDigit)
                && DidYouMean.closest(word, ChatCommands.SUBCOMMANDS).isPresent();
    }

    /**
     * A card's Re-run button: the command its custom id carries (a probe, or a domain card's {@code
     * domain example.com}, its domain read as a typed one), read by the shared grammar as untrusted
     * input, always {@code fresh}. An id that does not parse is answered with what to do,
     * only to the person who clicked; nothing is probed.
     */
    public static Ask rerun(String customId) {
        String words = customId.startsWith(CardButtons.RERUN_PREFIX)
                ? customId.substring(CardButtons.RERUN_PREFIX.length())
                : "";
        return of(ChatCommands.rerun(words));
    }

    private static Ask of(ChatAsk ask) {
        return switch (ask) {
            case ChatAsk.Help h -> new Ask.Answer(help());
            case ChatAsk.Usage u -> new Ask.Answer(usage(u));
            case ChatAsk.Probe p -> new Ask.Probe(p.command());
            case ChatAsk.Group g -> new Ask.Group(g.command());
            case ChatAsk.Domain d -> new Ask.Domain(d);
        };
    }

    /** A usage error with how to try again, in Discord's terms. */
    static String usage(ChatAsk.Usage u) {
        String message = DiscordText.prose(u.message());
        return switch (u.form()) {
            case PROBE -> "⚠ " + message + "\nTry `/mailtls host:smtp.gmail.com port:587`, or `/mailtls host:help`.";
            case GROUP ->
                "⚠ " + message + "\nTry `/mailtls host:provider:gmail` or `/mailtls host:scan:mail.example.com`.";
            case DOMAIN -> "⚠ " + message + "\nTry `/mailtls host:domain:example.com`.";
            case RERUN ->
                "⚠ This Re-run button does not hold a command mailtls can run (" + message
                        + "). Type the command again: `/mailtls host:<host>`.";
        };
    }

    /** The acknowledgement of a group, e.g. "Checking gmail's SMTP, IMAP and POP3 endpoints…". */
    public static String checking(Ask.Group group) {
        return "⏳ " + DiscordText.prose(group.command().checking()) + "…";
    }

    /** Null when the asker may start a group run now, else "try again in N s" (a group run counts as a fresh probe). */
    public @Nullable String refuseGroup(String requester) {
        return chat.admitGroup(requester).map(DiscordProbe::throttled).orElse(null);
    }

    /**
     * Runs the preset or scan; blocks until every target has an answer (throttles may delay it).
     * Empty when mailtls failed on its side (logged): say {@link #APOLOGY}.
     */
    public Optional<GroupSummary> runGroup(Ask.Group group) throws InterruptedException {
        return chat.group(group.command()) instanceof ChatAnswer.Matrix m ? Optional.of(m.summary()) : Optional.empty();
    }

    /** What is said when mailtls itself fails (a bug or broken infrastructure, logged with the target). */
    public static final String APOLOGY = "✖ mailtls failed on its side; please try again later.";

    /**
     * Runs the probe for {@code requester} ("discord:guild:user"); blocks up to the probe's deadline.
     * A chat answer always comes: mailtls's own failure is an apology.
     */
    public Reply run(Ask.Probe probe, String requester) {
        return switch (chat.probe(probe.command(), requester)) {
            case ChatAnswer.Card c -> {
                Card card = Card.of(c.report(), DiscordCommand.SUGGESTION_FORM).withCachedAge(c.cachedAge());
                yield new Reply.Carded(
                        card,
                        TranscriptFile.of(
                                card,
                                c.report().result().target().host(),
                                c.report().result().target().port()),
                        CardButtons.of(c.command(), publicUrl));
            }
            case ChatAnswer.Throttled t -> new Reply.Notice(throttled(t));
            case ChatAnswer.Denied d -> new Reply.Notice("🚫 " + DiscordText.prose(d.text()));
            case ChatAnswer.Failed f -> new Reply.Notice(APOLOGY);
            case ChatAnswer.Matrix m -> throw new IllegalStateException("a probe answered with a matrix");
            case ChatAnswer.DomainCard d -> throw new IllegalStateException("a probe answered with a domain card");
            case ChatAnswer.Unavailable u -> new Reply.Notice("ℹ " + DiscordText.prose(u.message()) + ".");
        };
    }

    /**
     * Null when the asker may start a domain check now, else what to say at once: "try again in N s"
     * (a domain check counts like a group run), or that this server has no domain checks. The check
     * then runs with {@link #runAdmittedDomain}, without a second admission.
     */
    public @Nullable String refuseDomain(String requester) {
        return chat.admitDomain(requester).map(DiscordProbe::domainNotice).orElse(null);
    }

    /**
     * Runs the domain check for {@code requester}, admission included (a Re-run click); blocks up to
     * the check's deadline. As {@link #runAdmittedDomain}, or a notice when throttled.
     */
    public Reply runDomain(Ask.Domain domain, String requester) {
        return domainReply(chat.domain(domain.ask(), requester));
    }

    /**
     * Runs a domain check that {@link #refuseDomain} admitted for {@code requester}; blocks up to
     * the check's deadline. The card comes with the whole of it as a file and its buttons (Re-run
     * (fresh), Open in browser to the web page's domain form when public); mailtls's own failure is
     * a notice.
     */
    public Reply runAdmittedDomain(Ask.Domain domain, String requester) {
        return domainReply(chat.domainAdmitted(domain.ask(), requester));
    }

    private Reply domainReply(ChatAnswer answer) {
        return switch (answer) {
            case ChatAnswer.DomainCard c -> {
                Card card = card(c);
                yield new Reply.Carded(
                        card, TranscriptFile.ofDomain(card, c.report().domain()), CardButtons.of(c.ask(), publicUrl));
            }
            default -> new Reply.Notice(domainNotice(answer));
        };
    }

    /** A domain check's answer other than a card: a throttle, no domain checks, mailtls's own failure. */
    private static String domainNotice(ChatAnswer answer) {
        return switch (answer) {
            case ChatAnswer.Throttled t -> throttled(t);
            case ChatAnswer.Unavailable u -> "ℹ " + DiscordText.prose(u.message()) + ".";
            case ChatAnswer.Failed f -> APOLOGY;
            case ChatAnswer.DomainCard c -> throw new IllegalStateException("a domain card is no notice");
            case ChatAnswer.Card c -> throw new IllegalStateException("a domain check answered with a probe card");
            case ChatAnswer.Denied d -> throw new IllegalStateException("a domain check answered with a refusal");
            case ChatAnswer.Matrix m -> throw new IllegalStateException("a domain check answered with a matrix");
        };
    }

    /** The domain card, with the command that repeats it in this command's options. */
    static Card card(ChatAnswer.DomainCard c) {
        Card d = DomainCard.of(c.report());
        return new Card(
                d.title(),
                d.status(),
                d.subtitle(),
                d.overview(),
                d.sections(),
                d.hints(),
                d.timings(),
                d.transcript(),
                "/" + DiscordCommand.NAME + " " + DiscordCommand.HOST + ":domain:"
                        + c.report().domain(),
                d.cachedAge());
    }

    /** When to try again; after a {@code fresh} command, that a cached result is not limited. */
    static String throttled(ChatAnswer.Throttled t) {
        return "⏳ " + DiscordText.prose(t.message()) + "." + (t.fresh() ? " " + ChatAnswer.Throttled.FRESH_ADVICE : "");
    }

    /** The usage, in Discord's terms and the shared grammar's. */
    public static String help() {
        return String.join(
                "\n",
                "**/mailtls** checks whether a client can talk to a mail server securely, and if not, why not.",
                "`/mailtls host:smtp.gmail.com port:587 transport:starttls` · `/mailtls host:imap.example.com port:993`",
                "Options: `port` 1-65535 · `transport` tls, starttls, plain, auto · `protocol` smtp, imap, pop3 ·"
                        + " `fresh` re-run instead of using a recent result · `private` answer only to you ·"
                        + " `auth` also try a login with deliberately invalid credentials · `deep` every TLS version and"
                        + " cipher suite the server accepts (" + ChatCommands.DEEP_COST_NOTE + ").",
                "`/mailtls host:provider:gmail` checks a provider's published endpoints ("
                        + DiscordText.prose(GroupCommand.providers()) + "); `/mailtls host:scan:mail.example.com`"
                        + " probes a host's standard mail ports. Both answer with one matrix.",
                "`/mailtls host:domain:example.com` checks a mail domain: its MX hosts (each address probed on port"
                        + " 25 with STARTTLS), MTA-STS, TLS-RPT and DANE, in one domain card; `fresh` probes the MX"
                        + " hosts again.",
                "The same words work in the CLI and the other bots:",
                "```",
                CommandParser.USAGE, // our own text, no backticks: verbatim in the block
                "```");
    }
}
