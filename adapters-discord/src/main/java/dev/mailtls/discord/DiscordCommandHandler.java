package dev.mailtls.discord;

import dev.mailtls.card.Card;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.jspecify.annotations.Nullable;

/**
 * Answers {@code /mailtls} over the gateway. The options are parsed at once (no network): help and
 * usage errors get an ephemeral reply; a valid command is deferred (ephemeral when {@code
 * private}) within Discord's 3 s, probed on a virtual thread, and the deferred reply is edited into
 * the embed with the whole card attached as a text file, on that virtual thread, retrying Discord's
 * server errors while the interaction token lives ({@link GatewayDelivery}). Throttling and policy refusals go only to
 * the person who asked. A {@code provider:} or {@code scan:} host runs that group and edits the
 * deferred reply into one matrix embed. No message mentions anyone: allowed mentions are empty on
 * every action. The card's Re-run (fresh) button comes back here as a button interaction.
 */
public final class DiscordCommandHandler extends ListenerAdapter {
    /** Allowed mentions on every message: none. */
    static final EnumSet<Message.MentionType> NO_MENTIONS = EnumSet.noneOf(Message.MentionType.class);

    private final DiscordProbe probe;
    private final DiscordEmbedRenderer renderer = new DiscordEmbedRenderer();
    private final DiscordSummaryRenderer matrix = new DiscordSummaryRenderer();
    private final Executor executor;
    private final GatewayDelivery delivery;

    /** Probes run on virtual threads. */
    public DiscordCommandHandler(DiscordProbe probe) {
        this(probe, Executors.newVirtualThreadPerTaskExecutor());
    }

    public DiscordCommandHandler(DiscordProbe probe, Executor executor) {
        this(probe, executor, GatewayDelivery.standard());
    }

