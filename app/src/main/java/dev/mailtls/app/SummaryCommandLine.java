package dev.mailtls.app;

import dev.mailtls.command.UsageException;
import dev.mailtls.history.HistoryStoreException;
import dev.mailtls.history.HistoryStores;
import dev.mailtls.probe.Prober;
import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.GroupScheduler;
import dev.mailtls.summary.GroupSummary;
import dev.mailtls.summary.HistoryStore;
import dev.mailtls.summary.ScheduledGroup;
import dev.mailtls.summary.TargetGroup;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mailtls summary <group> [--post]}: runs a configured group (or {@code provider-<name>})
 * once, stores the run in the history, prints the summary with what changed since the previous
 * run, and posts it to the group's destinations only with {@code --post}. For cron, CI and runbooks.
 */
@Command(
        name = "summary",
        description = {
            "Run a target group once (from MAILTLS_CONFIG's groups:, or provider-<name>) and print its summary",
            "with what changed since the previous run (history: MAILTLS_DB_URL or the data directory).",
            "Probes as the server does (its address policy, ca_file and thresholds), since they share the history.",
            "Exit codes: 0 ok, 1 warnings, 2 failure (or a destination that could not be posted to), 64 bad usage,",
            "75 the history is held by a running mailtls serve (run the group through its API instead)."
        },
        mixinStandardHelpOptions = true)
final class SummaryCommandLine implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "GROUP", description = "a group name from the configuration file")
    String name = "";

    @Option(names = "--post", description = "Also post the summary to the group's destinations (post_to).")
    boolean post;

    @Mixin
    SummaryFormat format = new SummaryFormat();

    private final Prober prober;
    private final Console console;
    private final Path home;

    SummaryCommandLine(Prober prober, Console console, Path home) {
        this.prober = prober;
        this.console = console;
        this.home = home;
    }

    @Override
    public Integer call() throws Exception {
        MailtlsVariables.warn(console);
        ServeConfig config;
        try {
            // Chat tokens are needed only to post.
            config = ServeConfigLoader.load(console.env(), home, post);
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage());
        }
        Optional<ScheduledGroup> configured = config.groups().group(name);
        TargetGroup group = configured
                .map(ScheduledGroup::group)
                .or(() -> name.startsWith("provider-")
                        ? dev.mailtls.summary.ProviderPresets.preset(name.substring("provider-".length()))
                        : Optional.empty())
                .orElseThrow(() -> new UsageException("no group named '" + name + "'"
                        + (config.groups().groups().isEmpty()
                                ? ": MAILTLS_CONFIG names no file with groups:"
                                : "; configured: "
                                        + String.join(
                                                ", ",
                                                config.groups().groups().stream()
                                                        .map(ScheduledGroup::name)
                                                        .toList()))
                        + " (or provider-gmail, provider-outlook, ...)"));
        if (post && (configured.isEmpty() || configured.get().postTo().isEmpty())) {
            throw new UsageException("--post: group " + name + " has no post_to destinations");
        }
        HistoryConfig h = config.history();
        HistoryStore opened;
        try {
            opened = HistoryStores.fromConfig(h.dbUrl(), h.dbUser(), h.dbPassword(), config.dataDir());
        } catch (HistoryStoreException e) {
            if (!e.heldByAnotherProcess()) {
                throw e;
            }
            console.err().println("mailtls: " + heldByServer(config));
            return ExitCodes.TEMPORARY_FAILURE;
        }
        try (HistoryStore store = opened) {
            Optional<GroupRun> previous = store.latest(group.name());
            GroupRun run = store.save(
                    // The server's own probing, so this run's history reads like its runs'.
                    LocalGroupRun.run(ConfiguredProbing.of(config, prober), config, group, "cli"));
            GroupSummary summary = GroupSummary.of(run, previous.orElse(null));
            console.out().println(GroupOutput.render(summary, Instant.now(), format.json, format.markdown, false));
            int failed = 0;
            if (post) {
                failed = GroupScheduler.post(
                        configured.get(),
                        summary,
                        Notifiers.from(config, Clock.systemUTC()),
                        line -> console.err().println("mailtls: " + line));
            }
            return failed > 0 ? ExitCodes.FAILURE : run.status().exitCode();
        }
    }

    /** One line: the server holds the embedded history; run the group through its API instead. */
    private String heldByServer(ServeConfig config) {
        return "the history database in " + config.dataDir() + " is held by a running mailtls serve, which owns it;"
                + " run the group through the server: curl -X POST -H \"Authorization: Bearer $TOKEN\" "
                + config.httpAddr().forLocalClient().url(config.httpAddr().port()) + "/api/v1/groups/" + name
                + "/runs";
    }
}
