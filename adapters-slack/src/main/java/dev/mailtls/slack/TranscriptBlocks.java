package dev.mailtls.slack;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * A transcript as an ephemeral message: escaped, in code blocks of at most 3,000 characters, at
 * most {@value #MAX_CHUNKS} of them, the rest cut with "… (N more lines)". Line by line, so no
 * line is split across two blocks unless it alone is too long.
 */
final class TranscriptBlocks {
    static final int MAX_CHUNKS = 12;
    /** Room for the fences and the escapes' growth inside one section. */
    private static final int CHUNK_CHARS = Limits.MAX_SECTION_TEXT - 200;

    private TranscriptBlocks() {}

    static List<LayoutBlock> of(TranscriptStore.Entry entry) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(section("*Transcript* of " + SlackText.code(entry.target()) + " (credentials redacted)"));
        List<String> lines = entry.lines();
        if (lines.isEmpty()) {
            blocks.add(section("(empty)"));
            return blocks;
        }
        StringBuilder chunk = new StringBuilder();
        int i = 0;
        while (i < lines.size() && blocks.size() <= MAX_CHUNKS) {
            String line = SlackText.escape(lines.get(i)).replace('`', SlackText.BACKTICK_LOOKALIKE);
            if (!chunk.isEmpty() && chunk.length() + 1 + line.length() > CHUNK_CHARS) {
                blocks.add(codeSection(chunk.toString()));
                chunk.setLength(0);
                continue;
            }
            if (!chunk.isEmpty()) {
                chunk.append('\n');
            }
            chunk.append(Limits.cut(line, CHUNK_CHARS));
            i++;
        }
        if (!chunk.isEmpty()) {
            // The loop stops on a full message only right after a flush, so this chunk always fits.
            blocks.add(codeSection(chunk.toString()));
        }
        int left = lines.size() - i;
        if (left > 0) {
            blocks.add(section("… (" + left + " more lines)"));
        }
        return blocks;
    }

    /** Already escaped text between fences. */
    private static LayoutBlock codeSection(String escaped) {
        return section("```\n" + escaped + "\n```");
    }

    private static LayoutBlock section(String mrkdwn) {
        return SectionBlock.builder()
                .text(SlackCardRenderer.mrkdwn(Limits.cut(mrkdwn, Limits.MAX_SECTION_TEXT)))
                .build();
    }
}
