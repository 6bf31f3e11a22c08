package dev.mailtls.app;

import dev.mailtls.command.UsageException;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.Rate;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.summary.GroupRun;
import dev.mailtls.summary.GroupRunner;
import dev.mailtls.summary.GroupSummary;
import dev.mailtls.summary.TargetGroup;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A group run from the command line: a probe service for the run's concurrency and the per-host
 * throttle ({@code max_concurrent} and {@code rate_per_host} of the configuration for {@code
 * summary}, their defaults otherwise) over the given probing (the CLI's permissive one for {@code provider} and {@code scan},
 * the server's configured one for {@code summary}, which writes the server's history).
 */
final class LocalGroupRun {
    private LocalGroupRun() {}

    /** Runs a preset or a scan, prints it as one matrix, returns the exit code of its status. */
    static int printMatrix(Prober prober, Console console, TargetGroup group, boolean json, boolean markdown)
            throws UsageException, InterruptedException {
        GroupRun run = run(ConfiguredProbing.cli(prober), null, group, "cli");
        console.out().println(GroupOutput.render(GroupSummary.of(run, null), Instant.now(), json, markdown, true));
        return run.status().exitCode();
    }

    /**
     * Runs the group with {@code probing}'s prober, options and diagnoser.
     *
     * @param config the configuration whose domain checks run the group's {@code domain:} lines;
     *     null for presets and scans, which have none
     */
    static GroupRun run(ConfiguredProbing probing, @Nullable ServeConfig config, TargetGroup group, String trigger)
            throws UsageException, InterruptedException {
        ServiceLimits limits = limits(config == null ? LimitsConfig.DEFAULT : config.limits());
        try (ProbeService service = new ProbeService(probing.prober(), limits)) {
            GroupRunner.DomainRunner domains =
                    config == null ? null : probing.domainChecks(config, service)::checkForGroup;
            return new GroupRunner(service, probing.diagnoser(), probing.options(), domains).run(group, trigger);
        }
    }

    /**
     * The configured concurrency and per-host rate (the defaults for presets and scans), no cache,
     * and no queue bound or per-requester rates: the process serves only this run, so it queues its
     * whole group rather than tell itself to retry.
     */
    static ServiceLimits limits(LimitsConfig configured) {
        Rate lots = new Rate(Rate.MAX_PERMITS, Duration.ofMinutes(1));
        return new ServiceLimits(
                Duration.ZERO, configured.maxConcurrent(), LimitsConfig.MAX_QUEUED, lots, lots, configured.perHost());
    }
}
