package dev.mailtls.slack;

import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import dev.mailtls.command.UsageException;
import dev.mailtls.summary.GroupCommand;
import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.GroupRunner;
import dev.mailtls.summary.GroupSummary;

/**
 * The answer to {@code /mailtls provider <name>} and {@code /mailtls scan <host>}: the group run
 * fresh through the {@link GroupRunner} (inside the throttles) and shown as one matrix card.
 */
final class SlackGroupAnswer {
    /** What started the run, as history and the card's context line show it. */
    static final String TRIGGER = "chat";

    private final GroupRunner runner;
    private final boolean respondInChannel;
    private final SlackSummaryRenderer renderer = new SlackSummaryRenderer();

    SlackGroupAnswer(GroupRunner runner, boolean respondInChannel) {
        this.runner = runner;
        this.respondInChannel = respondInChannel;
    }

    /** The ephemeral acknowledgement, e.g. "Checking gmail's SMTP, IMAP and POP3 endpoints…". */
    static String checking(GroupCommand command) {
        return ":hourglass_flowing_sand: " + SlackText.prose(command.checking()) + "…";
    }

    /** Runs the group; blocks until every target has an answer. */
    SlashCommandResponse run(GroupCommand command) throws UsageException, InterruptedException {
        GroupRun run = runner.run(command.group(), TRIGGER);
        GroupSummary summary = GroupSummary.of(run, null);
        boolean visible = respondInChannel && !command.isPrivate();
        return SlashCommandResponse.builder()
                .responseType(visible ? SlackCommandHandler.IN_CHANNEL : SlackCommandHandler.EPHEMERAL)
                .text(renderer.fallbackText(summary))
                // A run just finished: its start is "now" for days-left, without a second clock.
                .blocks(renderer.renderMatrix(summary, run.startedAt()))
                .build();
    }
}
