package dev.mailtls.summary;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a summary shows: this run, what changed since the previous one, and the previous run for
 * reference. Renderers (text, Markdown, JSON, Block Kit, embed) turn it into a message.
 *
 * @param previous the group's previous run; null for the first run
 * @param changes what changed, most urgent first
 */
public record GroupSummary(GroupRun run, @Nullable GroupRun previous, List<Change> changes) {
    public GroupSummary {
        Objects.requireNonNull(run, "run");
        changes = List.copyOf(changes);
    }

    /** This run compared with the previous one. */
    public static GroupSummary of(GroupRun run, @Nullable GroupRun previous) {
        return new GroupSummary(run, previous, ChangeDetector.compare(previous, run));
    }

    /** The changes of one target. */
    public List<Change> changesOf(String target) {
        return changes.stream().filter(c -> c.target().equals(target)).toList();
    }
}
