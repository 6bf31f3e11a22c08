package dev.mailtls.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.interactive_components.response.ActionResponse;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import dev.mailtls.chat.ChatAsk;
import dev.mailtls.chat.ChatCommands;
import dev.mailtls.command.ProbeCommand;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

/**
 * Clicks on a card's buttons (a probe card's or a domain card's): Re-run (fresh), Transcript, and
 * Open in browser (a link button, which Slack posts to the app too, so it is acknowledged). Each
 * click is acknowledged at once; the work runs on the command handler's executor and the answer
 * goes to the click's {@code response_url}.
 */
final class SlackButtonClicks {
    private final ResponseUrlSender responses;
    private final Executor executor;
    private final TranscriptStore transcripts;
    private final BiFunction<ProbeCommand, String, SlashCommandResponse> answer;
    private final BiFunction<ChatAsk.Domain, String, SlashCommandResponse> domainAnswer;

    /**
     * @param answer runs a command for a requester ("slack:TEAM:USER"): the card, or a notice
     * @param domainAnswer runs a domain check for a requester, admission included: the domain card,
     *     or a notice
     */
    SlackButtonClicks(
            ResponseUrlSender responses,
            Executor executor,
            TranscriptStore transcripts,
            BiFunction<ProbeCommand, String, SlashCommandResponse> answer,
            BiFunction<ChatAsk.Domain, String, SlashCommandResponse> domainAnswer) {
        this.responses = Objects.requireNonNull(responses, "responses");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.transcripts = Objects.requireNonNull(transcripts, "transcripts");
        this.answer = Objects.requireNonNull(answer, "answer");
        this.domainAnswer = Objects.requireNonNull(domainAnswer, "domainAnswer");
    }

    void register(App app) {
        app.blockAction(SlackCardRenderer.TRANSCRIPT_ACTION_ID, this::onTranscript);
        app.blockAction(SlackCardRenderer.RERUN_ACTION_ID, this::onRerun);
        app.blockAction(SlackCardRenderer.BROWSER_ACTION_ID, (request, ctx) -> ctx.ack());
    }

    /**
     * The Re-run (fresh) button: its value is the command in the grammar's words (a probe's, or a
     * domain card's {@code domain example.com fresh}), read by {@link ChatCommands#rerun} with the
     * same grammar as a typed command (a value that does not parse, or a domain that is none, is
     * refused with what to do), always run with {@code fresh}, for the person who clicked, under the
     * same throttles and address policy. The fresh card replaces the clicked one; a throttle or
     * refusal goes only to the person who clicked, and the card stays.
     */
    Response onRerun(BlockActionRequest request, ActionContext ctx) {
        BlockActionPayload p = request.getPayload();
        Instant received = responses.clock().instant();
        String value = p.getActions() == null
                        || p.getActions().isEmpty()
                        || p.getActions().get(0).getValue() == null
                ? ""
                : p.getActions().get(0).getValue();
        String team = p.getTeam() == null ? "unknown" : p.getTeam().getId();
        String user = p.getUser() == null ? "unknown" : p.getUser().getId();
        String requester = "slack:" + team + ":" + user;
        executor.execute(() -> {
            switch (ChatCommands.rerun(value)) {
                case ChatAsk.Probe probe -> {
                    ProbeCommand command = probe.command();
                    replace(
                            ctx,
                            answer.apply(command, requester),
                            received,
                            "the re-run of " + command.host() + ":" + command.port());
                }
                case ChatAsk.Domain d ->
                    replace(ctx, domainAnswer.apply(d, requester), received, "the re-run of the domain " + d.domain());
                case ChatAsk.Usage u ->
                    responses.send(
                            ctx.getSlack(),
                            ctx.getResponseUrl(),
                            ActionResponse.builder()
                                    .responseType(SlackCommandHandler.EPHEMERAL)
                                    .replaceOriginal(false)
                                    .text(SlackCommandHandler.usage(u))
                                    .build(),
                            received,
                            "a refused re-run");
                case ChatAsk.Help h -> throw new IllegalStateException("a re-run is never help");
                case ChatAsk.Group g -> throw new IllegalStateException("a re-run is never a group");
            }
        });
        return ctx.ack();
    }

    /** A fresh card replaces the clicked one; a notice goes beside it, only to the person who clicked. */
    private void replace(ActionContext ctx, SlashCommandResponse reply, Instant received, String subject) {
        boolean card = reply.getBlocks() != null;
        responses.send(
                ctx.getSlack(), ctx.getResponseUrl(), SlackCommandHandler.replacing(reply, card), received, subject);
    }

    Response onTranscript(BlockActionRequest request, ActionContext ctx) {
        BlockActionPayload p = request.getPayload();
        Instant received = responses.clock().instant();
        String key = p.getActions() == null || p.getActions().isEmpty()
                ? ""
                : String.valueOf(p.getActions().get(0).getValue());
        executor.execute(() -> {
            ActionResponse reply = transcripts
                    .get(key)
                    .map(e -> ActionResponse.builder()
                            .responseType(SlackCommandHandler.EPHEMERAL)
                            .replaceOriginal(false)
                            .text("Transcript of " + SlackText.prose(e.target()))
                            .blocks(TranscriptBlocks.of(e))
                            .build())
                    .orElseGet(() -> ActionResponse.builder()
                            .responseType(SlackCommandHandler.EPHEMERAL)
                            .replaceOriginal(false)
                            .text("This transcript is no longer kept (cards keep theirs for "
                                    + TranscriptStore.DEFAULT_TTL.toMinutes()
                                    + " min). Run the command again with `fresh` for a new one.")
                            .build());
            responses.send(ctx.getSlack(), ctx.getResponseUrl(), reply, received, "a transcript");
        });
        return ctx.ack();
    }
}
