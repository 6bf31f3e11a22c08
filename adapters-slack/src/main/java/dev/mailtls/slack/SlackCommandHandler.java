package dev.mailtls.slack;

import com.slack.api.app_backend.interactive_components.response.ActionResponse;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.block.LayoutBlock;
import dev.mailtls.card.Report;
import dev.mailtls.chat.ChatAnswer;
import dev.mailtls.chat.ChatAsk;
import dev.mailtls.chat.ChatCommands;
import dev.mailtls.command.CommandParser;
import dev.mailtls.command.ProbeCommand;
import dev.mailtls.command.TryCommand;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.domain.DomainChecks;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Target;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.endpoint.WellKnownPorts;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.ProbeResult;
import dev.mailtls.service.ProbeService;
import dev.mailtls.summary.GroupCommand;
import dev.mailtls.summary.GroupRunner;
import dev.mailtls.summary.HostScan;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * The {@code /mailtls} slash command and the card's buttons (Re-run (fresh), Open in browser,
 * Transcript). The command is acknowledged at once (Slack allows 3 s) with an ephemeral "Probing
 * …"; {@link ChatCommands} reads the command and runs it on a virtual thread through the {@link
 * ProbeService} (the same use case as Discord's), and this class renders its answer: the card follows
 * through the command's {@code response_url}, in place of the "Probing …": in the channel by
 * default, only to the person who asked with {@code private}.
 * Usage errors, throttling and policy refusals are answered only to that person, with what to do.
 * {@code provider <name>} and {@code scan <host>} run a group the same way and answer with one
 * matrix card ({@link SlackGroupAnswer}); {@code domain <domain>} runs a domain check and answers
 * with the domain card ({@link SlackDomainRenderer}), which has Re-run (fresh) and Open in browser
 * buttons too. A group or domain check that the asker's throttle refuses is answered at once,
 * without a "Checking…".
 */
public final class SlackCommandHandler implements AutoCloseable {
    /** The slash command, as in the app manifest. */
    public static final String COMMAND = "/mailtls";

    /** A suggested probe as this slash command with the grammar's words: {@code /mailtls h 465 tls smtp}. */
    public static final TryCommand.Form SUGGESTION_FORM = TryCommand.Form.slashCommand(COMMAND);

    static final String EPHEMERAL = "ephemeral";
    static final String IN_CHANNEL = "in_channel";

    private final ChatCommands chat;
    private final boolean respondInChannel;
    private final TranscriptStore transcripts;
    private final SlackGroupAnswer groups;
    private final SlackCardRenderer renderer = new SlackCardRenderer();
    private final SlackDomainRenderer domainRenderer = new SlackDomainRenderer();
    private final ResponseUrlSender responses;
    private final @Nullable String publicUrl;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * @param options the probe options of every command ({@code auth} turns the auth probe on)
     * @param respondInChannel post cards in the channel unless the command says {@code private}
     * @param runner runs {@code provider} presets and {@code scan}s
     */
    public SlackCommandHandler(
            ProbeService service,
            Diagnoser diagnoser,
            ProbeOptions options,
            boolean respondInChannel,
            TranscriptStore transcripts,
            GroupRunner runner) {
        this(service, diagnoser, options, respondInChannel, transcripts, runner, null);
    }

    /**
     * @param publicUrl the web page's public base URL ({@code MAILTLS_PUBLIC_URL}), without a
     *     trailing slash; null for no Open in browser button
     */
    public SlackCommandHandler(
            ProbeService service,
            Diagnoser diagnoser,
            ProbeOptions options,
            boolean respondInChannel,
            TranscriptStore transcripts,
            GroupRunner runner,
            @Nullable String publicUrl) {
        this(service, diagnoser, options, respondInChannel, transcripts, runner, publicUrl, (DomainChecks) null);
    }

    /** @param domains runs {@code domain <domain>}; null where the server has no domain checks */
    public SlackCommandHandler(
            ProbeService service,
            Diagnoser diagnoser,
            ProbeOptions options,
            boolean respondInChannel,
            TranscriptStore transcripts,
            GroupRunner runner,
            @Nullable String publicUrl,
            @Nullable DomainChecks domains) {
        this(
                service,
                diagnoser,
                options,
                respondInChannel,
                transcripts,
                runner,
                publicUrl,
                ResponseUrlSender.standard(),
                domains);
    }

    /** @param responses delivers answers to response_urls, retrying Slack's transient failures */
    SlackCommandHandler(
            ProbeService service,
            Diagnoser diagnoser,
            ProbeOptions options,
            boolean respondInChannel,
            TranscriptStore transcripts,
            GroupRunner runner,
            @Nullable String publicUrl,
            ResponseUrlSender responses) {
        this(service, diagnoser, options, respondInChannel, transcripts, runner, publicUrl, responses, null);
    }

    SlackCommandHandler(
            ProbeService service,
            Diagnoser diagnoser,
            ProbeOptions options,
            boolean respondInChannel,
            TranscriptStore transcripts,
            GroupRunner runner,
            @Nullable String publicUrl,
            ResponseUrlSender responses,
            @Nullable DomainChecks domains) {
        this.responses = responses;
        this.publicUrl = publicUrl == null || publicUrl.isBlank() ? null : publicUrl.replaceAll("/+$", "");
        this.chat = new ChatCommands(service, diagnoser, options, runner, domains);
        this.respondInChannel = respondInChannel;
        this.transcripts = transcripts;
        this.groups = new SlackGroupAnswer(respondInChannel);
    }

    /** With a fresh transcript store and a group runner over the same service and options. */
    public SlackCommandHandler(
            ProbeService service, Diagnoser diagnoser, ProbeOptions options, boolean respondInChannel) {
        this(
                service,
                diagnoser,
                options,
                respondInChannel,
                new TranscriptStore(),
                new GroupRunner(service, diagnoser, options));
    }

    /** Registers the slash command and the card's buttons on {@code app}. */
    public void register(App app) {
        app.command(COMMAND, this::onCommand);
        new SlackButtonClicks(responses, executor, transcripts, this::answer, this::answer).register(app);
    }

    Response onCommand(SlashCommandRequest request, SlashCommandContext ctx) {
        SlashCommandPayload p = request.getPayload();
        Instant received = responses.clock().instant();
        String requester = "slack:" + p.getTeamId() + ":" + p.getUserId();
        return switch (ChatCommands.read(p.getText() == null ? "" : p.getText())) {
            case ChatAsk.Help h -> ctx.ack(ephemeral(help()));
            case ChatAsk.Usage u -> ctx.ack(ephemeral(usage(u)));
            case ChatAsk.Group g -> {
                Optional<ChatAnswer.Throttled> refused = chat.admitGroup(requester);
                if (refused.isPresent()) {
                    yield ctx.ack(ephemeral(throttled(refused.get())));
                }
                executor.execute(() -> runGroupAndRespond(g, ctx, received));
                yield ctx.ack(ephemeral(SlackGroupAnswer.checking(g.command())));
            }
            case ChatAsk.Domain d -> {
                Optional<ChatAnswer> refused = chat.admitDomain(requester);
                if (refused.isPresent()) {
                    // Nothing to run, or throttled: said at once, without a "Checking…" to replace.
                    yield ctx.ack(domainReply(refused.get(), d));
                }
                executor.execute(
                        () -> deliver(ctx, domainReply(chat.domainAdmitted(d, requester), d), received, d.domain()));
                yield ctx.ack(ephemeral(checkingDomain(d)));
            }
            case ChatAsk.Probe probe -> {
                ProbeCommand command = probe.command();
                executor.execute(() ->
                        deliver(ctx, answer(command, requester), received, command.host() + ":" + command.port()));
                yield ctx.ack(ephemeral(probing(command)));
            }
        };
    }

    /** A usage error with how to try again, for the form it is about. */
    static String usage(ChatAsk.Usage u) {
        String message = SlackText.prose(u.message());
        return switch (u.form()) {
            case PROBE -> ":warning: " + message + "\n" + usage();
            case GROUP -> ":warning: " + message + "\n" + groupUsage();
            case DOMAIN -> ":warning: " + message + "\n" + domainUsage();
            case RERUN ->
                ":warning: This Re-run button does not hold a command mailtls can run (" + message
                        + "). Type the command again: `/mailtls &lt;host&gt; [port]`.";
        };
    }

    /** "Checking the mail domain example.com (MX, MTA-STS, TLS-RPT, DANE)…". */
    static String checkingDomain(ChatAsk.Domain d) {
        return ":hourglass_flowing_sand: Checking the mail domain " + SlackText.prose(d.domain())
                + " (MX, MTA-STS, TLS-RPT, DANE)" + (d.fresh() ? "; fresh" : "") + "…";
    }

    /**
     * Runs a domain check for {@code requester}, admission included (a Re-run click): the domain
     * card, in the channel unless {@code private}; a throttle, a server without domain checks or
     * mailtls's own failure only to the person who asked.
     */
    SlashCommandResponse answer(ChatAsk.Domain ask, String requester) {
        return domainReply(chat.domain(ask, requester), ask);
    }

    /** A domain check's answer: the card with its buttons (Re-run (fresh), Open in browser), or a notice. */
    private SlashCommandResponse domainReply(ChatAnswer answer, ChatAsk.Domain ask) {
        return switch (answer) {
            case ChatAnswer.DomainCard c -> {
                boolean visible = respondInChannel && !ask.isPrivate();
                yield SlashCommandResponse.builder()
                        .responseType(visible ? IN_CHANNEL : EPHEMERAL)
                        .text(domainRenderer.fallbackText(c.report()))
                        .blocks(domainRenderer.render(c.report(), actions(c.ask())))
                        .build();
            }
            case ChatAnswer.Throttled t -> ephemeral(throttled(t));
            case ChatAnswer.Unavailable u -> ephemeral(":information_source: " + SlackText.prose(u.message()) + ".");
            case ChatAnswer.Failed f -> ephemeral(apology("checking the domain " + f.subject()));
            case ChatAnswer.Card c -> throw new IllegalStateException("a domain check answered with a probe card");
            case ChatAnswer.Denied d -> throw new IllegalStateException("a domain check answered with a refusal");
            case ChatAnswer.Matrix m -> throw new IllegalStateException("a domain check answered with a matrix");
        };
    }

    /** "Probing smtp.gmail.com:587 (SMTP, STARTTLS)…". */
    static String probing(ProbeCommand c) {
        Protocol protocol = c.protocol() != null
                ? c.protocol()
                : WellKnownPorts.protocolOf(c.port()).orElse(null);
        Transport transport = c.transport() != null
                ? c.transport()
                : WellKnownPorts.transportOf(c.port()).orElse(null);
        String target = new Target(c.host(), c.port(), protocol, transport).hostPort();
        String how = (protocol == null ? "protocol from the greeting" : protocol.displayName()) + ", "
                + (transport == null ? "transport detected" : transport.displayName());
        List<String> flags = c.flags().stream()
                .filter(f -> f != ProbeCommand.Flag.PRIVATE)
                .sorted()
                .map(f -> f.name().toLowerCase(Locale.ROOT))
                .toList();
        return ":hourglass_flowing_sand: Probing " + SlackText.prose(target) + " (" + how
                + (flags.isEmpty() ? "" : "; " + String.join(", ", flags)) + ")…";
    }

    /** The card, or what to do when throttled or refused; an apology when mailtls itself fails. */
    SlashCommandResponse answer(ProbeCommand command, String requester) {
        return switch (chat.probe(command, requester)) {
            case ChatAnswer.Card c -> card(c);
            case ChatAnswer.Throttled t -> ephemeral(throttled(t));
            case ChatAnswer.Denied d ->
                ephemeral(":no_entry: " + SlackText.prose(d.summary()) + "\n" + SlackText.prose(d.fix()));
            case ChatAnswer.Failed f -> ephemeral(apology("probing " + f.subject()));
            case ChatAnswer.Matrix m -> throw new IllegalStateException("a probe answered with a matrix");
            case ChatAnswer.DomainCard d -> throw new IllegalStateException("a probe answered with a domain card");
            case ChatAnswer.Unavailable u -> ephemeral(":information_source: " + SlackText.prose(u.message()) + ".");
        };
    }

    private void runGroupAndRespond(ChatAsk.Group group, SlashCommandContext ctx, Instant received) {
        String name = group.command().group().name();
        ChatAnswer answer;
        try {
            answer = chat.group(group.command());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        SlashCommandResponse reply = switch (answer) {
            case ChatAnswer.Matrix m -> groups.render(m, group.isPrivate());
            default -> ephemeral(apology(name));
        };
        deliver(ctx, reply, received, name);
    }

    /** "mailtls could not finish probing smtp.gmail.com:587 (an internal error, logged)…". */
    private static String apology(String what) {
        return ":x: mailtls could not finish " + SlackText.prose(what)
                + " (an internal error, logged). Try again in a minute.";
    }

    private SlashCommandResponse card(ChatAnswer.Card answer) {
        Report report = answer.report();
        ProbeCommand command = answer.command();
        ProbeResult result = report.result();
        String key = result.transcript().isEmpty()
                ? null
                : transcripts.put(result.target().hostPort(), result.transcript());
        List<LayoutBlock> blocks = renderer.render(report, answer.cachedAge(), key, actions(command));
        boolean visible = respondInChannel && !command.has(ProbeCommand.Flag.PRIVATE);
        return SlashCommandResponse.builder()
                .responseType(visible ? IN_CHANNEL : EPHEMERAL)
                .text(renderer.fallbackText(report))
                .blocks(blocks)
                .build();
    }

    /** Re-run carries the command with {@code fresh}; Open in browser the page's link, when public. */
    private SlackCardRenderer.CardActions actions(ProbeCommand command) {
        return new SlackCardRenderer.CardActions(
                command.with(ProbeCommand.Flag.FRESH).words(),
                publicUrl == null ? null : publicUrl + command.webLink());
    }

    /**
     * A domain card's Re-run carries the check's words with {@code fresh}; Open in browser the web
     * page's domain form for the domain, when public.
     */
    private SlackCardRenderer.CardActions actions(ChatAsk.Domain ask) {
        return new SlackCardRenderer.CardActions(
                ask.rerunWords(), publicUrl == null ? null : publicUrl + ask.webLink());
    }

    /** When to try again; after a {@code fresh} command, that a cached result is not limited. */
    static String throttled(ChatAnswer.Throttled t) {
        return ":hourglass: " + SlackText.prose(t.message()) + "."
                + (t.fresh() ? " " + ChatAnswer.Throttled.FRESH_ADVICE : "");
    }

    /**
     * Delivers a command's answer so that the ephemeral "Probing…" goes: an ephemeral answer
     * replaces it in place ({@code replace_original}); an answer for the channel cannot (Slack does
     * not turn an ephemeral message into a channel message), so the "Probing…" is deleted first
     * ({@code delete_original}) and the card posted as a new message.
     *
     * @param subject what was asked about, for the log: {@code host:port} or a group's name
     */
    private void deliver(SlashCommandContext ctx, SlashCommandResponse reply, Instant received, String subject) {
        boolean inChannel = IN_CHANNEL.equals(reply.getResponseType());
        if (inChannel) {
            responses.send(
                    ctx.getSlack(),
                    ctx.getResponseUrl(),
                    ActionResponse.builder().deleteOriginal(true).build(),
                    received,
                    "the removal of the acknowledgement for " + subject);
        }
        responses.send(ctx.getSlack(), ctx.getResponseUrl(), replacing(reply, !inChannel), received, subject);
    }

    /** The reply as a response_url message that replaces the message it answers, or not. */
    static ActionResponse replacing(SlashCommandResponse reply, boolean replace) {
        return ActionResponse.builder()
                .responseType(reply.getResponseType())
                .replaceOriginal(replace)
                .text(reply.getText())
                .blocks(reply.getBlocks())
                .build();
    }

    /** What a deep probe costs, in the help of every chat front end. */
    static final String DEEP_COST_NOTE = ChatCommands.DEEP_COST_NOTE;

    static String help() {
        return "*/mailtls* checks whether a mail server can be reached securely: SMTP, IMAP or POP3 over"
                + " implicit TLS, STARTTLS or plaintext.\n" + usage()
                + "\nAdd `fresh` to skip the cache, `auth` to run the auth probe with invalid credentials,"
                + " `private` to see the card yourself only, `deep` to list every TLS version and cipher suite"
                + " the server accepts (" + DEEP_COST_NOTE + ").\n" + groupUsage() + "\n" + domainUsage();
    }

    /** The domain form, one line. */
    static String domainUsage() {
        return "`/mailtls domain &lt;domain&gt;` checks a mail domain: its MX hosts (each address probed on"
                + " port 25 with STARTTLS), MTA-STS, TLS-RPT and DANE, in one domain card, e.g. `/mailtls domain"
                + " example.com`. `fresh` probes the MX hosts again; `private` shows the card to you only.";
    }

    /** The preset and scan forms, one line each. */
    static String groupUsage() {
        return "`/mailtls provider &lt;name&gt;` checks a provider's published SMTP, IMAP and POP3 endpoints: "
                + SlackText.prose(GroupCommand.providers()) + ". `/mailtls scan &lt;host&gt;` probes a host's"
                + " standard mail ports (" + portList() + "). Both answer with one matrix card;"
                + " `private` at the end shows it to you only.";
    }

    private static String portList() {
        return String.join(", ", HostScan.PORTS.stream().map(String::valueOf).toList());
    }

    /** The shared grammar's usage text, as a code block (it holds {@code <host>}, escaped). */
    static String usage() {
        return SlackText.codeBlock(CommandParser.USAGE.replace("usage: ", "usage: /mailtls "), Limits.MAX_SECTION_TEXT);
    }

    static SlashCommandResponse ephemeral(String mrkdwn) {
        return SlashCommandResponse.builder()
                .responseType(EPHEMERAL)
                .text(Limits.cut(mrkdwn, Limits.MAX_SECTION_TEXT))
                .build();
    }

    /** Stops the background work; probes in progress finish first. */
    @Override
    public void close() {
        executor.close();
    }
}
