package dev.mailtls.http;

import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.GroupSummary;
import java.util.List;
import java.util.Optional;

/** The target groups the API may run and show; the server wires it to its groups and history. */
public interface GroupRuns {
    /** None: every group is unknown. */
    GroupRuns NONE = new GroupRuns() {
        @Override
        public Optional<GroupSummary> runNow(String group, String requester) {
            return Optional.empty();
        }

        @Override
        public Optional<List<GroupRun>> history(String group, int limit) {
            return Optional.empty();
        }

        @Override
        public List<String> names() {
            return List.of();
        }
    };

    /**
     * Runs a group now (fresh probes, inside the throttles), stores the run and compares it with
     * the previous one; empty for an unknown group.
     */
    Optional<GroupSummary> runNow(String group, String requester) throws Exception;

    /** The group's newest runs, newest first; empty for an unknown group. */
    Optional<List<GroupRun>> history(String group, int limit);

    /** The configured groups' names, in configuration order (provider presets are not listed). */
    List<String> names();
}
