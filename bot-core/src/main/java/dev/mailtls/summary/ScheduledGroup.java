package dev.mailtls.summary;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A configured target group: its targets, when it runs, where its summary goes.
 *
 * @param schedule null for a group that runs only on demand (CLI, API)
 * @param postTo where each run's summary is posted
 * @param onlyChanges post only when something changed since the previous run
 */
public record ScheduledGroup(
        TargetGroup group, @Nullable CronSchedule schedule, List<Destination> postTo, boolean onlyChanges) {
    public ScheduledGroup {
        Objects.requireNonNull(group, "group");
        postTo = List.copyOf(postTo);
    }

    public String name() {
        return group.name();
    }
}
