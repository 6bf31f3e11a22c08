package dev.mailtls.app;

import dev.mailtls.command.UsageException;
import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.diagnosis.DiagnosisThresholds;
import dev.mailtls.probe.ProbeOptions;
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

/**
 * A group run from the command line: the CLI's own prober (the operator is the user: the
 * permissive address policy), a probe service for the run's concurrency and the per-host throttle.
 */
final class LocalGroupRun {
    private LocalGroupRun() {}

    /** Runs a preset or a scan, prints it as one matrix, returns the exit code of its status. */
    static int printMatrix(Prober prober, Console console, TargetGroup group, boolean json, boolean markdown)
            throws UsageException, InterruptedException {
        GroupRun run = run(prober, group, "cli", DiagnosisThresholds.defaults());
        console.out().println(GroupOutput.render(GroupSummary.of(run, null), Instant.now(), json, markdown, true));
        return run.status().exitCode();
    }

    static GroupRun run(Prober prober, TargetGroup group, String trigger, DiagnosisThresholds thresholds)
            throws UsageException, InterruptedException {
        Rate lots = new Rate(10_000, Duration.ofMinutes(1));
        ServiceLimits d = ServiceLimits.defaults();
        ServiceLimits limits =
                new ServiceLimits(Duration.ZERO, 16, 1000, lots, lots, d.perTargetAddress(), d.perTargetNetwork());
        try (ProbeService service = new ProbeService(prober, limits)) {
            return new GroupRunner(service, new Diagnoser(thresholds), ProbeOptions.defaults()).run(group, trigger);
        }
    }
}
