package dev.mailtls.slack;

import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import dev.mailtls.chat.ChatAnswer;
import dev.mailtls.summary.GroupCommand;
import dev.mailtls.summary.GroupSummary;

/**
 * The answer to {@code /mailtls provider <name>} and {@code /mailtls scan <host>}: the group's
 * matrix ({@link ChatAnswer.Matrix}) as one Block Kit card.
 */
final class SlackGroupAnswer {
    private final boolean respondInChannel;
    private final SlackSummaryRenderer renderer = new SlackSummaryRenderer();

    SlackGroupAnswer(boolean respondInChannel) {
        this.respondInChannel = respondInChannel;
    }

    /** The ephemeral acknowledgement, e.g. "Checking gmail's SMTP, IMAP and POP3 endpoints…". */
    static String checking(GroupCommand command) {
        return ":hourglass_flowing_sand: " + SlackText.prose(command.checking()) + "…";
    }

    /** The matrix, in the channel unless the command said {@code private}. */
    SlashCommandResponse render(ChatAnswer.Matrix matrix, boolean isPrivate) {
        GroupSummary summary = matrix.summary();
        boolean visible = respondInChannel && !isPrivate;
        return SlashCommandResponse.builder()
                .responseType(visible ? SlackCommandHandler.IN_CHANNEL : SlackCommandHandler.EPHEMERAL)
                .text(renderer.fallbackText(summary))
                // A run just finished: its start is "now" for days-left, without a second clock.
                .blocks(renderer.renderMatrix(summary, summary.run().startedAt()))
                .build();
    }
}
