package dev.mailtls.app;

import dev.mailtls.command.UsageException;
import dev.mailtls.http.GroupRuns;
import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.GroupRunner;
import dev.mailtls.summary.GroupSummary;
import dev.mailtls.summary.HistoryStore;
import dev.mailtls.summary.HostScan;
import dev.mailtls.summary.ProviderPresets;
import dev.mailtls.summary.ScheduledGroup;
import dev.mailtls.summary.TargetGroup;
import java.util.List;
import java.util.Optional;

/**
 * The groups the server runs on request: the configured ones, the provider presets as {@code
 * provider-<name>}, and host scans as {@code scan-<host>} (the standard mail ports of one host). A run is stored and compared with the group's previous run.
 */
final class ServerGroups implements GroupRuns {
    private static final String PRESET_PREFIX = "provider-";
    private static final String SCAN_PREFIX = "scan-";

    private final GroupsConfig config;
    private final GroupRunner runner;
    private final HistoryStore store;

    ServerGroups(GroupsConfig config, GroupRunner runner, HistoryStore store) {
        this.config = config;
        this.runner = runner;
        this.store = store;
    }

    Optional<TargetGroup> find(String name) {
        Optional<TargetGroup> configured = config.group(name).map(ScheduledGroup::group);
        if (configured.isPresent()) {
            return configured;
        }
        if (name.startsWith(PRESET_PREFIX)) {
            return ProviderPresets.preset(name.substring(PRESET_PREFIX.length()));
        }
        if (name.startsWith(SCAN_PREFIX)) {
            try {
                return Optional.of(HostScan.of(name.substring(SCAN_PREFIX.length())));
            } catch (UsageException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<GroupSummary> runNow(String group, String requester) throws Exception {
        Optional<TargetGroup> g = find(group);
        if (g.isEmpty()) {
            return Optional.empty();
        }
        Optional<GroupRun> previous = store.latest(g.get().name());
        GroupRun run = store.save(runner.run(g.get(), "api"));
        return Optional.of(GroupSummary.of(run, previous.orElse(null)));
    }

    @Override
    public Optional<List<GroupRun>> history(String group, int limit) {
        return find(group).map(g -> store.history(g.name(), limit));
    }

    @Override
    public List<String> names() {
        return config.groups().stream().map(ScheduledGroup::name).toList();
    }
}