    /** @param delivery sends the answers, retrying Discord's transient failures */
    DiscordCommandHandler(DiscordProbe probe, Executor executor, GatewayDelivery delivery) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        if (!DiscordCommand.NAME.equals(event.getName())) {
            return;
        }
        switch (DiscordProbe.ask(options(event))) {
            case DiscordProbe.Ask.Answer a ->
                event.reply(a.text())
                        .setEphemeral(true)
                        .setAllowedMentions(NO_MENTIONS)
                        .queue();
            case DiscordProbe.Ask.Probe p -> {
                event.deferReply(p.isPrivate()).setAllowedMentions(NO_MENTIONS).queue();
                InteractionHook hook = event.getHook();
                String requester = requester(event);
                Instant notAfter = delivery.tokenEnd();
                executor.execute(() -> answer(
                        hook,
                        () -> probe.run(p, requester),
                        renderer::render,
                        p.isPrivate(),
                        p.command().host() + ":" + p.command().port(),
                        notAfter));
            }
            case DiscordProbe.Ask.Domain d -> {
                String requester = requester(event);
                String refusal = probe.refuseDomain(requester);
                if (refusal != null) {
                    // Throttled, or no domain checks: said at once, without a "thinking…" to replace.
                    event.reply(refusal)
                            .setEphemeral(true)
                            .setAllowedMentions(NO_MENTIONS)
                            .queue();
                    return;
                }
                event.deferReply(d.isPrivate()).setAllowedMentions(NO_MENTIONS).queue();
                InteractionHook hook = event.getHook();
                Instant notAfter = delivery.tokenEnd();
                executor.execute(() -> answer(
                        hook,
                        () -> probe.runAdmittedDomain(d, requester),
                        renderer::renderDomain,
                        d.isPrivate(),
                        "the domain " + d.ask().domain(),
                        notAfter));
            }
            case DiscordProbe.Ask.Group g -> {
                String refusal = probe.refuseGroup(requester(event));
                if (refusal != null) {
                    event.reply(refusal)
                            .setEphemeral(true)
                            .setAllowedMentions(NO_MENTIONS)
                            .queue();
                    return;
                }
                event.deferReply(g.isPrivate()).setAllowedMentions(NO_MENTIONS).queue();
                InteractionHook hook = event.getHook();
                Instant notAfter = delivery.tokenEnd();
                executor.execute(() -> answer(hook, g, notAfter));
            }
        }
    }

    /** Edits the deferred reply into the group's matrix embed. */
    private void answer(InteractionHook hook, DiscordProbe.Ask.Group g, Instant notAfter) {
        MessageEditData message;
        try {
            message = probe.runGroup(g)
                    .map(summary -> new MessageEditBuilder()
                            .setEmbeds(
                                    matrix.renderMatrix(summary, summary.run().startedAt()))
                            .setAllowedMentions(NO_MENTIONS)
                            .build())
                    .orElseGet(() -> new MessageEditBuilder()
                            .setContent(DiscordProbe.APOLOGY)
                            .setAllowedMentions(NO_MENTIONS)
                            .build());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        MessageEditData edit = message;
        delivery.send(
                () -> hook.editOriginal(edit).setAllowedMentions(NO_MENTIONS),
                notAfter,
                "the matrix of " + g.command().group().name());
    }

    /**
     * Edits the deferred reply into the card, or tells only the asker a notice.
     *
     * @param run the probe or domain check, run here (on the executor)
     * @param render the card's embed
     * @param target what was asked about, for the log
     */
    private void answer(
            InteractionHook hook,
            Supplier<DiscordProbe.Reply> run,
            Function<Card, MessageEmbed> render,
            boolean isPrivate,
            String target,
            Instant notAfter) {
        DiscordProbe.Reply reply = run.get();
        switch (reply) {
            case DiscordProbe.Reply.Carded c -> {
                MessageEmbed embed = render.apply(c.card());
                delivery.send(
                        () -> hook.editOriginal(edit(embed, c.file(), c.buttons()))
                                .setAllowedMentions(NO_MENTIONS),
                        notAfter,
                        "the card for " + target);
            }
            case DiscordProbe.Reply.Notice n -> {
                if (isPrivate) {
                    delivery.send(
                            () -> hook.editOriginal(n.text()).setAllowedMentions(NO_MENTIONS),
                            notAfter,
                            "the notice for " + target);
                } else {
                    // A public "thinking…" cannot turn ephemeral: remove it and tell only the asker.
                    delivery.send(hook::deleteOriginal, notAfter, "the removal of the reply for " + target);
                    delivery.send(
                            () -> hook.sendMessage(n.text()).setEphemeral(true).setAllowedMentions(NO_MENTIONS),
                            notAfter,
                            "the notice for " + target);
                }
            }
        }
    }

    static MessageEditData edit(MessageEmbed embed, TranscriptFile file, CardButtons buttons) {
        return new MessageEditBuilder()
                .setEmbeds(embed)
                .setFiles(FileUpload.fromData(file.content(), file.name()))
                .setComponents(buttons.rows())
                .setAllowedMentions(NO_MENTIONS)
                .build();
    }

    /**
     * A card's Re-run (fresh) button: the custom id is read by the shared grammar (an id that does
     * not parse, or a domain that is none, gets an ephemeral answer saying what to do), the click is
     * acknowledged at once (deferred edit: no new "thinking" message), the probe or domain check runs
     * fresh for the person who clicked under the same throttles and policy, and the card is edited
     * in place into the fresh one. A throttle or refusal goes only to that person, and the card
     * stays.
     */
    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        String id = event.getComponentId();
        if (!id.startsWith(CardButtons.RERUN_PREFIX)) {
            return;
        }
        switch (DiscordProbe.rerun(id)) {
            case DiscordProbe.Ask.Probe p -> {
                event.deferEdit().queue();
                InteractionHook hook = event.getHook();
                String requester = requester(event);
                Instant notAfter = delivery.tokenEnd();
                executor.execute(() -> rerun(
                        hook,
                        () -> probe.run(p, requester),
                        renderer::render,
                        p.command().host() + ":" + p.command().port(),
                        notAfter));
            }
            case DiscordProbe.Ask.Domain d -> {
                event.deferEdit().queue();
                InteractionHook hook = event.getHook();
                String requester = requester(event);
                Instant notAfter = delivery.tokenEnd();
                executor.execute(() -> rerun(
                        hook,
                        () -> probe.runDomain(d, requester),
                        renderer::renderDomain,
                        "the domain " + d.ask().domain(),
                        notAfter));
            }
            case DiscordProbe.Ask.Answer a ->
                event.reply(a.text())
                        .setEphemeral(true)
                        .setAllowedMentions(NO_MENTIONS)
                        .queue();
            case DiscordProbe.Ask.Group g ->
                throw new IllegalStateException("a Re-run id never names a group: " + g.command());
        }
    }

    /**
     * @param run the probe or domain check, run here (on the executor)
     * @param render the card's embed
     * @param target what was asked about, for the log
     */
    private void rerun(
            InteractionHook hook,
            Supplier<DiscordProbe.Reply> run,
            Function<Card, MessageEmbed> render,
            String target,
            Instant notAfter) {
        switch (run.get()) {
            case DiscordProbe.Reply.Carded c -> {
                MessageEmbed embed = render.apply(c.card());
                delivery.send(
                        () -> hook.editOriginal(edit(embed, c.file(), c.buttons()))
                                .setAllowedMentions(NO_MENTIONS),
                        notAfter,
                        "the re-run card for " + target);
            }
            case DiscordProbe.Reply.Notice n ->
                delivery.send(
                        () -> hook.sendMessage(n.text()).setEphemeral(true).setAllowedMentions(NO_MENTIONS),
                        notAfter,
                        "the re-run notice for " + target);
        }
    }

    /** "discord:GUILD:USER", or "discord:dm:USER" outside a guild. */
    static String requester(Interaction event) {
        Guild guild = event.getGuild();
        return "discord:" + (guild == null ? "dm" : guild.getId()) + ":"
                + event.getUser().getId();
    }

    static DiscordCommand.Options options(SlashCommandInteractionEvent event) {
        return new DiscordCommand.Options(
                Objects.requireNonNullElse(option(event, DiscordCommand.HOST, OptionMapping::getAsString), ""),
                option(event, DiscordCommand.PORT, OptionMapping::getAsLong),
                option(event, DiscordCommand.TRANSPORT, OptionMapping::getAsString),
                option(event, DiscordCommand.PROTOCOL, OptionMapping::getAsString),
                Boolean.TRUE.equals(option(event, DiscordCommand.FRESH, OptionMapping::getAsBoolean)),
                Boolean.TRUE.equals(option(event, DiscordCommand.PRIVATE, OptionMapping::getAsBoolean)),
                Boolean.TRUE.equals(option(event, DiscordCommand.AUTH, OptionMapping::getAsBoolean)),
                Boolean.TRUE.equals(option(event, DiscordCommand.DEEP, OptionMapping::getAsBoolean)));
    }

    private static <T> @Nullable T option(
            SlashCommandInteractionEvent event, String name, Function<OptionMapping, T> value) {
        OptionMapping m = event.getOption(name);
        return m == null ? null : value.apply(m);
    }
}
