package dev.mailtls.summary;

import dev.mailtls.diagnosis.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One run of a target group: every target's snapshot, and the full JSON card of each (schema v1),
 * keyed by the target as configured.
 *
 * @param id the store's id for the run; 0 before it is saved
 * @param group the group's name
 * @param startedAt when the run started
 * @param trigger what started it: {@code schedule}, {@code cli}, {@code api}, {@code chat}
 * @param snapshots one per target, in the group's order
 * @param cards the JSON card of each target (by {@link TargetSnapshot#target()}); may be empty
 *     when only snapshots were loaded
 * @param finishedAt when its last probe ended; null for runs stored before it was recorded
 */
public record GroupRun(
        long id,
        String group,
        Instant startedAt,
        String trigger,
        List<TargetSnapshot> snapshots,
        Map<String, String> cards,
        @Nullable Instant finishedAt) {

    public GroupRun {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(trigger, "trigger");
        snapshots = List.copyOf(snapshots);
        cards = Map.copyOf(cards);
    }

    /** A run whose end is not known. */
    public GroupRun(
            long id,
            String group,
            Instant startedAt,
            String trigger,
            List<TargetSnapshot> snapshots,
            Map<String, String> cards) {
        this(id, group, startedAt, trigger, snapshots, cards, null);
    }

    /** How long the run took, when its end is known. */
    public Optional<Duration> duration() {
        return finishedAt == null ? Optional.empty() : Optional.of(Duration.between(startedAt, finishedAt));
    }

    /** The worst status of the run's targets (ok for an empty run). */
    public Status status() {
        Status worst = Status.OK;
        for (TargetSnapshot s : snapshots) {
            worst = s.status().compareTo(worst) > 0 ? s.status() : worst;
        }
        return worst;
    }

    public GroupRun withId(long newId) {
        return new GroupRun(newId, group, startedAt, trigger, snapshots, cards, finishedAt);
    }
}
