package dev.mailtls.chat;

import dev.mailtls.command.CommandParser;
import dev.mailtls.command.DidYouMean;
import dev.mailtls.command.ProbeCommand;
import dev.mailtls.command.UsageException;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.domain.DomainCheck;
import dev.mailtls.domain.DomainChecks;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.service.ServiceResult;
import dev.mailtls.summary.GroupCommand;
import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.GroupRunner;
import dev.mailtls.summary.GroupSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code /mailtls <words>} means, for every chat front end: {@link #read} turns the words into
 * a {@link ChatAsk} without touching the network (so a front end can acknowledge within its
 * platform's deadline), and {@link #probe} or {@link #group} runs it through the {@link
 * ProbeService}, under its throttles and address policy, into a {@link ChatAnswer}. Flags are the
 * command's: {@code fresh} skips the cache, {@code auth} runs the invalid-credential auth probe
 * and {@code deep} a deep probe ({@link ProbeCommand#toRequest}), {@code private} is for the front
 * end. Front ends only receive,
 * acknowledge and render.
 */
public final class ChatCommands {
    /** What started a group run from chat, as history and the matrix show it. */
    public static final String TRIGGER = "chat";

    /** The first word of a domain check: {@code domain example.com}. */
    public static final String DOMAIN = "domain";

    /** How to ask for a domain check, as every front end's help and usage errors say it. */
    public static final String DOMAIN_USAGE = "domain <domain>, e.g. domain example.com (MX, MTA-STS, TLS-RPT, DANE)";

    /** What a deep probe costs, as every chat front end's help says it. */
    public static final String DEEP_COST_NOTE = "many more connections: it counts as " + ServiceLimits.DEEP_COST
            + " fresh probes, and mailtls runs one deep probe of a server address every "
            + ServiceLimits.DEEP_PER_ADDRESS.per().toMinutes() + " minutes; a cached result is served meanwhile";

    /** What a server without domain checks answers {@code domain example.com}. */
    public static final String DOMAINS_NOT_ENABLED = "domain checks are not enabled on this server";

    /** The words that start a command other than a probe: what a mistyped first word is compared with. */
    public static final List<String> SUBCOMMANDS = List.of(GroupCommand.PROVIDER, GroupCommand.SCAN, DOMAIN);

    private static final Logger LOG = LoggerFactory.getLogger(ChatCommands.class);

    private final ProbeService service;
    private final Diagnoser diagnoser;
    private final ProbeOptions options;
    private final GroupRunner runner;
    private final @Nullable DomainChecks domains;

    /**
     * @param options the server's probe options (deadline, CA file, EHLO name); a command's {@code
     *     auth} adds the auth probe to them
     * @param runner runs {@code provider} presets and {@code scan}s
     * @param domains runs {@code domain example.com}; null where the server has no domain checks
     *     (the answer then says so)
     */
    public ChatCommands(
            ProbeService service,
            Diagnoser diagnoser,
            ProbeOptions options,
            GroupRunner runner,
            @Nullable DomainChecks domains) {
        this.service = Objects.requireNonNull(service, "service");
        this.diagnoser = Objects.requireNonNull(diagnoser, "diagnoser");
        this.options = Objects.requireNonNull(options, "options");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.domains = domains;
    }

    /** Without domain checks. */
    public ChatCommands(ProbeService service, Diagnoser diagnoser, ProbeOptions options, GroupRunner runner) {
        this(service, diagnoser, options, runner, null);
    }

    /** With a group runner over the same service and options. */
    public ChatCommands(ProbeService service, Diagnoser diagnoser, ProbeOptions options) {
        this(service, diagnoser, options, new GroupRunner(service, diagnoser, options));
    }

    /**
     * Reads a command's text with the shared grammar; never touches the network. Empty text or
     * {@code help} is {@link ChatAsk.Help}; {@code provider <name>} and {@code scan <host>} are a
     * group, where {@code fresh} is allowed and implied (a group run always probes afresh); {@code
     * domain <domain> [fresh] [private]} is a domain check; anything else is one probe. A first word
     * close to {@code provider}, {@code scan} or {@code domain} in words that are no probe is answered
     * with "did you mean".
     */
    public static ChatAsk read(String text) {
        String t = text == null ? "" : text.strip();
        return read(t.isEmpty() ? List.of() : List.of(t.split("\\s+")));
    }

    /**
     * Reads a command's words, as {@link #read(String)} does; a word is taken whole, so a front end
     * with typed options passes each option's value as one word (a host value with a space in it is
     * refused as a host, not read as two words).
     */
    public static ChatAsk read(List<String> words) {
        List<String> w = words.stream().filter(x -> !x.isBlank()).toList();
        if (w.isEmpty() || w.size() == 1 && w.get(0).strip().equalsIgnoreCase("help")) {
            return new ChatAsk.Help();
        }
        if (w.get(0).strip().equalsIgnoreCase(DOMAIN)) {
            return domain(w.subList(1, w.size()));
        }
        try {
            Optional<GroupCommand> group = GroupCommand.parse(withoutFresh(w));
            if (group.isPresent()) {
                return new ChatAsk.Group(group.get());
            }
        } catch (UsageException e) {
            return new ChatAsk.Usage(message(e), ChatAsk.Form.GROUP);
        }
        try {
            return new ChatAsk.Probe(CommandParser.parse(w));
        } catch (UsageException e) {
            return misspeltSubcommand(w).orElseGet(() -> new ChatAsk.Usage(message(e), ChatAsk.Form.PROBE));
        }
    }

    /** The words after {@code domain}: one domain, then {@code fresh} and {@code private} in any order. */
    private static ChatAsk domain(List<String> args) {
        List<String> names = new ArrayList<>();
        boolean fresh = false;
        boolean isPrivate = false;
        for (String a : args) {
            switch (a.strip().toLowerCase(Locale.ROOT)) {
                case "fresh" -> fresh = true;
                case "private" -> isPrivate = true;
                default -> names.add(a.strip());
            }
        }
        if (names.size() != 1) {
            String what = names.isEmpty() ? "missing domain" : "domain takes one domain, not " + names.size();
            return new ChatAsk.Usage(what + ": " + DOMAIN_USAGE, ChatAsk.Form.DOMAIN);
        }
        try {
            return new ChatAsk.Domain(DomainCheck.normalise(names.get(0)), fresh, isPrivate);
        } catch (IllegalArgumentException e) {
            return new ChatAsk.Usage(
                    Objects.requireNonNullElse(e.getMessage(), "not a mail domain"), ChatAsk.Form.DOMAIN);
        }
    }

    /**
     * "domian example.com" is no probe (two host-like words): when its first word is close to a
     * subcommand, say which, rather than the probe grammar's complaint about the second word.
     */
    private static Optional<ChatAsk> misspeltSubcommand(List<String> words) {
        if (words.size() < 2) {
            return Optional.empty();
        }
        String first = words.get(0).strip();
        return DidYouMean.closest(first, SUBCOMMANDS)
                .map(known -> new ChatAsk.Usage(
                        "unknown command '" + CommandParser.clip(first) + "': did you mean " + known + "?",
                        known.equals(DOMAIN) ? ChatAsk.Form.DOMAIN : ChatAsk.Form.GROUP));
    }

    /**
     * A card's Re-run button: the command in the grammar's words that the button carries, read as
     * untrusted input and always {@code fresh}: a probe, or a domain check ({@code domain
     * example.com fresh}, {@link ChatAsk.Domain#rerunWords}) whose domain is checked as a typed one
     * is. Words that do not parse, or that name a group, are a {@link ChatAsk.Usage} of form {@link
     * ChatAsk.Form#RERUN}.
     */
    public static ChatAsk rerun(String words) {
        List<String> w = words.isBlank() ? List.of() : List.of(words.strip().split("\\s+"));
        if (!w.isEmpty() && w.get(0).equalsIgnoreCase(DOMAIN)) {
            return switch (domain(w.subList(1, w.size()))) {
                case ChatAsk.Domain d -> new ChatAsk.Domain(d.domain(), true, d.isPrivate());
                case ChatAsk.Usage u -> new ChatAsk.Usage(u.message(), ChatAsk.Form.RERUN);
                default -> throw new IllegalStateException("domain words read as neither a check nor a usage error");
            };
        }
        try {
            return new ChatAsk.Probe(CommandParser.parse(words).with(ProbeCommand.Flag.FRESH));
        } catch (UsageException e) {
            return new ChatAsk.Usage(message(e), ChatAsk.Form.RERUN);
        }
    }

    /**
     * Runs one probe for {@code requester} ("slack:TEAM:USER", "discord:GUILD:USER"); blocks up to
     * the probe's deadline. Never throws for mailtls's own failures: they are logged and answered
     * with {@link ChatAnswer.Failed}, so a chat answer always arrives.
     */
    public ChatAnswer probe(ProbeCommand command, String requester) {
        try {
            ServiceResult result =
                    service.submit(command.toRequest(options), requester, command.has(ProbeCommand.Flag.FRESH));
            return ChatAnswer.of(result, diagnoser, command);
        } catch (RuntimeException e) {
            LOG.error("chat: probing {}:{} for {} failed", command.host(), command.port(), requester, e);
            return new ChatAnswer.Failed(command.host() + ":" + command.port());
        }
    }

    /**
     * Whether {@code requester} may start a group run now (it counts as a fresh probe): empty, or
     * when to try again. Asked before the acknowledgement, so a throttled asker gets no "Checking…".
     */
    public Optional<ChatAnswer.Throttled> admitGroup(String requester) {
        return service.admitGroupRun(requester).map(t -> new ChatAnswer.Throttled(t, false));
    }

    /**
     * Runs a preset or a scan; blocks until every target has an answer (throttles may delay it).
     * mailtls's own failures are logged and answered with {@link ChatAnswer.Failed}.
     */
    public ChatAnswer group(GroupCommand command) throws InterruptedException {
        String name = command.group().name();
        try {
            GroupRun run = runner.run(command.group(), TRIGGER);
            return new ChatAnswer.Matrix(GroupSummary.of(run, null));
        } catch (UsageException | RuntimeException e) {
            // Presets and scans are built from valid targets: one that does not parse is a bug.
            LOG.error("chat: running group {} failed", name, e);
            return new ChatAnswer.Failed(name);
        }
    }

    /** Whether this server runs domain checks: without, {@link #domain} answers {@link ChatAnswer.Unavailable}. */
    public boolean domainsEnabled() {
        return domains != null;
    }

    /**
     * Runs a domain check for {@code requester}: {@link #admitDomain}, then {@link #domainAdmitted}.
     * A person's domain check is admitted like a group run ({@link ChatAnswer.Throttled} when over
     * the limit); a server without domain checks answers {@link ChatAnswer.Unavailable}.
     */
    public ChatAnswer domain(ChatAsk.Domain ask, String requester) {
        return admitDomain(requester).orElseGet(() -> domainAdmitted(ask, requester));
    }

    /**
     * Whether {@code requester} may start a domain check now: empty, or the answer to give at once
     * ({@link ChatAnswer.Throttled} when over the limit, {@link ChatAnswer.Unavailable} on a server
     * without domain checks). Asked before the acknowledgement, so a throttled asker gets no
     * "Checking…"; the check then runs with {@link #domainAdmitted}, without a second admission.
     */
    public Optional<ChatAnswer> admitDomain(String requester) {
        DomainChecks checks = domains;
        if (checks == null) {
            return Optional.of(new ChatAnswer.Unavailable(DOMAINS_NOT_ENABLED));
        }
        return checks.admit(requester).map(t -> new ChatAnswer.Throttled(t, false));
    }

    /**
     * Runs a domain check that {@link #admitDomain} admitted for {@code requester}; blocks up to the
     * check's deadline. mailtls's own failures are logged and answered with {@link
     * ChatAnswer.Failed}.
     */
    public ChatAnswer domainAdmitted(ChatAsk.Domain ask, String requester) {
        DomainChecks checks = domains;
        if (checks == null) {
            return new ChatAnswer.Unavailable(DOMAINS_NOT_ENABLED);
        }
        try {
            return new ChatAnswer.DomainCard(checks.checkAdmitted(ask.domain(), requester, ask.fresh()), ask);
        } catch (IllegalArgumentException e) {
            // read() normalised the domain already; a caller that built the ask itself gets the grammar's words.
            return new ChatAnswer.Unavailable(Objects.requireNonNullElse(e.getMessage(), "not a mail domain"));
        } catch (RuntimeException e) {
            LOG.error("chat: checking domain {} for {} failed", ask.domain(), requester, e);
            return new ChatAnswer.Failed(ask.domain());
        }
    }

    /** The words after the first without {@code fresh}, in any case: a group run is always fresh. */
    private static String withoutFresh(List<String> words) {
        return words.get(0) + " "
                + words.subList(1, words.size()).stream()
                        .filter(x -> !x.strip().equalsIgnoreCase("fresh"))
                        .collect(Collectors.joining(" "));
    }

    private static String message(UsageException e) {
        return Objects.requireNonNullElse(e.getMessage(), "bad command");
    }
}
